import type { ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiDeps, type AppRouter, createMetrics } from '@lifeline/api';
import {
  getOrCreateSecret,
  IDENTIFIER_HASH_KEY,
  type LifelineDb,
  type OpenOptions,
  openDatabase,
} from '@lifeline/db';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import { pino } from 'pino';
import superjson from 'superjson';
import { onTestFinished } from 'vitest';
import { type AppOptions, createApp, createMetricsApp } from '../src/app.ts';
import { seedDemo } from '../src/bootstrap.ts';
import { type Env, loadEnv } from '../src/env.ts';
import { newTestDatabaseLocation, type TestSql, testSql } from './test-db.ts';

export const DEMO_PASSWORD = 'lifeline-demo';
/** A fixed "now" for the seeded scenarios; tests move it with `clock.advance`. */
export const SEEDED_AT = Date.UTC(2026, 10, 23, 12, 0, 0);

export interface TestClock {
  now: number;
  advance(ms: number): void;
  set(ms: number): void;
}

/**
 * A server in this process, and raw SQL on its database (`sql`, `one`, `count`, `exec`, and
 * `engine`: SQLite, or PostgreSQL when the run says so).
 */
export interface TestServer extends TestSql {
  url: string;
  /** Its database for another process or a CLI: the SQLite file, or the PostgreSQL URL. */
  location: string;
  /** DATABASE_PATH or DATABASE_URL naming that database, for a server process or a CLI. */
  databaseEnv: Record<string, string>;
  /** The metrics listener (its own port, as METRICS_PORT gives in production). */
  metricsUrl: string;
  db: LifelineDb;
  deps: ApiDeps;
  clock: TestClock;
  dir: string;
  /** A tRPC client with its own cookie jar (a separate browser, in effect). */
  client(): TestClient;
  /** A client already signed in as one of the demo staff. */
  signedIn(email: string): Promise<TestClient>;
  close(): Promise<void>;
}

/** A browser's cookie jar for one origin, as far as the tests need one: name → value. */
export type CookieJar = Map<string, string>;

/** Puts the jar's cookies on a request, as a browser would. */
export function sendCookies(jar: CookieJar, headers: Headers): void {
  if (jar.size > 0) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
}

/** Keeps what a response sets, and forgets what it clears (empty value or Max-Age=0). */
export function keepCookies(jar: CookieJar, response: Response): void {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const [name, ...rest] = (pair ?? '').split('=');
    if (!name) continue;
    const value = rest.join('=');
    if (value === '' || /max-age=0/i.test(line)) jar.delete(name);
    else jar.set(name, value);
  }
}

export type TestClient = ReturnType<typeof createTRPCClient<AppRouter>>;

export function createTestClient(
  url: string,
  options: { origin?: string | null } = {},
): TestClient {
  const jar: CookieJar = new Map();
  const cookieFetch: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    sendCookies(jar, headers);
    if (options.origin !== null) headers.set('origin', options.origin ?? url);
    const response = await fetch(input, { ...init, headers });
    keepCookies(jar, response);
    return response;
  };
  const trpc = createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${url}/trpc`, transformer: superjson, fetch: cookieFetch })],
  });
  jars.set(trpc, jar);
  return trpc;
}

// The tRPC client is a proxy (every property is a procedure path), so its cookie jar lives here.
const jars = new WeakMap<object, Map<string, string>>();
export function jarOf(client: TestClient): Map<string, string> {
  const jar = jars.get(client);
  if (!jar) throw new Error('not a test client');
  return jar;
}

export interface TestServerOptions {
  accounts?: number;
  /** The NODE_ENV createApp is told (source maps are served in development only); `test` else. */
  nodeEnv?: Env['NODE_ENV'];
  /** A built console to serve instead of apps/web/dist. */
  webDist?: string;
  /** The Host allow-list; createApp's default (the loopback names) when not given. */
  allowedHosts?: AppOptions['allowedHosts'];
  /** openDatabase's options (how long a transaction waits for the write lock…). */
  database?: OpenOptions;
  /** Proxy hops trusted in X-Forwarded-For (TRUST_PROXY); none when not given. */
  trustProxy?: number;
  /** TICKET_URL_TEMPLATE (SPEC §16): ticket references link to the help desk; none when not given. */
  ticketUrlTemplate?: string;
  /** STAFF_MFA; optional (the default outside production) when not given. */
  staffMfa?: 'required' | 'optional';
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'lifeline-api-'));
  // A file in `dir` on SQLite; on PostgreSQL, a database of its own, dropped at close.
  const database = await newTestDatabaseLocation(dir, 'lifeline.db');
  const env = loadEnv({ ...database.env, NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const logger = pino({ level: 'silent' });
  const db = openDatabase(database.location, options.database);
  await db.ready;
  const identifierHashKey = await getOrCreateSecret(db, IDENTIFIER_HASH_KEY);
  const clock: TestClock = {
    now: SEEDED_AT,
    advance(ms) {
      this.now += ms;
    },
    set(ms) {
      this.now = ms;
    },
  };
  await seedDemo(db, env, logger, identifierHashKey, options.accounts ?? 200, SEEDED_AT);
  const deps: ApiDeps = {
    db,
    clock: () => clock.now,
    identifierHashKey,
    logger,
    metrics: createMetrics(),
    resetLinkBase: env.RESET_LINK_BASE,
    // A key of its own per test server, as a real one keeps its key outside the database.
    audit: generateKeyPairSync('ed25519'),
    ...(options.ticketUrlTemplate !== undefined
      ? { ticketUrlTemplate: options.ticketUrlTemplate }
      : {}),
    fieldKey: randomBytes(32),
    ...(options.staffMfa ? { staffMfa: options.staffMfa } : {}),
  };
  const app = createApp({
    deps,
    nodeEnv: options.nodeEnv ?? env.NODE_ENV,
    ...(options.webDist !== undefined ? { webDist: options.webDist } : {}),
    ...(options.allowedHosts !== undefined ? { allowedHosts: options.allowedHosts } : {}),
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
  });
  const listen = (handler: typeof app): Promise<Server> =>
    new Promise((resolve) => {
      const s = handler.listen(0, '127.0.0.1', () => resolve(s));
    });
  const server = await listen(app);
  const metricsServer = await listen(createMetricsApp(deps));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // WebAuthn needs a domain name for its relying party (an IP address is not one): the tests'
  // software authenticator signs for localhost on this port.
  deps.consoleUrl = url.replace('127.0.0.1', 'localhost');
  const metricsUrl = `http://127.0.0.1:${(metricsServer.address() as AddressInfo).port}`;
  return {
    ...testSql(db),
    url,
    location: database.location,
    databaseEnv: database.env,
    metricsUrl,
    db,
    deps,
    clock,
    dir,
    client: () => createTestClient(url),
    async signedIn(email) {
      const client = createTestClient(url);
      await client.auth.login.mutate({ email, password: DEMO_PASSWORD });
      return client;
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => metricsServer.close(() => resolve()));
      metricsServer.closeAllConnections();
      await db.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The SPEC §11 reason of a refused call, or 'none' if it did not fail. */
export async function reasonOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'none';
  } catch (error) {
    if (error instanceof TRPCClientError)
      return String((error.data as { reason?: string } | undefined)?.reason);
    throw error;
  }
}

// ── Child processes ─────────────────────────────────────────────────────────────────────────

/**
 * Node flags for a child that must not outlive this test process. A timed-out test goes on
 * running in the background while vitest ends the worker with SIGTERM, which runs no 'exit'
 * handler; so the child also watches its stdin, a pipe from us, and exits when our end closes,
 * however we died. Spawn with `stdio: ['pipe', …]` and never end the child's stdin.
 */
export const EXIT_WITH_PARENT = [
  '--import',
  `data:text/javascript,${encodeURIComponent(
    "process.stdin.on('end',()=>process.exit(70));process.stdin.on('error',()=>process.exit(70));process.stdin.resume();process.stdin.unref?.();",
  )}`,
];

interface TrackedChild {
  child: ChildProcess;
  /** Signal the whole process group (the child was spawned `detached`, e.g. pnpm → node). */
  group: boolean;
  /** 'close': the child exited and nothing holds its stdio any more (no grandchild either). */
  closed: Promise<void>;
  isClosed: boolean;
}

const SIGTERM_GRACE_MS = 2_000;
const running = new Set<TrackedChild>();

function signal(tracked: TrackedChild, name: NodeJS.Signals): void {
  const { pid } = tracked.child;
  try {
    if (tracked.group && pid !== undefined) process.kill(-pid, name);
    else tracked.child.kill(name);
  } catch {
    // Already gone.
  }
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

async function stopChild(tracked: TrackedChild): Promise<void> {
  if (!tracked.isClosed) {
    signal(tracked, 'SIGTERM');
    await Promise.race([tracked.closed, sleep(SIGTERM_GRACE_MS)]);
    if (!tracked.isClosed) {
      signal(tracked, 'SIGKILL');
      await Promise.race([tracked.closed, sleep(SIGTERM_GRACE_MS)]);
    }
  }
  running.delete(tracked);
}

// A synchronous last resort: the worker ending through process.exit (not through SIGTERM).
process.on('exit', () => {
  for (const tracked of running) signal(tracked, 'SIGKILL');
});

/**
 * Registers a child the moment it is spawned, so that no failure leaves it running: it is stopped
 * (SIGTERM, then SIGKILL after a short grace) when the test that started it finishes — passed,
 * failed or timed out — and by `stopChildren` in the file's afterAll for one started in a
 * beforeAll; killed on exit of this process; and, spawned with EXIT_WITH_PARENT, exits by itself
 * if this process dies. Returns the child.
 */
export function trackChild<T extends ChildProcess>(child: T, options: { group?: boolean } = {}): T {
  const tracked: TrackedChild = {
    child,
    group: options.group ?? false,
    isClosed: false,
    closed: new Promise<void>((done) =>
      child.once('close', () => {
        tracked.isClosed = true;
        running.delete(tracked);
        done();
      }),
    ),
  };
  running.add(tracked);
  try {
    onTestFinished(() => stopChild(tracked));
  } catch {
    // Not inside a test (a beforeAll): the file's afterAll(stopChildren) stops it.
  }
  return child;
}

/** Stops every child still running; for afterAll (and afterEach where a test shares none). */
export async function stopChildren(): Promise<void> {
  await Promise.all([...running].map(stopChild));
}
