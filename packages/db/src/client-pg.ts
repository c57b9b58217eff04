import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { DatabaseBusyError, type Db, type LifelineDb, type OpenOptions } from './client.ts';
import * as pgSchema from './schema-pg/index.ts';
import { bindWebhookLinks } from './webhook-outbox.ts';

export const PG_MIGRATIONS_FOLDER = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../drizzle-pg',
);

/**
 * The advisory locks of this database (two-int form: class 'life', then the purpose), shared
 * by every Lifeline server on it. Other purposes (a jobs leader, …) take the next numbers.
 */
export const ADVISORY_LOCK_CLASS = 0x6c696665;
/** Held by each write transaction, from its start to its commit or rollback. */
export const WRITE_LOCK_ID = 1;
/** Held, per session, by the server applying migrations at open. */
export const MIGRATION_LOCK_ID = 2;
/** The scheduler's pass: one server at a time (`exclusively('scheduler', …)`). */
export const SCHEDULER_LOCK_ID = 3;

const DEFAULT_POOL_SIZE = 10;
const DEFAULT_LOCK_DEADLINE_MS = 10_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** node-postgres SQLSTATE for a lock wait cut short by `lock_timeout`. */
const LOCK_NOT_AVAILABLE = '55P03';

// int8 (count(*), bigint columns read through raw SQL) and numeric (sum of bigints, avg) come
// back from node-postgres as strings; SQLite gives numbers, and the repositories are written once
// for both. Every value Lifeline stores is far below 2^53 (epoch milliseconds, counts, cents).
// The registry is global to `pg` in this process: drizzle's queries consult it too.
pg.types.setTypeParser(pg.types.builtins.INT8, Number);
pg.types.setTypeParser(pg.types.builtins.NUMERIC, Number);

type ConnectCallback = (
  err: Error | undefined,
  client: pg.PoolClient | undefined,
  done: (release?: unknown) => void,
) => void;

/**
 * A pool whose connections wait for the migrations started at open: `openDatabase` stays
 * synchronous on both engines, and nothing reads or writes a half-migrated database. A failed
 * migration fails every query with its error (and `ready` rejects with it).
 */
class MigratedPool extends pg.Pool {
  ready: Promise<void> = Promise.resolve();

  override connect(): Promise<pg.PoolClient>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | undefined {
    if (callback) {
      this.ready.then(
        () => super.connect(callback),
        (error: Error) => callback(error, undefined, () => undefined),
      );
      return undefined;
    }
    return this.ready.then(() => super.connect());
  }
}

/** The URL without its password, for logs and `LifelineDb.path`. */
export function redactDatabaseUrl(url: string): string {
  const parsed = new URL(url);
  parsed.password = '';
  parsed.searchParams.delete('password');
  return parsed.toString();
}

/**
 * PostgreSQL behind the same `LifelineDb` as SQLite. Reads go through a pool of read-only
 * connections (`read`); writes through `transaction()` on one write connection of this process.
 *
 * Why one advisory lock for every write transaction: the services read then write (version
 * checks, throttles that count rows then insert, the audit chain appending head + 1, reset-link
 * limits), and SQLite's single writer made each such transaction run as if alone. Taking
 * `pg_advisory_xact_lock` right after BEGIN gives every transaction of every server that same
 * guarantee with one serialisation point: while one holds it no other writer commits, so READ
 * COMMITTED (each statement sees all committed before it) is enough, no service changes, and no
 * retry loop exists. The price is that writes do not run in parallel across servers; they are
 * short, and reads (the bulk of the load) never take the lock. A finer scheme (SERIALIZABLE
 * with retry of serialization failures, or row locks per rule) could raise write throughput
 * later, at the cost of making every service safe to re-run.
 */
export function openPostgresDatabase(url: string, options: OpenOptions = {}): LifelineDb {
  const lockDeadlineMs = options.lockDeadlineMs ?? DEFAULT_LOCK_DEADLINE_MS;
  const connection: pg.PoolConfig = {
    connectionString: url,
    application_name: 'lifeline',
    keepAlive: true,
    connectionTimeoutMillis: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
  };
  // Like SQLite's query_only reader: a write through `read` is refused, not silently unserialised.
  const readPool = new MigratedPool({
    ...connection,
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    options: '-c default_transaction_read_only=on',
  });
  // Transactions of this process run one at a time: one connection is all they need.
  const writePool = new MigratedPool({ ...connection, max: 1 });
  // An idle connection the server dropped is discarded by the pool; the next query opens another.
  // Without a listener, that 'error' event would end the process.
  for (const pool of [readPool, writePool]) pool.on('error', () => undefined);

  const ready =
    (options.migrate ?? true) ? migrateUnderLock(connection) : Promise.resolve(undefined);
  // Marked handled here; whoever awaits `ready` (or runs a query) still gets the error.
  ready.catch(() => undefined);
  readPool.ready = ready;
  writePool.ready = ready;

  const read = drizzle({ client: readPool, schema: pgSchema }) as unknown as Db;
  const committedMigrations = readCommittedMigrationCount();
  const handles = new WeakMap<pg.PoolClient, Db>();
  const handleFor = (client: pg.PoolClient): Db => {
    let handle = handles.get(client);
    if (!handle) {
      handle = drizzle({ client, schema: pgSchema }) as unknown as Db;
      bindWebhookLinks(handle, options.webhookLinks);
      handles.set(client, handle);
    }
    return handle;
  };

  /** BEGIN, then the write lock; waits past the deadline end in DatabaseBusyError. */
  async function begin(client: pg.PoolClient): Promise<void> {
    const started = performance.now();
    // One round trip when the lock is free: BEGIN and a try, sent as one simple query.
    const [, tried] = (await client.query(
      `BEGIN; SELECT pg_try_advisory_xact_lock(${ADVISORY_LOCK_CLASS}, ${WRITE_LOCK_ID}) AS locked`,
    )) as unknown as [pg.QueryResult, pg.QueryResult<{ locked: boolean }>];
    if (tried.rows[0]?.locked) return;
    options.onLockWait?.(1);
    // The wait is bounded by lock_timeout, then the default comes back for the work's own locks.
    const remaining = Math.max(1, Math.ceil(lockDeadlineMs - (performance.now() - started)));
    try {
      await client.query(
        `SET LOCAL lock_timeout = ${remaining}; SELECT pg_advisory_xact_lock(${ADVISORY_LOCK_CLASS}, ${WRITE_LOCK_ID}); SET LOCAL lock_timeout TO DEFAULT`,
      );
    } catch (error) {
      if ((error as { code?: unknown }).code === LOCK_NOT_AVAILABLE) {
        throw new DatabaseBusyError(performance.now() - started, { cause: error });
      }
      throw error;
    }
  }

  async function runTransaction<T>(work: (tx: Db) => Promise<T>): Promise<T> {
    const client = await writePool.connect();
    // A connection whose ROLLBACK failed is in an unknown state: closed, not reused. (A broken
    // one the pool discards by itself.)
    let discard = false;
    try {
      await begin(client);
      const result = await work(handleFor(client));
      const committed = await client.query('COMMIT');
      // PostgreSQL answers COMMIT with ROLLBACK when a statement of the transaction failed and
      // the work caught the error and carried on (on SQLite the other statements would stand).
      if (committed.command === 'ROLLBACK') {
        throw new Error(
          'The transaction was rolled back: one of its statements failed and its error was caught. Nothing was written.',
        );
      }
      return result;
    } catch (error) {
      // Whatever failed after BEGIN, nothing of it stays (a ROLLBACK with none open only warns).
      await client.query('ROLLBACK').catch(() => {
        discard = true;
      });
      throw error;
    } finally {
      client.release(discard);
    }
  }

  let queue: Promise<unknown> = Promise.resolve();

  return {
    engine: 'postgres',
    path: redactDatabaseUrl(url),
    read,
    ready,
    transaction<T>(work: (tx: Db) => Promise<T>): Promise<T> {
      const run = queue.then(() => runTransaction(work));
      queue = run.catch(() => undefined);
      return run;
    },
    async health() {
      try {
        await readPool.query('SELECT 1');
      } catch {
        return { ok: false, migrationsApplied: false };
      }
      return {
        ok: true,
        migrationsApplied: await migrationsApplied(readPool, committedMigrations),
      };
    },
    async exclusively<T>(_name: 'scheduler', work: () => Promise<T>): Promise<T | null> {
      // A session lock on a connection of its own, tried without waiting: a server that finds
      // another one's pass running skips this one. Advisory locks are allowed on the read pool.
      const client = await readPool.connect();
      try {
        const tried = await client.query<{ locked: boolean }>(
          `SELECT pg_try_advisory_lock(${ADVISORY_LOCK_CLASS}, ${SCHEDULER_LOCK_ID}) AS locked`,
        );
        if (!tried.rows[0]?.locked) return null;
        try {
          return await work();
        } finally {
          await client.query(
            `SELECT pg_advisory_unlock(${ADVISORY_LOCK_CLASS}, ${SCHEDULER_LOCK_ID})`,
          );
        }
      } finally {
        client.release();
      }
    },
    async close() {
      await ready.catch(() => undefined);
      await queue;
      await Promise.all([readPool.end(), writePool.end()]);
    },
  };
}

/**
 * Applies pending migrations on a connection of its own, holding a session advisory lock: several
 * servers starting at once on one database migrate one after the other (the later ones find
 * nothing left to do).
 */
async function migrateUnderLock(connection: pg.PoolConfig): Promise<void> {
  const client = new pg.Client(connection);
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(${ADVISORY_LOCK_CLASS}, ${MIGRATION_LOCK_ID})`);
    await migrate(drizzle({ client }), { migrationsFolder: PG_MIGRATIONS_FOLDER });
  } finally {
    // Closing the session releases its lock.
    await client.end();
  }
}

function readCommittedMigrationCount(): number {
  const journal = JSON.parse(
    readFileSync(resolve(PG_MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8'),
  ) as { entries: unknown[] };
  return journal.entries.length;
}

async function migrationsApplied(pool: pg.Pool, committed: number): Promise<boolean> {
  try {
    const result = await pool.query<{ n: number }>(
      'SELECT count(*) AS n FROM drizzle.__drizzle_migrations',
    );
    return (result.rows[0]?.n ?? 0) >= committed;
  } catch {
    return false;
  }
}

/**
 * `pnpm db:reset` on PostgreSQL: everything Lifeline created goes (its tables, with the
 * append-only audit log, and drizzle's record of the migrations), so the next open starts from
 * an empty, freshly migrated database. Development only; the CLI refuses it in production.
 */
export async function erasePostgresDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      'DROP SCHEMA public CASCADE; CREATE SCHEMA public; DROP SCHEMA IF EXISTS drizzle CASCADE;',
    );
  } finally {
    await client.end();
  }
}
