import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { isPostgresUrl, type LifelineDb, openDatabase } from './client.ts';
import {
  createTestDatabase,
  TEST_DATABASE_URL_VARIABLE,
  testDatabaseServerUrl,
} from './testing-pg.ts';

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

/** Set to `postgres` by the PostgreSQL test projects (vitest.config.ts); SQLite otherwise. */
export const TEST_ENGINE_VARIABLE = 'LIFELINE_TEST_ENGINE';

/**
 * The engine the suites run on: `LIFELINE_TEST_ENGINE`, `sqlite` by default. Tests that can only
 * mean something on SQLite (WAL, PRAGMA, file modes, its lock) run only when it says so.
 */
export const TEST_ENGINE: Engine = engineNamed(process.env[TEST_ENGINE_VARIABLE]);

function engineNamed(name: string | undefined): Engine {
  if (name === undefined || name === '' || name === 'sqlite') return 'sqlite';
  if (name === 'postgres') return 'postgres';
  throw new Error(`${TEST_ENGINE_VARIABLE} must be sqlite or postgres, not ${name}`);
}

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

const pgTestSqlOf = new WeakMap<LifelineDb, PostgresTestSql>();

/**
 * The test API on a database the test opened (or the harness did). SQLite: the writer
 * connection, the one the application's transactions run on. PostgreSQL: a connection of its own
 * to the same database (one per `db`, however often asked), closed when `db` is.
 */
export function testSql(db: LifelineDb): TestSql {
  if (db.engine === 'sqlite') {
    if (db.sqliteWriter === undefined)
      throw new Error('testSql: a SQLite database without its writer');
    return sqliteTestSql(db.sqliteWriter);
  }
  let found = pgTestSqlOf.get(db);
  if (found === undefined) {
    const opened = postgresTestSql(connectionUrl(db.path));
    found = opened;
    pgTestSqlOf.set(db, opened);
    // `db.path` leaves the password out; the test server's URL has it.
    const closeDb = db.close.bind(db);
    Object.assign(db, {
      async close() {
        await opened.close();
        await closeDb();
      },
    });
  }
  return found;
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
 * The test API on a database named by its location — a SQLite file path or a PostgreSQL URL —
 * for a process that did not open it (a server process beside the test, the e2e journeys).
 */
export function openTestSql(location: string): TestSql & { close(): Promise<void> } {
  if (isPostgresUrl(location)) return postgresTestSql(connectionUrl(location));
  const connection = new Database(location, { fileMustExist: true, timeout: 5_000 });
  return Object.assign(sqliteTestSql(connection), {
    close: async () => {
      connection.close();
    },
  });
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

/**
 * What the PostgreSQL helpers need of a TestSql, under a symbol: a TestServer spreads its
 * TestSql into itself (`url` there is the server's).
 */
const POSTGRES = Symbol('postgres TestSql');

interface PostgresSession {
  /** The full URL (password included) of the database it is on. */
  readonly url: string;
  /** Ends its session now (the next statement opens another): `CREATE DATABASE … TEMPLATE`. */
  disconnect(): Promise<void>;
  /** Drops of the databases copied from this one, run when it closes. */
  readonly copies: Array<() => Promise<void>>;
}

interface PostgresTestSql extends TestSql {
  readonly [POSTGRES]: PostgresSession;
  close(): Promise<void>;
}

/**
 * The URL to connect with. A LifelineDb's `path` leaves the password out (it is logged): on the
 * test server's host and port, the test server's credentials fill it in.
 */
function connectionUrl(location: string): string {
  const url = new URL(location);
  const server = process.env[TEST_DATABASE_URL_VARIABLE];
  if (url.password === '' && server) {
    const known = new URL(server);
    if (known.host === url.host) {
      url.username = known.username;
      url.password = known.password;
    }
  }
  return url.toString();
}

/**
 * `?` placeholders as PostgreSQL's `$1…`, in order; a `?` inside a quoted string or identifier is
 * text, left as it is.
 */
export function numberedPlaceholders(text: string): string {
  let out = '';
  let n = 0;
  let quote: string | null = null;
  for (const ch of text) {
    if (quote !== null) {
      // A doubled quote ('it''s') closes and reopens: the same text comes out.
      if (ch === quote) quote = null;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else if (ch === '?') {
      n += 1;
      out += `$${n}`;
    } else {
      out += ch;
    }
  }
  return out;
}

/**
 * One dedicated connection, opened on first use and again after it ended (a copy of the
 * database ends every session on it), so that `exec('BEGIN')` … `exec('COMMIT')` bracket a batch.
 * int8 and numeric come back as numbers: client-pg.ts registers those parsers for all of `pg`.
 */
function postgresTestSql(url: string): PostgresTestSql {
  let client: Promise<pg.Client> | undefined;
  const connect = (): Promise<pg.Client> => {
    if (client === undefined) {
      const opening = new pg.Client({ connectionString: url, application_name: 'lifeline-test' });
      const connected = opening.connect().then(() => opening);
      client = connected;
      // A session ended from the server side (a copy, a drop): the next statement reconnects.
      opening.on('error', () => {
        if (client === connected) client = undefined;
      });
      opening.on('end', () => {
        if (client === connected) client = undefined;
      });
      connected.catch(() => {
        if (client === connected) client = undefined;
      });
    }
    return client;
  };
  const disconnect = async () => {
    const current = client;
    client = undefined;
    if (current) await (await current.catch(() => undefined))?.end().catch(() => undefined);
  };

  async function sql<T = Row>(text: string, ...params: unknown[]): Promise<T[]> {
    const connection = await connect();
    const result = await connection.query(numberedPlaceholders(text), params);
    return result.rows as T[];
  }
  const copies: Array<() => Promise<void>> = [];
  return {
    engine: 'postgres',
    [POSTGRES]: { url, disconnect, copies },
    sql,
    async one<T = Row>(text: string, ...params: unknown[]) {
      return (await sql<T>(text, ...params))[0];
    },
    async count(text, ...params) {
      const [row] = await sql(text, ...params);
      return Number(Object.values(row ?? {})[0] ?? 0);
    },
    async exec(text) {
      // No parameters: the simple protocol, which takes several statements at once.
      await (await connect()).query(text);
    },
    async close() {
      await disconnect();
      for (const drop of copies.splice(0)) await drop();
    },
  };
}

/** The session behind a PostgreSQL TestSql (or a TestServer, which spreads one into itself). */
function postgresOf(db: TestSql, helper: string): PostgresSession {
  const session = (db as Partial<PostgresTestSql>)[POSTGRES];
  if (session === undefined) throw new Error(`${helper}: not a PostgreSQL TestSql`);
  return session;
}

async function asServerAdmin<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: await testDatabaseServerUrl() });
  admin.on('error', () => undefined);
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end().catch(() => undefined);
  }
}

/** The helpers below hold the SQL that differs between the engines, so that no test does. */

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
 * itself could: the tamper tests then change a row behind the application's back. On PostgreSQL
 * an upsert that replaces a row is an INSERT … DO UPDATE, which meets the UPDATE trigger as well
 * as the one against reused ids: lifting `replace` lifts both.
 */
export async function dropAppendOnlyGuard(
  db: TestSql,
  table: 'audit_events' | 'audit_checkpoints',
  refused: 'update' | 'delete' | 'replace',
): Promise<void> {
  if (db.engine === 'sqlite') {
    await db.exec(`DROP TRIGGER IF EXISTS ${table}_no_${refused}`);
    return;
  }
  const triggers = refused === 'replace' ? ['replace', 'update'] : [refused];
  await db.exec(
    triggers.map((name) => `DROP TRIGGER IF EXISTS ${table}_no_${name} ON ${table};`).join('\n'),
  );
}

/**
 * Makes deleting the row `id` of `table` fail (a fault in the middle of a job's transaction),
 * on the connection the application writes with; returns the undo. SQLite: a TEMP trigger on
 * that connection; PostgreSQL (no temporary triggers): a trigger on the table, for every session.
 */
export async function failDeletesOf(
  db: TestSql,
  table: string,
  id: string,
): Promise<() => Promise<void>> {
  const trigger = `fail_delete_${table}`;
  const quotedId = id.replaceAll("'", "''");
  if (db.engine === 'sqlite') {
    await db.exec(
      `CREATE TEMP TRIGGER ${trigger} BEFORE DELETE ON ${table} WHEN OLD.id = '${quotedId}'
       BEGIN SELECT RAISE(ABORT, 'simulated failure'); END`,
    );
    return () => db.exec(`DROP TRIGGER ${trigger}`);
  }
  await db.exec(
    `CREATE FUNCTION ${trigger}() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF OLD.id = '${quotedId}' THEN RAISE EXCEPTION 'simulated failure'; END IF;
       RETURN OLD;
     END;
     $$;
     CREATE TRIGGER ${trigger} BEFORE DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${trigger}();`,
  );
  return () => db.exec(`DROP TRIGGER ${trigger} ON ${table}; DROP FUNCTION ${trigger}();`);
}

/**
 * A consistent copy of the whole database, for tests that tamper with a copy; returns where it
 * is, for `openDatabase`, `openTestSql` or a CLI's `--database`. SQLite: a file at `sqlitePath`
 * (VACUUM INTO). PostgreSQL: a new database on the same server (`sqlitePath` unused), made with
 * CREATE DATABASE … TEMPLATE, which needs the original to have no other session for that
 * instant: every session on it is ended first (the application's pools open new ones on their
 * next query), so copy while the application is idle. Dropped when `db` closes.
 */
export async function copyDatabase(db: TestSql, sqlitePath: string): Promise<string> {
  if (db.engine === 'sqlite') {
    await db.exec(`VACUUM INTO '${sqlitePath.replaceAll("'", "''")}'`);
    return sqlitePath;
  }
  const session = postgresOf(db, 'copyDatabase');
  const original = new URL(session.url);
  const source = decodeURIComponent(original.pathname.slice(1));
  const name = `${source.slice(0, 40)}_copy_${randomBytes(4).toString('hex')}`;
  await session.disconnect();
  await asServerAdmin(async (admin) => {
    for (let attempt = 1; ; attempt += 1) {
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [source],
      );
      try {
        await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${source}"`);
        return;
      } catch (error) {
        // 55006: a pool reconnected between the two statements; end it again.
        if ((error as { code?: unknown }).code !== '55006' || attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  });
  session.copies.push(() =>
    asServerAdmin(async (admin) => {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }),
  );
  const copy = new URL(session.url);
  copy.pathname = `/${name}`;
  return copy.toString();
}

/**
 * The database's own consistency check: 'ok', or what it found. SQLite: PRAGMA integrity_check.
 * PostgreSQL: a query must answer, then amcheck (contrib, shipped with the embedded server)
 * checks every table's heap and every B-tree index of the schema against its table; where the
 * extension cannot be created (not shipped, or no right to), the answer alone is the check.
 */
export async function integrityCheck(db: TestSql): Promise<string> {
  if (db.engine === 'sqlite') {
    const rows = await db.sql<{ integrity_check: string }>('PRAGMA integrity_check');
    return rows.map((row) => row.integrity_check).join('\n');
  }
  if ((await db.count('SELECT 1')) !== 1) return 'the database did not answer SELECT 1';
  try {
    await db.exec('CREATE EXTENSION IF NOT EXISTS amcheck');
  } catch {
    return 'ok';
  }
  const problems: string[] = [];
  const heaps = await db.sql<{ relname: string; blkno: number; msg: string }>(
    `SELECT c.relname, v.blkno, v.msg
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace,
            LATERAL verify_heapam(c.oid) v
      WHERE n.nspname = current_schema() AND c.relkind = 'r'`,
  );
  for (const row of heaps) problems.push(`${row.relname} block ${row.blkno}: ${row.msg}`);
  const indexes = await db.sql<{ oid: number; relname: string }>(
    `SELECT c.oid::int8 AS oid, c.relname
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am am ON am.oid = c.relam
      WHERE n.nspname = current_schema() AND am.amname = 'btree' AND i.indisvalid`,
  );
  for (const index of indexes) {
    try {
      // heapallindexed: every row of the table is found in the index.
      await db.sql('SELECT bt_index_check(?::int8::oid, true)', index.oid);
    } catch (error) {
      problems.push(`${index.relname}: ${(error as Error).message}`);
    }
  }
  return problems.length === 0 ? 'ok' : problems.join('\n');
}

/** A database a test hands to a server process or a CLI, on the engine of the run. */
export interface TestDatabaseLocation {
  /** A SQLite file path or a PostgreSQL URL: `openDatabase`, `openTestSql`, `--database`. */
  readonly location: string;
  /** The settings that point a server process or a CLI at it (`databaseEnv(location)`). */
  readonly env: Record<string, string>;
  /** Removes it: the PostgreSQL database, sessions and all (a SQLite file goes with its folder). */
  drop(): Promise<void>;
}

const serverFilesOf = new Map<string, Record<string, string>>();

/**
 * A database that does not exist yet on SQLite (`dir/fileName`, created by whoever opens it
 * first) or an empty one on PostgreSQL (a new database on the test server).
 */
export async function newTestDatabaseLocation(
  dir: string,
  fileName: string,
): Promise<TestDatabaseLocation> {
  if (TEST_ENGINE === 'sqlite') {
    const location = join(dir, fileName);
    return { location, env: databaseEnv(location), drop: async () => undefined };
  }
  const database = await createTestDatabase();
  // A server keeps its signing key and checkpoint folder beside a SQLite file; with a URL they
  // would go to ./data under the working directory: here they go to the test's folder.
  serverFilesOf.set(database.url, {
    AUDIT_SIGNING_KEY_FILE: join(dir, 'audit-signing-key.pem'),
    AUDIT_CHECKPOINT_DIR: join(dir, 'audit-checkpoints'),
  });
  return {
    location: database.url,
    env: databaseEnv(database.url),
    async drop() {
      serverFilesOf.delete(database.url);
      await database.drop();
    },
  };
}

/**
 * The settings for a server process or a CLI on `location`: DATABASE_PATH for a file;
 * DATABASE_URL for a PostgreSQL URL, with the folder for the server's own files when the URL
 * came from `newTestDatabaseLocation`.
 */
export function databaseEnv(location: string): Record<string, string> {
  if (!isPostgresUrl(location)) return { DATABASE_PATH: location };
  return { DATABASE_URL: location, ...serverFilesOf.get(location) };
}
