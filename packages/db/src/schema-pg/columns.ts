import { bigint } from 'drizzle-orm/pg-core';

/**
 * An instant: UTC epoch milliseconds, past 2^31 and so a bigint, read back as a JS number (safe
 * up to 2^53) like SQLite's integer. Ids that only grow (audit events, attempts) use it too.
 */
export function instant(name: string) {
  return bigint(name, { mode: 'number' });
}
