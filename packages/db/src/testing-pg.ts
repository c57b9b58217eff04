import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { type LifelineDb, type OpenOptions, openDatabase } from './client.ts';
import type { SupervisorMessage } from './embedded-postgres-server.ts';

/**
 * The PostgreSQL server the suites create their databases on: set by the developer or CI to
 * use an existing server (its URL must be allowed to CREATE DATABASE), else by the global setup
 * (postgres-global-setup.ts) to the embedded server it started for the run.
 */
export const TEST_DATABASE_URL_VARIABLE = 'LIFELINE_TEST_DATABASE_URL';

const SUPERVISOR = fileURLToPath(new URL('./embedded-postgres-server.ts', import.meta.url));
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 30_000;

export interface EmbeddedPostgresServer {
  /** Superuser URL to its `postgres` database, on 127.0.0.1 and a free port. */
  readonly url: string;
  /** Stops the server and deletes its data folder. */
  stop(): Promise<void>;
}

/**
 * Starts a PostgreSQL of its own (data under the system temp folder, a free port), supervised
 * by a child process that stops it and deletes its data when this process stops it or ends,
 * however it ends (killed, interrupted). Takes ~2 s.
 */
export function startEmbeddedPostgres(): Promise<EmbeddedPostgresServer> {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  // Not the runner's flags (loaders, conditions): a plain Node process for a plain script.
  const child = fork(SUPERVISOR, [], {
    execArgv: [],
    env,
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  // Never keeps this process alive: when it ends, the channel closes and the server stops.
  child.unref();
  child.channel?.unref();
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  (child.stderr as Socket | null)?.unref();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    if (child.connected) child.disconnect();
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };

  return new Promise((resolve, reject) => {
    const fail = (message: string) => {
      clearTimeout(timer);
      void stop();
      reject(new Error(`Embedded PostgreSQL did not start: ${message}\n${stderr}`.trim()));
    };
    const timer = setTimeout(() => fail(`no answer in ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    child.once('message', (message: SupervisorMessage) => {
      if (message.type === 'failed') return fail(message.message);
      clearTimeout(timer);
      resolve({ url: message.url, stop });
    });
    child.once('exit', (code, signal) => fail(`its supervisor exited (${signal ?? code})`));
  });
}

let embedded: Promise<EmbeddedPostgresServer> | undefined;

/**
 * The server URL from `LIFELINE_TEST_DATABASE_URL`; without it (a test file run outside the
 * global setup), an embedded server started once for this process, stopped when it ends.
 */
export async function testDatabaseServerUrl(): Promise<string> {
  const given = process.env[TEST_DATABASE_URL_VARIABLE];
  if (given) return given;
  embedded ??= startEmbeddedPostgres();
  return (await embedded).url;
}

async function asAdmin(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  /** Its URL: give it to `openDatabase`, or as `DATABASE_URL` to a server process. */
  readonly url: string;
  /** Drops it, ending any session still on it. */
  drop(): Promise<void>;
}

/**
 * A new, empty database (`lifeline_test_<random>`) on the test server: tests never share one.
 * UTF-8 with the C collation wherever the server is, so text sorts by code point as on SQLite.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = await testDatabaseServerUrl();
  const name = `lifeline_test_${randomBytes(6).toString('hex')}`;
  await asAdmin(
    serverUrl,
    `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`,
  );
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => asAdmin(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** A fresh, migrated PostgreSQL database opened like the server opens it: the PG `openTestDatabase`. */
export async function openPostgresTestDatabase(
  options: OpenOptions = {},
): Promise<LifelineDb & { readonly url: string; dispose(): Promise<void> }> {
  const database = await createTestDatabase();
  const db = openDatabase(database.url, options);
  try {
    await db.ready;
  } catch (error) {
    await db.close().catch(() => undefined);
    await database.drop();
    throw error;
  }
  return Object.assign(db, {
    url: database.url,
    async dispose() {
      await db.close();
      await database.drop();
    },
  });
}
