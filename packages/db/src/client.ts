import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
/** The handle repositories take: the read connection, or the transaction's. */
export type Db = BetterSQLite3Database<Schema>;

export const MIGRATIONS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), '../drizzle');

export interface LifelineDb {
  readonly path: string;
  /** Committed data only: a separate, read-only connection (WAL lets it read during writes). */
  readonly read: Db;
  /**
   * Runs `work` in one write transaction started IMMEDIATE, so the write lock is taken up
   * front (no upgrade deadlock between processes). Transactions of this process run one at a
   * time; other processes wait on SQLite's busy timeout. Throwing rolls everything back.
   */
  transaction<T>(work: (tx: Db) => Promise<T>): Promise<T>;
  /** `PRAGMA quick_check` and whether every committed migration is applied. */
  health(): Promise<{ ok: boolean; migrationsApplied: boolean }>;
  close(): void;
  /** SQLite only: the raw write connection for bulk seeding. Not for request paths. */
  readonly sqliteWriter: Database.Database;
}

export interface OpenOptions {
  /** Apply pending migrations (the server does at start; tests do on fresh files). */
  migrate?: boolean;
  busyTimeoutMs?: number;
}

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

export function openDatabase(path: string, options: OpenOptions = {}): LifelineDb {
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const filePath = resolve(path);
  mkdirSync(dirname(filePath), { recursive: true });
  const writerConnection = openConnection(filePath, false, busyTimeoutMs);
  const writer = drizzle({ client: writerConnection, schema });
  if (options.migrate ?? true) migrate(writer, { migrationsFolder: MIGRATIONS_FOLDER });
  const readerConnection = openConnection(filePath, true, busyTimeoutMs);
  const reader = drizzle({ client: readerConnection, schema });

  let queue: Promise<unknown> = Promise.resolve();

  async function runTransaction<T>(work: (tx: Db) => Promise<T>): Promise<T> {
    writerConnection.exec('BEGIN IMMEDIATE');
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
    path: filePath,
    read: reader,
    sqliteWriter: writerConnection,
    transaction<T>(work: (tx: Db) => Promise<T>): Promise<T> {
      const run = queue.then(() => runTransaction(work));
      queue = run.catch(() => undefined);
      return run;
    },
    async health() {
      const integrity = readerConnection.pragma('quick_check', { simple: true });
      return { ok: integrity === 'ok', migrationsApplied: migrationsApplied(readerConnection) };
    },
    close() {
      readerConnection.close();
      writerConnection.close();
    },
  };
}

function migrationsApplied(connection: Database.Database): boolean {
  const journal = JSON.parse(
    readFileSync(resolve(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8'),
  ) as {
    entries: unknown[];
  };
  try {
    const row = connection.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as {
      n: number;
    };
    return row.n >= journal.entries.length;
  } catch {
    return false;
  }
}
