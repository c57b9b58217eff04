import { asc, lt, lte } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../client.ts';
import {
  idempotencyKeys,
  passwordResetTokens,
  signInAttempts,
  staffSessions,
  verificationCodes,
} from '../schema/index.ts';

// Data access of housekeeping (SPEC §9's scheduler): rows that only serve a short window —
// replays, throttles, sessions, one-time codes and links — deleted once they are of no use, so
// that these tables stay small for years of traffic. Each kind is deleted by an indexed time.

const EXPIRING = {
  idempotency_keys: { table: idempotencyKeys, time: idempotencyKeys.createdAt },
  sign_in_attempts: { table: signInAttempts, time: signInAttempts.at },
  staff_sessions: { table: staffSessions, time: staffSessions.expiresAt },
  verification_codes: { table: verificationCodes, time: verificationCodes.expiresAt },
  password_reset_tokens: { table: passwordResetTokens, time: passwordResetTokens.expiresAt },
} satisfies Record<string, { table: SQLiteTable; time: SQLiteColumn }>;

export type ExpiringRows = keyof typeof EXPIRING;
export const EXPIRING_ROWS = Object.keys(EXPIRING) as ExpiringRows[];

/**
 * Deletes at most about `limit` of the oldest rows of a kind whose time is before `before`
 * (rows sharing the edge time all go), and says how many went and whether older ones remain.
 * Bounded so one call never holds the writer long. The batch edge is found by time, not by a
 * rowid, to keep the SQL portable.
 */
export async function deleteExpiredRows(
  tx: Db,
  kind: ExpiringRows,
  before: number,
  limit: number,
): Promise<{ deleted: number; more: boolean }> {
  const { table, time } = EXPIRING[kind];
  const edge = tx
    .select({ at: time })
    .from(table)
    .where(lt(time, before))
    .orderBy(asc(time))
    .limit(1)
    .offset(limit - 1)
    .get() as { at: number } | undefined;
  const deleted = tx
    .delete(table)
    .where(edge ? lte(time, edge.at) : lt(time, before))
    .run().changes;
  return { deleted, more: edge !== undefined };
}
