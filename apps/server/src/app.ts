import {
  type ApiDeps,
  appRouter,
  createContextInner,
  resolveSession,
  type SessionCookieJar,
} from '@lifeline/api';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import { parseCookie, stringifySetCookie } from 'cookie';
import express, { type NextFunction, type Request, type Response } from 'express';
import { auditCsvHandler } from './audit-csv.ts';
import { refuseRequest, requestId, sameOriginOnly, securityHeaders } from './http-guards.ts';
import { trpcQueryHandler } from './trpc-queries.ts';
import { serveWebApp } from './web-app.ts';

export const SESSION_COOKIE = 'lifeline_session';
const MAX_BODY_BYTES = 64 * 1024;
/** Calls in one batched request; the console's batch link sends at most this many. */
export const MAX_BATCH = 20;

export interface AppOptions {
  deps: ApiDeps;
  /** Express `trust proxy`: set when behind a TLS-terminating proxy so cookies get `Secure`. */
  trustProxy?: boolean;
  /** Serve the built web app (apps/web/dist) when it exists. */
  serveWeb?: boolean;
  /** Answer GET queries without the stock adapter's fetch wrapping (trpc-queries.ts). */
  fastQueries?: boolean;
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
  trustProxy = false,
  serveWeb = true,
  fastQueries = true,
}: AppOptions) {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxy);
  app.use(requestId);
  app.use(securityHeaders);

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/readyz', async (_req, res) => {
    const health = await deps.db.health();
    res.status(health.ok && health.migrationsApplied ? 200 : 503).json(health);
  });
  app.get('/metrics', async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });

  const createContext = async (req: Request, res: Response) =>
    createContextInner({
      deps,
      staff: await resolveSession(deps, sessionIdOf(req)),
      requestId: String(res.locals.requestId),
      ip: req.ip ?? 'unknown',
      cookies: sessionCookies(req, res),
    });
  app.use(
    '/trpc',
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

  app.get('/api/audit.csv', auditCsvHandler(deps, sessionIdOf));
  if (serveWeb) serveWebApp(app);

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
