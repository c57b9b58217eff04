import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { isPostgresUrl, type LifelineDb, openDatabase } from './client.ts';

/** A fresh, migrated database file in its own temp folder — tests never share one. */
export function openTestDatabase(): LifelineDb & { dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'lifeline-test-'));
  const db = openDatabase(join(dir, 'test.db'));
  return Object.assign(db, {
    dispose() {
      // SQLite closes before `close` returns.
      void db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

export type Engine = 'sqlite' | 'postgres';
export type Row = Record<string, unknown>;

/**
 * The engine the suites run on. The PostgreSQL implementation (issue 11) will set it; tests that
 * can only mean something on SQLite (WAL, PRAGMA, file copies, its lock) run only when it says so.
 */
export const TEST_ENGINE: Engine = 'sqlite';

/**
 * What a test reads or plants beside the repositories. Parameters are written `?` (rewritten to
 * `$1…` on PostgreSQL), rows carry the column names the database returns (snake_case; quote a
 * camelCase alias, `AS "loginId"`, for PostgreSQL to keep its case). Statements run in order on
 * one connection, so `exec('BEGIN')` … `exec('COMMIT')` brackets a batch.
 */
export interface TestSql {
  readonly engine: Engine;
  /** Runs one statement and returns its rows (none for a write without RETURNING). */
  sql<T = Row>(text: string, ...params: unknown[]): Promise<T[]>;
  /** The first row, if any. */
  one<T = Row>(text: string, ...params: unknown[]): Promise<T | undefined>;
  /** The first column of the first row as a number, 0 without a row: `SELECT count(*) …`. */
  count(text: string, ...params: unknown[]): Promise<number>;
  /** Statements without parameters or rows: DDL, several at once. */
  exec(text: string): Promise<void>;
}

/** The test API on a database the test opened (or the harness did). */
export function testSql(db: LifelineDb): TestSql {
  // SQLite: the writer connection, the one the application's transactions run on.
  if (db.sqliteWriter === undefined) throw new Error('testSql: postgres: not yet');
  return sqliteTestSql(db.sqliteWriter);
}

/**
 * SQLite only: the raw write connection, for the tests that are about SQLite itself (its lock,
 * WAL, PRAGMAs, the file). Everything else goes through `testSql`.
 */
export function sqliteConnection(db: LifelineDb): Database.Database {
  if (db.sqliteWriter === undefined) throw new Error('sqliteConnection: a SQLite-only test');
  return db.sqliteWriter;
}

/**
 * The test API on a database named by its location — a SQLite file path today, a PostgreSQL URL
 * later — for a process that did not open it (the e2e journeys beside the real server).
 */
export function openTestSql(location: string): TestSql & { close(): void } {
  if (isPostgresUrl(location)) throw new Error('openTestSql: postgres: not yet');
  const connection = new Database(location, { fileMustExist: true, timeout: 5_000 });
  return Object.assign(sqliteTestSql(connection), { close: () => connection.close() });
}

function sqliteTestSql(connection: Database.Database): TestSql {
  async function sql<T = Row>(text: string, ...params: unknown[]): Promise<T[]> {
    const statement = connection.prepare(text);
    if (statement.reader) return statement.all(...params) as T[];
    statement.run(...params);
    return [];
  }
  return {
    engine: 'sqlite',
    sql,
    async one<T = Row>(text: string, ...params: unknown[]) {
      return (await sql<T>(text, ...params))[0];
    },
    async count(text, ...params) {
      const [row] = await sql(text, ...params);
      return Number(Object.values(row ?? {})[0] ?? 0);
    },
    async exec(text) {
      connection.exec(text);
    },
  };
}

/** The helpers below hold the SQL that differs between the engines, so that no test does. */
function notYet(helper: string): never {
  throw new Error(`${helper}: postgres: not yet`);
}

/** SQL for the text of `key` in the JSON text column `column`. */
export function jsonField(db: Pick<TestSql, 'engine'>, column: string, key: string): string {
  return db.engine === 'sqlite'
    ? `json_extract(${column}, '$.${key}')`
    : `(${column}::jsonb ->> '${key}')`;
}

/** The application's tables, by name. */
export async function tableNames(db: TestSql): Promise<string[]> {
  const rows =
    db.engine === 'sqlite'
      ? await db.sql<{ name: string }>(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
      : await db.sql<{ name: string }>(
          "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
        );
  return rows.map((row) => row.name);
}

/** The columns of `table` with their declared type ('text', 'integer'…), in table order. */
export async function columnsOf(
  db: TestSql,
  table: string,
): Promise<Array<{ name: string; type: string }>> {
  return db.engine === 'sqlite'
    ? db.sql('SELECT name, type FROM pragma_table_info(?) ORDER BY cid', table)
    : db.sql(
        'SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position',
        table,
      );
}

/**
 * Writes `row` over the row with the same id, as an upsert would (SQLite: INSERT OR REPLACE;
 * PostgreSQL: INSERT … ON CONFLICT (id) DO UPDATE). The audit tables must refuse it.
 */
export async function replaceRow(db: TestSql, table: string, row: Row): Promise<void> {
  const columns = Object.keys(row);
  const list = columns.join(', ');
  const marks = columns.map(() => '?').join(', ');
  const text =
    db.engine === 'sqlite'
      ? `INSERT OR REPLACE INTO ${table} (${list}) VALUES (${marks})`
      : `INSERT INTO ${table} (${list}) VALUES (${marks}) ON CONFLICT (id) DO UPDATE SET ${columns
          .map((c) => `${c} = EXCLUDED.${c}`)
          .join(', ')}`;
  await db.sql(text, ...Object.values(row));
}

/**
 * Lifts one append-only guard of an audit table, as someone with write access to the database
 * itself could: the tamper tests then change a row behind the application's back.
 */
export async function dropAppendOnlyGuard(
  db: TestSql,
  table: 'audit_events' | 'audit_checkpoints',
  refused: 'update' | 'delete' | 'replace',
): Promise<void> {
  if (db.engine !== 'sqlite') notYet('dropAppendOnlyGuard');
  await db.exec(`DROP TRIGGER IF EXISTS ${table}_no_${refused}`);
}

/**
 * Makes deleting the row `id` of `table` fail (a fault in the middle of a job's transaction),
 * on the connection the application writes with; returns the undo.
 */
export async function failDeletesOf(
  db: TestSql,
  table: string,
  id: string,
): Promise<() => Promise<void>> {
  if (db.engine !== 'sqlite') notYet('failDeletesOf');
  const trigger = `fail_delete_${table}`;
  await db.exec(
    `CREATE TEMP TRIGGER ${trigger} BEFORE DELETE ON ${table} WHEN OLD.id = '${id}'
     BEGIN SELECT RAISE(ABORT, 'simulated failure'); END`,
  );
  return () => db.exec(`DROP TRIGGER ${trigger}`);
}

/** A consistent copy of the whole database at `to`, for tests that tamper with a copy. */
export async function copyDatabase(db: TestSql, to: string): Promise<void> {
  if (db.engine !== 'sqlite') notYet('copyDatabase');
  await db.exec(`VACUUM INTO '${to.replaceAll("'", "''")}'`);
}

/** The database's own consistency check: 'ok', or what it found. */
export async function integrityCheck(db: TestSql): Promise<string> {
  if (db.engine !== 'sqlite') notYet('integrityCheck');
  const rows = await db.sql<{ integrity_check: string }>('PRAGMA integrity_check');
  return rows.map((row) => row.integrity_check).join('\n');
}
