import type { Db } from './client.ts';

/**
 * Statements of the hot paths (diagnose, session lookup) prepared once per connection.
 * Building the SQL and preparing it cost several times what running it does on SQLite, so
 * the lookup a support agent waits on reuses its statements. Keyed by connection handle:
 * a statement belongs to the connection that prepared it.
 */
const cache = new WeakMap<Db, Map<string, unknown>>();

export function preparedFor<T>(db: Db, key: string, prepare: (db: Db) => T): T {
  let statements = cache.get(db);
  if (!statements) {
    statements = new Map();
    cache.set(db, statements);
  }
  let statement = statements.get(key) as T | undefined;
  if (statement === undefined) {
    statement = prepare(db);
    statements.set(key, statement);
  }
  return statement;
}
