import type { Db } from './client.ts';
import { engineOf } from './tables.ts';

/**
 * Statements of the hot paths (diagnose, session lookup, audit append) prepared once per
 * handle. Building the SQL and preparing it cost several times what running it does, so the
 * lookup a support agent waits on reuses its statements. Keyed by handle: a statement belongs
 * to the connection that prepared it. On PostgreSQL the key is also the statement's name: a
 * named statement is parsed and planned once per connection, where an unnamed one is parsed
 * and planned on every call (30–45% of a diagnosis's time in the raw baseline's measurement).
 */
const cache = new WeakMap<Db, Map<string, PreparedRunner<never>>>();

/** A prepared statement run the same way on both engines, always awaited. */
export interface PreparedRunner<Row> {
  all(params?: Record<string, unknown>): Promise<Row[]>;
  get(params?: Record<string, unknown>): Promise<Row | undefined>;
  run(params?: Record<string, unknown>): Promise<void>;
}

/** What `.prepare()` gives on either engine: SQLite's statement, or PostgreSQL's `execute`. */
interface AnyPrepared<Row> {
  all?(params?: Record<string, unknown>): Row[];
  get?(params?: Record<string, unknown>): Row | undefined;
  run?(params?: Record<string, unknown>): unknown;
  execute?(params?: Record<string, unknown>): Promise<Row[]>;
}

/**
 * `build` gives the query, not yet prepared (drizzle's builders): this prepares it, under `key`
 * as its name on PostgreSQL. One key, one SQL text, for the life of the process.
 */
export function preparedFor<Row>(
  db: Db,
  key: string,
  build: (db: Db) => { all(...args: never[]): Row[] } | { run(...args: never[]): unknown },
): PreparedRunner<Row> {
  let statements = cache.get(db);
  if (!statements) {
    statements = new Map();
    cache.set(db, statements);
  }
  let runner = statements.get(key) as PreparedRunner<Row> | undefined;
  if (runner === undefined) {
    const engine = engineOf(db);
    const query = build(db) as unknown as { prepare(name?: string): AnyPrepared<Row> };
    runner = runnerOf(engine, engine === 'postgres' ? query.prepare(key) : query.prepare());
    statements.set(key, runner as PreparedRunner<never>);
  }
  return runner;
}

function runnerOf<Row>(
  engine: 'sqlite' | 'postgres',
  statement: AnyPrepared<Row>,
): PreparedRunner<Row> {
  if (engine === 'sqlite') {
    return {
      all: async (params) => statement.all?.(params) ?? [],
      get: async (params) => statement.get?.(params),
      run: async (params) => {
        statement.run?.(params);
      },
    };
  }
  const execute = async (params?: Record<string, unknown>) =>
    (await statement.execute?.(params)) ?? [];
  return {
    all: execute,
    get: async (params) => (await execute(params))[0],
    run: async (params) => {
      await execute(params);
    },
  };
}
