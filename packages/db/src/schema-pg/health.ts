import { boolean, pgTable, text } from 'drizzle-orm/pg-core';
import { instant } from './columns.ts';

/** The last result of each check too slow for a request (see the SQLite schema). */
export const healthChecks = pgTable('health_checks', {
  name: text('name').primaryKey(),
  checkedAt: instant('checked_at').notNull(),
  ok: boolean('ok').notNull(),
  /** JSON: what was found, for the operator (counts, the first broken event, a message). */
  detail: text('detail').notNull(),
});
