import { asc, lt, lte } from 'drizzle-orm';
import type { Db, Schema } from '../client.ts';
import { firstOrNull, tables } from '../tables.ts';

// Data access of housekeeping (SPEC §9's scheduler): rows that only serve a short window —
// replays, throttles, sessions, one-time codes and links — deleted once they are of no use, so
// that these tables stay small for years of traffic. Each kind is deleted by an indexed time.

const expiringOf = (t: Schema) => ({
  idempotency_keys: { table: t.idempotencyKeys, time: t.idempotencyKeys.createdAt },
  sign_in_attempts: { table: t.signInAttempts, time: t.signInAttempts.at },
  staff_sessions: { table: t.staffSessions, time: t.staffSessions.expiresAt },
  verification_codes: { table: t.verificationCodes, time: t.verificationCodes.expiresAt },
  password_reset_tokens: {
    table: t.passwordResetTokens,
    time: t.passwordResetTokens.expiresAt,
  },
});

export type ExpiringRows = keyof ReturnType<typeof expiringOf>;

/** Every kind, in the order housekeeping goes through them (the record keeps it complete). */
const KINDS: Record<ExpiringRows, true> = {
  idempotency_keys: true,
  sign_in_attempts: true,
  staff_sessions: true,
  verification_codes: true,
  password_reset_tokens: true,
};
export const EXPIRING_ROWS = Object.keys(KINDS) as ExpiringRows[];

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
  const { table, time } = expiringOf(tables(tx))[kind];
  const edge = firstOrNull(
    await tx
      .select({ at: time })
      .from(table)
      .where(lt(time, before))
      .orderBy(asc(time))
      .limit(1)
      .offset(limit - 1),
  );
  const deleted = await tx
    .delete(table)
    .where(edge ? lte(time, edge.at) : lt(time, before))
    .returning({ at: time });
  return { deleted: deleted.length, more: edge !== null };
}
