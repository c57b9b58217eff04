import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { type Db, isPostgresUrl, openDatabase } from './client.ts';
import * as schema from './schema/index.ts';

/**
 * A database (a file, or a PostgreSQL URL) opened only to be read: no migration, no write, the file left as found. For
 * an auditor's tools working on a copy (`pnpm audit:verify`, `pnpm audit:export`).
 */
export function openDatabaseReadOnly(path: string): { read: Db; close(): Promise<void> | void } {
  if (isPostgresUrl(path)) {
    // PostgreSQL's read pool refuses writes; without migrating, the database is left as found.
    const db = openDatabase(path, { migrate: false });
    return { read: db.read, close: () => db.close() };
  }
  const connection = new Database(path, { readonly: true, fileMustExist: true });
  connection.pragma('query_only = ON');
  return {
    read: drizzle({ client: connection, schema }),
    close: () => {
      connection.close();
    },
  };
}
