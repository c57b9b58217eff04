import type {
  AccountChanges,
  AccountStatus,
  DeactivationReason,
  LockFields,
  LoginRole,
  VerificationMethod,
} from '@lifeline/domain';
import { and, asc, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { newId } from '../ids.ts';
import { firstOrNull, tables } from '../tables.ts';

// Writes of the support actions (SPEC §6). Every change is conditional on the state the
// service decided on: a write that matches no row means someone else changed it first, and
// the service turns `false`/`null` into VERSION_CONFLICT.

export async function findAccountIdOfLogin(db: Db, loginId: string): Promise<string | null> {
  const { logins } = tables(db);
  const [row] = await db
    .select({ accountId: logins.accountId })
    .from(logins)
    .where(eq(logins.id, loginId))
    .limit(1);
  return row?.accountId ?? null;
}

export async function findAccountIdOfBlock(db: Db, blockId: string): Promise<string | null> {
  const { blocks } = tables(db);
  const [row] = await db
    .select({ accountId: blocks.accountId })
    .from(blocks)
    .where(eq(blocks.id, blockId))
    .limit(1);
  return row?.accountId ?? null;
}

/** Roles of the live logins with this identifier on other accounts: why a detach was asked for. */
export async function liveLoginRolesElsewhere(
  db: Db,
  identifier: string,
  accountId: string,
): Promise<LoginRole[]> {
  const { logins } = tables(db);
  const rows = await db
    .select({ role: logins.role })
    .from(logins)
    .where(
      and(
        eq(logins.identifier, identifier),
        ne(logins.accountId, accountId),
        isNull(logins.removedAt),
      ),
    );
  return rows.map((row) => row.role);
}

/** The account row as the action outputs show it: named fields, never the whole row. */
export async function findAccountForOutput(db: Db, accountId: string) {
  const { accounts } = tables(db);
  return firstOrNull(
    await db
      .select({
        id: accounts.id,
        status: accounts.status,
        plan: accounts.plan,
        version: accounts.version,
        balanceCents: accounts.balanceCents,
        deactivatedAt: accounts.deactivatedAt,
        deactivationReason: accounts.deactivationReason,
        purgeAfter: accounts.purgeAfter,
        paymentFailedAt: accounts.paymentFailedAt,
      })
      .from(accounts)
      .where(eq(accounts.id, accountId))
      .limit(1),
  );
}

/**
 * The one versioned write of an account: applies `changes` (maybe none) and bumps `version`,
 * only if the account is still at `expectedVersion` (and in `whenStatus`, when given). Returns
 * the new version, or null when the account moved on meanwhile. An action on a login or a
 * block calls it with no changes, so an agent holding the older version (a reactivation in
 * flight) conflicts instead of acting on stale facts.
 */
export async function updateAccountAtVersion(
  tx: Db,
  input: {
    accountId: string;
    expectedVersion: number;
    changes?: AccountChanges;
    whenStatus?: AccountStatus;
  },
): Promise<number | null> {
  const { accounts } = tables(tx);
  const [row] = await tx
    .update(accounts)
    .set({ ...input.changes, version: sql`${accounts.version} + 1` })
    .where(
      and(
        eq(accounts.id, input.accountId),
        eq(accounts.version, input.expectedVersion),
        input.whenStatus === undefined ? undefined : eq(accounts.status, input.whenStatus),
      ),
    )
    .returning({ version: accounts.version });
  return row?.version ?? null;
}

/** Removes a team-member login that is still there. */
export async function writeLoginRemoved(
  tx: Db,
  loginId: string,
  removedAt: number,
): Promise<boolean> {
  const { logins } = tables(tx);
  const result = await tx
    .update(logins)
    .set({ removedAt })
    .where(and(eq(logins.id, loginId), eq(logins.role, 'team_member'), isNull(logins.removedAt)))
    .returning({ id: logins.id });
  return result.length === 1;
}

/** Writes cleared lock fields on a login that is still there. */
export async function writeLoginLock(
  tx: Db,
  loginId: string,
  fields: LockFields,
): Promise<boolean> {
  const { logins } = tables(tx);
  const result = await tx
    .update(logins)
    .set({
      failedAttempts: fields.failedAttempts,
      firstFailedAt: fields.firstFailedAt,
      lockedUntil: fields.lockedUntil,
      lockoutCount: fields.lockoutCount,
    })
    .where(and(eq(logins.id, loginId), isNull(logins.removedAt)))
    .returning({ id: logins.id });
  return result.length === 1;
}

/** Lifts a block that is still open. */
export async function writeBlockLifted(
  tx: Db,
  blockId: string,
  lift: { liftedAt: number | null; liftedBy: string | null },
): Promise<boolean> {
  const { blocks } = tables(tx);
  const result = await tx
    .update(blocks)
    .set({ liftedAt: lift.liftedAt, liftedBy: lift.liftedBy })
    .where(and(eq(blocks.id, blockId), isNull(blocks.liftedAt)))
    .returning({ id: blocks.id });
  return result.length === 1;
}

/** When reset links went out for this login after `since`: the 3-per-hour limit reads these. */
export async function resetLinkTimesSince(
  db: Db,
  loginId: string,
  since: number,
): Promise<number[]> {
  const { passwordResetTokens } = tables(db);
  const rows = await db
    .select({ createdAt: passwordResetTokens.createdAt })
    .from(passwordResetTokens)
    .where(and(eq(passwordResetTokens.loginId, loginId), gt(passwordResetTokens.createdAt, since)))
    .orderBy(asc(passwordResetTokens.createdAt));
  return rows.map((row) => row.createdAt);
}

/** Stores a reset token by its hash only; the token itself leaves only in the email. */
export async function insertResetToken(
  tx: Db,
  row: { loginId: string; tokenHash: string; createdAt: number; expiresAt: number },
): Promise<string> {
  const { passwordResetTokens } = tables(tx);
  const id = newId('rst');
  await tx.insert(passwordResetTokens).values({ id, ...row });
  return id;
}

export interface NewReactivationReview {
  auditEventId: number;
  accountId: string;
  agentId: string;
  ticketRef: string;
  verificationId: string;
  verificationMethod: VerificationMethod;
  verifiedAt: number;
  deactivationReason: DeactivationReason;
  daysLeft: number;
  reactivatedAt: number;
}

/** Every reactivation enters the lead review queue, open (SPEC §8). */
export async function insertReactivationReview(
  tx: Db,
  row: NewReactivationReview,
): Promise<string> {
  const { reactivationReviews } = tables(tx);
  const id = newId('rev');
  await tx.insert(reactivationReviews).values({ id, ...row, status: 'open' });
  return id;
}
