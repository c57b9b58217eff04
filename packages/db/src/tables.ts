import type { Db, Schema } from './client.ts';
import * as sqliteSchema from './schema/index.ts';

/**
 * The tables of the engine behind a handle. Repositories are written once for both engines:
 * they take their tables from the handle (the schema its drizzle instance was made with: the
 * SQLite one, or the PostgreSQL one with the same names), never from an import, and await
 * every query (no SQLite-only `.get()`, `.all()`, `.run()`).
 */
export function tables(db: Db): Schema {
  return db._.fullSchema;
}

export type Engine = 'sqlite' | 'postgres';

export function engineOf(db: Db): Engine {
  return tables(db) === sqliteSchema ? 'sqlite' : 'postgres';
}

/** The first row of a result, or null: what `.get()` gave on SQLite alone. */
export function firstOrNull<T>(rows: readonly T[]): T | null {
  return rows[0] ?? null;
}
