import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { WebhookLinks } from '@lifeline/domain';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { openPostgresDatabase } from './client-pg.ts';
import * as schema from './schema/index.ts';
import { bindWebhookLinks } from './webhook-outbox.ts';

export type Schema = typeof schema;
/** The handle repositories take: the read connection, or the transaction's. */
export type Db = BetterSQLite3Database<Schema>;

export const MIGRATIONS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), '../drizzle');

export interface LifelineDb {
  readonly engine: 'sqlite' | 'postgres';
  /** The SQLite file, or the PostgreSQL URL without its password (it is logged). */
  readonly path: string;
  /**
   * Committed data only: a separate, read-only connection (WAL lets it read during writes); on
   * PostgreSQL, a pool of read-only connections.
   */
  readonly read: Db;
  /**
   * Settles once the database is usable: at once on SQLite (opened and migrated synchronously);
   * on PostgreSQL when the migrations started at open are applied, rejecting with their error.
   * Queries wait for it on their own; a server awaits it at start to fail fast.
   */
  readonly ready: Promise<void>;
  /**
   * Runs `work` in one write transaction started IMMEDIATE, so the write lock is taken up
   * front (no upgrade deadlock between processes). Transactions of this process run one at a
   * time. While another process holds the write lock, the start is retried on timers (the
   * event loop goes on serving); past `lockDeadlineMs` it fails with DatabaseBusyError,
   * nothing written. Throwing rolls everything back. On PostgreSQL: BEGIN, then one advisory
   * lock shared by every server's write transactions, waited for up to `lockDeadlineMs`
   * (client-pg.ts says why).
   */
  transaction<T>(work: (tx: Db) => Promise<T>): Promise<T>;
  /**
   * Readiness, cheap: whether the database answers a trivial query and every committed
   * migration is applied. The integrity check is `checkIntegrityOffThread`, off this path.
   */
  health(): Promise<{ ok: boolean; migrationsApplied: boolean }>;
  /**
   * Runs `work` only if no other server runs work under the same name right now, and gives
   * null when one does: the scheduler's pass runs on one server at a time, once per pass. On
   * PostgreSQL a session advisory lock taken without waiting; on SQLite (one machine) the work
   * simply runs, its jobs re-checking every row inside their transactions.
   */
  exclusively<T>(name: 'scheduler', work: () => Promise<T>): Promise<T | null>;
  /** Closes every connection; on PostgreSQL, after the transactions already started end. */
  close(): Promise<void>;
  /** SQLite only: the raw write connection for bulk seeding. Not for request paths. */
  readonly sqliteWriter?: Database.Database;
}

export interface OpenOptions {
  /** Apply pending migrations (the server does at start; tests do on fresh files). */
  migrate?: boolean;
  /**
   * How long a statement may block this thread waiting for a lock: opening, migrating, bulk
   * seeding, a read meeting a checkpoint. Never a transaction's start (`lockDeadlineMs`).
   */
  busyTimeoutMs?: number;
  /** How long a transaction waits, without blocking, for another process's write lock. */
  lockDeadlineMs?: number;
  /**
   * Called each time a transaction's start finds the write lock taken and waits to retry (on
   * PostgreSQL, once: the wait is one blocking lock call).
   */
  onLockWait?: (attempt: number) => void;
  /**
   * Where links in webhook payloads point (PUBLIC_URL, TICKET_URL_TEMPLATE): bound to the write
   * handles, as payloads are built where audit events are appended (webhook-outbox.ts).
   */
  webhookLinks?: WebhookLinks;
  /** PostgreSQL only: connections for reads (default 10), besides the one for transactions. */
  poolSize?: number;
  /** PostgreSQL only: how long to wait for a connection, new or from the pool (default 10 s). */
  connectTimeoutMs?: number;
}

/**
 * Another connection (another process, a shell) kept the write lock past the deadline. The
 * transaction never started: nothing was written, and trying again later is safe.
 */
export class DatabaseBusyError extends Error {
  readonly code = 'DATABASE_BUSY';
  readonly waitedMs: number;
  constructor(waitedMs: number, options?: ErrorOptions) {
    super(
      `The database is busy: another connection held its write lock for ${Math.round(waitedMs)} ms. Nothing was written; try again.`,
      options,
    );
    this.name = 'DatabaseBusyError';
    this.waitedMs = waitedMs;
  }
}

const DEFAULT_BUSY_TIMEOUT_MS = 5000;
const DEFAULT_LOCK_DEADLINE_MS = 10_000;
/** The longest pause between two tries for the write lock. */
const MAX_LOCK_RETRY_MS = 100;

function openConnection(path: string, readonly: boolean, busyTimeoutMs: number) {
  const connection = new Database(path, { readonly: false, fileMustExist: readonly });
  connection.pragma(`busy_timeout = ${busyTimeoutMs}`);
  connection.pragma('journal_mode = WAL');
  // An acknowledged action must survive power loss: fsync the WAL on every commit.
  connection.pragma('synchronous = FULL');
  connection.pragma('foreign_keys = ON');
  if (readonly) connection.pragma('query_only = ON');
  return connection;
}

/**
 * The file holds the identifier-hash key: folders made for it are 0700 and the file is
 * created 0600 before SQLite opens it (SQLite gives -wal and -shm the file's own mode).
 * An existing folder or file keeps its mode.
 */
function createPrivately(filePath: string): void {
  mkdirSync(dirname(filePath), { recursive: true, mode: 0o700 });
  try {
    closeSync(openSync(filePath, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

function isBusy(error: unknown): boolean {
  return /^SQLITE_BUSY/.test(String((error as { code?: unknown }).code));
}

/** Exponential backoff with jitter: between half and all of 2^attempt ms, at most 100 ms. */
function lockRetryDelay(attempt: number): number {
  const cap = Math.min(MAX_LOCK_RETRY_MS, 2 ** attempt);
  return cap / 2 + Math.random() * (cap / 2);
}

/** A `postgres://` or `postgresql://` URL opens PostgreSQL; anything else is a SQLite file path. */
export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/**
 * Opens the database the target names: `DATABASE_URL` (PostgreSQL) or `DATABASE_PATH` (SQLite).
 * Synchronous on both engines; on PostgreSQL the migrations run in the background and every
 * query waits for them (`ready`).
 */
export function openDatabase(target: string, options: OpenOptions = {}): LifelineDb {
  return isPostgresUrl(target)
    ? openPostgresDatabase(target, options)
    : openSqliteDatabase(target, options);
}

function openSqliteDatabase(path: string, options: OpenOptions): LifelineDb {
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  const lockDeadlineMs = options.lockDeadlineMs ?? DEFAULT_LOCK_DEADLINE_MS;
  const filePath = resolve(path);
  createPrivately(filePath);
  const writerConnection = openConnection(filePath, false, busyTimeoutMs);
  const writer = drizzle({ client: writerConnection, schema });
  bindWebhookLinks(writer, options.webhookLinks);
  if (options.migrate ?? true) migrate(writer, { migrationsFolder: MIGRATIONS_FOLDER });
  const readerConnection = openConnection(filePath, true, busyTimeoutMs);
  const reader = drizzle({ client: readerConnection, schema });
  const committedMigrations = readCommittedMigrationCount();
  const ping = readerConnection.prepare('SELECT 1');
  // better-sqlite3 waits for a lock synchronously, freezing the event loop: a transaction's
  // start never waits inside SQLite (busy_timeout 0) but on a timer, between tries.
  const beginImmediate = writerConnection.prepare('BEGIN IMMEDIATE');

  function tryBegin(): boolean {
    // A pragma acts when it is prepared: these two cannot be prepared once and re-run.
    writerConnection.pragma('busy_timeout = 0');
    try {
      beginImmediate.run();
      return true;
    } catch (error) {
      if (isBusy(error)) return false;
      throw error;
    } finally {
      writerConnection.pragma(`busy_timeout = ${busyTimeoutMs}`);
    }
  }

  async function begin(): Promise<void> {
    const started = performance.now();
    for (let attempt = 1; !tryBegin(); attempt += 1) {
      const waited = performance.now() - started;
      if (waited >= lockDeadlineMs) throw new DatabaseBusyError(waited);
      options.onLockWait?.(attempt);
      await sleep(Math.min(lockRetryDelay(attempt), lockDeadlineMs - waited));
    }
  }

  let queue: Promise<unknown> = Promise.resolve();

  async function runTransaction<T>(work: (tx: Db) => Promise<T>): Promise<T> {
    await begin();
    try {
      const result = await work(writer);
      writerConnection.exec('COMMIT');
      return result;
    } catch (error) {
      if (writerConnection.inTransaction) writerConnection.exec('ROLLBACK');
      throw error;
    }
  }

  return {
    engine: 'sqlite',
    path: filePath,
    read: reader,
    ready: Promise.resolve(),
    sqliteWriter: writerConnection,
    transaction<T>(work: (tx: Db) => Promise<T>): Promise<T> {
      const run = queue.then(() => runTransaction(work));
      queue = run.catch(() => undefined);
      return run;
    },
    async health() {
      try {
        ping.get();
      } catch {
        return { ok: false, migrationsApplied: false };
      }
      return {
        ok: true,
        migrationsApplied: migrationsApplied(readerConnection, committedMigrations),
      };
    },
    // Closed before it returns, as always: the promise is for PostgreSQL's sake.
    exclusively: (_name, work) => work(),
    close() {
      readerConnection.close();
      writerConnection.close();
      return Promise.resolve();
    },
  };
}

/** Migrations committed with this code (they do not change while it runs). */
function readCommittedMigrationCount(): number {
  const journal = JSON.parse(
    readFileSync(resolve(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8'),
  ) as { entries: unknown[] };
  return journal.entries.length;
}

function migrationsApplied(connection: Database.Database, committed: number): boolean {
  try {
    const row = connection.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as {
      n: number;
    };
    return row.n >= committed;
  } catch {
    return false;
  }
}

/**
 * The raw SQLite write connection, for the few SQLite-only maintenance steps (a WAL checkpoint
 * after bulk seeding, benchmarks). Refuses a PostgreSQL database in words, never `undefined`.
 */
export function sqliteWriterOf(db: LifelineDb): Database.Database {
  if (!db.sqliteWriter) throw new Error(`${db.path} is not a SQLite database.`);
  return db.sqliteWriter;
}
