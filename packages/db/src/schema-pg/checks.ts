import { type SQL, sql } from 'drizzle-orm';
import { check, type PgColumn } from 'drizzle-orm/pg-core';

/** The same CHECK as the SQLite schema's `oneOf`: the column holds one of the domain's values. */
export function oneOf(name: string, column: PgColumn, values: readonly string[]) {
  const list: SQL = sql.join(
    values.map((value) => sql.raw(`'${value.replaceAll("'", "''")}'`)),
    sql.raw(', '),
  );
  return check(name, sql`${column} IN (${list})`);
}
