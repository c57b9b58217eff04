import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The last result of each check too slow for a request (the database's integrity, a full walk
 * of the audit chain): the scheduler or a CLI runs it, readiness and the console report it.
 */
export const healthChecks = sqliteTable('health_checks', {
  name: text('name').primaryKey(),
  checkedAt: integer('checked_at').notNull(),
  ok: integer('ok', { mode: 'boolean' }).notNull(),
  /** JSON: what was found, for the operator (counts, the first broken event, a message). */
  detail: text('detail').notNull(),
});
