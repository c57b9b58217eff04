import { type SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { check } from 'drizzle-orm/sqlite-core';

/**
 * A CHECK that the column holds one of the domain's values: drizzle's `enum` only types the
 * column, and the database should refuse a stray value from raw SQL or a future bug too.
 */
export function oneOf(name: string, column: SQLiteColumn, values: readonly string[]) {
  const list: SQL = sql.join(
    values.map((value) => sql.raw(`'${value.replaceAll("'", "''")}'`)),
    sql.raw(', '),
  );
  return check(name, sql`${column} IN (${list})`);
}
