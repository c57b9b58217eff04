import { getTableName } from 'drizzle-orm';
import { getTableConfig as pgTableConfig } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteTableConfig } from 'drizzle-orm/sqlite-core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as sqliteSchema from './schema/index.ts';
import * as pgSchema from './schema-pg/index.ts';

/**
 * The repositories are written once and take their tables from the handle: the PostgreSQL schema
 * must have every table of the SQLite one under the same export name, with the same properties,
 * columns, value types, defaults, keys, indexes and checks.
 */
type Rows<S> = { [K in keyof S]: S[K] extends { $inferSelect: infer Row } ? Row : never };

describe('the PostgreSQL schema mirrors the SQLite schema', () => {
  it('reads the same row types, table by table', () => {
    expectTypeOf<Rows<typeof pgSchema>>().toEqualTypeOf<Rows<typeof sqliteSchema>>();
  });

  it('has the same tables under the same names', () => {
    expect(Object.keys(pgSchema).sort()).toEqual(Object.keys(sqliteSchema).sort());
  });

  const pgTables = new Map(Object.entries(pgSchema));
  it.each(Object.entries(sqliteSchema))(
    '%s: same columns, keys, indexes and checks',
    (name, table) => {
      const lite = sqliteTableConfig(table);
      const pgTable = pgTables.get(name);
      if (!pgTable) throw new Error(`no ${name} in the PostgreSQL schema`);
      const post = pgTableConfig(pgTable);
      expect(post.name).toBe(lite.name);

      const columns = (config: typeof lite | typeof post) =>
        config.columns.map((column) => ({
          name: column.name,
          notNull: column.notNull,
          primary: column.primary,
          default: column.default,
          enumValues: column.enumValues,
          dataType: column.dataType,
        }));
      expect(columns(post)).toEqual(columns(lite));

      const indexes = (config: typeof lite | typeof post) =>
        config.indexes
          .map((index) => ({
            name: index.config.name,
            unique: index.config.unique,
            on: index.config.columns.map((column) => (column as { name: string }).name),
            partial: index.config.where !== undefined,
          }))
          .sort((a, b) => String(a.name).localeCompare(String(b.name)));
      expect(indexes(post)).toEqual(indexes(lite));

      expect(post.checks.map((check) => check.name).sort()).toEqual(
        lite.checks.map((check) => check.name).sort(),
      );
      expect(post.primaryKeys.map((key) => key.columns.map((c) => c.name))).toEqual(
        lite.primaryKeys.map((key) => key.columns.map((c) => c.name)),
      );
      const references = (config: typeof lite | typeof post) =>
        config.foreignKeys.map((key) => {
          const { columns: from, foreignColumns } = key.reference();
          return {
            from: from.map((column) => column.name),
            to: foreignColumns.map((column) => `${getTableName(column.table)}.${column.name}`),
          };
        });
      expect(references(post)).toEqual(references(lite));
    },
  );
});
