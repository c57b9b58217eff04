import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type ApiDeps,
  appRouter,
  createContextInner,
  resolveSession,
  type SessionCookieJar,
} from '@lifeline/api';
import { listHealthChecks } from '@lifeline/db';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import { parseCookie, stringifySetCookie } from 'cookie';
import express, { type NextFunction, type Request, type Response } from 'express';
import { auditCsvHandler } from './audit-csv.ts';
import { LOOPBACK_HOST_NAMES } from './env.ts';
import {
  hostAllowList,
  noStore,
  refuseRequest,
  requestId,
  sameOriginOnly,
  securityHeaders,
} from './http-guards.ts';
import { mountSsoRoutes } from './sso-routes.ts';
import { trpcQueryHandler } from './trpc-queries.ts';
import { serveWebApp } from './web-app.ts';

export const SESSION_COOKIE = 'lifeline_session';
const MAX_BODY_BYTES = 64 * 1024;
/** Calls in one batched request; the console's batch link sends at most this many. */
export const MAX_BATCH = 20;

export interface AppOptions {
  deps: ApiDeps;
  /**
   * Proxy hops in front of the server (TRUST_PROXY): the client address is taken that many hops
   * from the right of X-Forwarded-For, and cookies get `Secure` behind a TLS terminator.
   */
  trustProxy?: number;
  /** Serve the built web app (apps/web/dist) when it exists. */
  serveWeb?: boolean;
  /** Answer GET queries without the stock adapter's fetch wrapping (trpc-queries.ts). */
  fastQueries?: boolean;
  /** NODE_ENV: source maps are served in development only. Production when not given. */
  nodeEnv?: 'development' | 'production' | 'test';
  /** The built console to serve (apps/web/dist by default). */
  webDist?: string;
  /**
   * The Host names (host[:port]) requests may carry, or '*' for any (env.ts allowedHostsOf).
   * Default: the loopback names, on any port.
   */
  allowedHosts?: readonly string[] | '*';
}

function sessionCookies(req: Request, res: Response): SessionCookieJar {
  const secure = req.secure;
  return {
    set(sessionId, maxAgeMs) {
      res.append(
        'Set-Cookie',
        stringifySetCookie({
          name: SESSION_COOKIE,
          value: sessionId,
          httpOnly: true,
          sameSite: 'strict',
          secure,
          path: '/',
          maxAge: Math.floor(maxAgeMs / 1000),
        }),
      );
    },
    clear() {
      res.append(
        'Set-Cookie',
        stringifySetCookie({
          name: SESSION_COOKIE,
          value: '',
          httpOnly: true,
          sameSite: 'strict',
          secure,
          path: '/',
          maxAge: 0,
        }),
      );
    },
  };
}

export function sessionIdOf(req: Request): string | undefined {
  const header = req.headers.cookie;
  return header ? parseCookie(header)[SESSION_COOKIE] : undefined;
}

export function createApp({
  deps,
  trustProxy = 0,
  serveWeb = true,
  fastQueries = true,
  nodeEnv = 'production',
  webDist,
  allowedHosts = LOOPBACK_HOST_NAMES,
}: AppOptions) {
  const app = express();
  app.disable('x-powered-by');
  // A hop count, never `true`: Express would then take the leftmost X-Forwarded-For address,
  // which the client writes. With n hops, req.ip is the address the outermost proxy saw.
  app.set('trust proxy', trustProxy);
  app.use(requestId);
  app.use(securityHeaders);

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/readyz', async (_req, res) => {
    const report = await readiness(deps);
    res.status(report.ok ? 200 : 503).json(report);
  });
  // Probes above answer any Host (they use the address and hold nothing); the rest does not.
  app.use(hostAllowList(allowedHosts));

  const createContext = async (req: Request, res: Response) =>
    createContextInner({
      deps,
      staff: await resolveSession(deps, sessionIdOf(req), { ip: req.ip ?? 'unknown' }),
      requestId: String(res.locals.requestId),
      ip: req.ip ?? 'unknown',
      userAgent: req.get('user-agent') ?? '',
      cookies: sessionCookies(req, res),
    });
  app.use(
    '/trpc',
    noStore,
    sameOriginOnly,
    fastQueries
      ? trpcQueryHandler({ router: appRouter, createContext, maxBatch: MAX_BATCH })
      : (_req: Request, _res: Response, next: NextFunction) => next(),
    createExpressMiddleware({
      router: appRouter,
      maxBodySize: MAX_BODY_BYTES,
      maxBatchSize: MAX_BATCH,
      createContext: ({ req, res }) => createContext(req, res),
    }),
  );

  app.use('/api', noStore);
  app.get('/api/audit.csv', auditCsvHandler(deps, sessionIdOf));
  mountSsoRoutes(app, deps, sessionCookies, sessionIdOf);
  if (serveWeb) serveWebApp(app, webDist, { sourceMaps: nodeEnv === 'development' });

  app.use((_req, res) => refuseRequest(res, 'NOT_FOUND', 'Not found.'));
  // Last resort: no stack or SQL to the client, the request id to correlate with the log.
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    deps.logger.error({ requestId: res.locals.requestId, err: error }, 'unhandled error');
    if (res.headersSent) return;
    const status = (error as { status?: number }).status;
    if (status && status >= 400 && status < 500) {
      return refuseRequest(res, 'INVALID_INPUT', 'The request could not be read.', status);
    }
    refuseRequest(
      res,
      'INTERNAL',
      `Something went wrong on our side (reference ${res.locals.requestId}).`,
    );
  });
  return app;
}

/**
 * Readiness (SPEC §13: cheap, unauthenticated): the database answers a trivial query and every
 * migration is applied. The integrity check is too slow for a request (checkIntegrityOffThread
 * runs it off the event loop): its last recorded result is reported with its age, and a failed
 * one makes the server unready until a check passes again; none recorded yet is no failure.
 */
async function readiness(deps: ApiDeps) {
  const { ok: database, migrationsApplied } = await deps.db.health();
  const recorded =
    database && migrationsApplied
      ? (await listHealthChecks(deps.db.read)).find((check) => check.name === 'integrity')
      : undefined;
  const integrity = recorded
    ? {
        ok: recorded.ok,
        checkedAt: new Date(recorded.checkedAt).toISOString(),
        ageSeconds: Math.max(0, Math.floor((deps.clock() - recorded.checkedAt) / 1000)),
      }
    : null;
  return {
    ok: database && migrationsApplied && (integrity?.ok ?? true),
    database,
    migrationsApplied,
    integrity,
  };
}

/**
 * Prometheus metrics, on a listener of their own (METRICS_PORT, loopback by default): the
 * main app never serves them (SPEC §13: metrics are not public).
 */
export function createMetricsApp(deps: ApiDeps) {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  app.use((_req, res) => {
    res.status(404).type('text/plain').send('Not found: metrics are at /metrics.\n');
  });
  return app;
}

/**
 * The metrics listener of the server process: none without a port (METRICS_PORT unset), else
 * on `host` (METRICS_HOST, loopback by default). Its URL is logged as `metricsUrl`; a port it
 * cannot take stops the process, as the main port would.
 */
export function listenForMetrics(
  deps: ApiDeps,
  port: number | undefined,
  host: string,
): Server | null {
  if (port === undefined) {
    deps.logger.info('metrics off (METRICS_PORT not set)');
    return null;
  }
  const server = createMetricsApp(deps).listen(port, host);
  server.on('listening', () => {
    const { address, port: bound } = server.address() as AddressInfo;
    const name = address.includes(':') ? `[${address}]` : address;
    deps.logger.info({ metricsUrl: `http://${name}:${bound}` }, 'metrics are served on /metrics');
  });
  server.on('error', (error) => {
    deps.logger.fatal({ err: error }, `metrics cannot listen on ${host}:${port}`);
    deps.logger.flush(() => process.exit(1));
  });
  return server;
}
