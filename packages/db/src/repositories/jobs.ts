import type { AccountFacts, DeactivationReason, LockFields } from '@lifeline/domain';
import {
  type AnyColumn,
  and,
  asc,
  count,
  desc,
  eq,
  gt,
  inArray,
  isNotNull,
  lt,
  lte,
  or,
  sql,
} from 'drizzle-orm';
import type { Db, Schema } from '../client.ts';
import { engineOf, firstOrNull, tables } from '../tables.ts';
import { accountFactsOf } from './facts.ts';

// Data access of the background work (SPEC §9): the scheduler's scans and changes, and the
// outbox sender's claims. Scans page by id (keyset) so a candidate the domain declines is not
// read again in the same pass; every change re-reads its row inside the caller's transaction.

export interface ScanPage {
  /** Only ids greater than this one (keyset paging); '' for the first page. */
  afterId: string;
  limit: number;
}

/** Limited accounts whose first failed charge is at or before `failedAtOrBefore`. */
export async function listDunningDueAccountIds(
  db: Db,
  failedAtOrBefore: number,
  page: ScanPage,
): Promise<string[]> {
  const { accounts } = tables(db);
  const rows = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(
      and(
        eq(accounts.status, 'limited'),
        isNotNull(accounts.paymentFailedAt),
        lte(accounts.paymentFailedAt, failedAtOrBefore),
        gt(accounts.id, page.afterId),
      ),
    )
    .orderBy(asc(accounts.id))
    .limit(page.limit);
  return rows.map((row) => row.id);
}

/** Logins whose temporary lock ran out at or before `now`. */
export async function listExpiredLockLoginIds(
  db: Db,
  now: number,
  page: ScanPage,
): Promise<string[]> {
  const { logins } = tables(db);
  const rows = await db
    .select({ id: logins.id })
    .from(logins)
    .where(
      and(isNotNull(logins.lockedUntil), lte(logins.lockedUntil, now), gt(logins.id, page.afterId)),
    )
    .orderBy(asc(logins.id))
    .limit(page.limit);
  return rows.map((row) => row.id);
}

/** Deactivated accounts whose `purgeAfter` is strictly before `purgeAfterBefore`. */
export async function listPurgeDueAccountIds(
  db: Db,
  purgeAfterBefore: number,
  page: ScanPage,
): Promise<string[]> {
  const { accounts } = tables(db);
  const rows = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(
      and(
        eq(accounts.status, 'deactivated'),
        lt(accounts.purgeAfter, purgeAfterBefore),
        gt(accounts.id, page.afterId),
      ),
    )
    .orderBy(asc(accounts.id))
    .limit(page.limit);
  return rows.map((row) => row.id);
}

/** The account as the domain's rules read it, without logins, blocks or billing. */
export async function findAccountFacts(db: Db, accountId: string): Promise<AccountFacts | null> {
  const { accounts } = tables(db);
  const row = firstOrNull(
    await db.select().from(accounts).where(eq(accounts.id, accountId)).limit(1),
  );
  return row ? accountFactsOf(row) : null;
}

export async function findLoginLockFacts(
  db: Db,
  loginId: string,
): Promise<(LockFields & { id: string; accountId: string }) | null> {
  const { logins } = tables(db);
  return firstOrNull(
    await db
      .select({
        id: logins.id,
        accountId: logins.accountId,
        failedAttempts: logins.failedAttempts,
        firstFailedAt: logins.firstFailedAt,
        lockedUntil: logins.lockedUntil,
        lockoutCount: logins.lockoutCount,
      })
      .from(logins)
      .where(eq(logins.id, loginId))
      .limit(1),
  );
}

/** Writes the expired lock's fields if the lock is still the one the job saw. */
export async function writeExpiredLock(
  tx: Db,
  input: { loginId: string; seenLockedUntil: number; fields: LockFields },
): Promise<boolean> {
  const { logins } = tables(tx);
  const written = await tx
    .update(logins)
    .set({
      failedAttempts: input.fields.failedAttempts,
      firstFailedAt: input.fields.firstFailedAt,
      lockedUntil: input.fields.lockedUntil,
      lockoutCount: input.fields.lockoutCount,
    })
    .where(and(eq(logins.id, input.loginId), eq(logins.lockedUntil, input.seenLockedUntil)))
    .returning({ id: logins.id });
  return written.length === 1;
}

export interface PurgeSubject {
  accountId: string;
  status: AccountFacts['status'];
  contactEmail: string;
  deactivatedAt: number | null;
  deactivationReason: DeactivationReason | null;
  purgeAfter: number | null;
  /** Every login identifier the account ever had, removed logins included. */
  loginIdentifiers: string[];
  loginIds: string[];
}

export async function loadPurgeSubject(db: Db, accountId: string): Promise<PurgeSubject | null> {
  const { accounts, logins } = tables(db);
  const account = firstOrNull(
    await db
      .select({
        status: accounts.status,
        contactEmail: accounts.contactEmail,
        deactivatedAt: accounts.deactivatedAt,
        deactivationReason: accounts.deactivationReason,
        purgeAfter: accounts.purgeAfter,
      })
      .from(accounts)
      .where(eq(accounts.id, accountId))
      .limit(1),
  );
  if (!account) return null;
  const loginRows = await db
    .select({ id: logins.id, identifier: logins.identifier })
    .from(logins)
    .where(eq(logins.accountId, accountId));
  return {
    accountId,
    ...account,
    loginIdentifiers: loginRows.map((row) => row.identifier),
    loginIds: loginRows.map((row) => row.id),
  };
}

export interface PurgeCounts {
  logins: number;
  identifierHashes: number;
  blocks: number;
  identityChecks: number;
  charges: number;
  cards: number;
  billingAddresses: number;
  verifications: number;
  verificationCodes: number;
  passwordResetTokens: number;
  /** Escalations of the account: their notes are staff-typed text about the customer. */
  escalations: number;
  outboxRedacted: number;
}

/** What an outbox row of a purged account keeps: that an email went, not to whom or what. */
export const PURGED_ADDRESS = '[purged]';
export const PURGED_BODY = '[erased when the account was purged]';

/**
 * Replaces the account by its tombstone (SPEC §3), inside the caller's transaction: the
 * tombstone and the keyed hashes first, then every row that holds the customer's data, children
 * before parents (foreign keys are on). Outbox rows about the account lose their address, body
 * and secret — personal data of an account that no longer exists — and an undelivered one is
 * marked failed so it is never sent. Audit events are not touched (SPEC §8).
 */
export async function erasePurgedAccount(
  tx: Db,
  input: {
    subject: PurgeSubject;
    identifierHashes: string[];
    purgedAt: number;
  },
): Promise<PurgeCounts> {
  const {
    accounts,
    billingAddresses,
    blocks,
    cards,
    charges,
    identityChecks,
    logins,
    outbox,
    passwordResetTokens,
    escalations,
    tombstoneIdentifiers,
    tombstones,
    verificationCodes,
    verifications,
  } = tables(tx);
  const { subject, purgedAt } = input;
  const accountId = subject.accountId;
  await tx.insert(tombstones).values({
    accountId,
    deactivatedAt: subject.deactivatedAt,
    deactivationReason: subject.deactivationReason,
    purgedAt,
  });
  const hashes = [...new Set(input.identifierHashes)];
  if (hashes.length > 0) {
    await tx
      .insert(tombstoneIdentifiers)
      .values(hashes.map((identifierHash) => ({ identifierHash, accountId })))
      .onConflictDoNothing();
  }

  // Rows found through a login as well as through the account, so none is left pointing at it.
  // No logins, no such condition (`or` drops an undefined one).
  const ofLogins = (column: AnyColumn) =>
    subject.loginIds.length > 0 ? inArray(column, subject.loginIds) : undefined;
  const redacted = await tx
    .update(outbox)
    .set({
      toAddress: PURGED_ADDRESS,
      bodyText: PURGED_BODY,
      secret: null,
      status: sql`CASE WHEN ${outbox.status} = 'pending' THEN 'failed' ELSE ${outbox.status} END`,
      lastError: sql`CASE WHEN ${outbox.status} = 'pending' THEN 'account purged before delivery' ELSE ${outbox.lastError} END`,
    })
    .where(or(eq(outbox.accountId, accountId), ofLogins(outbox.loginId)))
    .returning({ id: outbox.id });

  const counts: PurgeCounts = {
    logins: 0,
    identifierHashes: hashes.length,
    blocks: 0,
    identityChecks: 0,
    charges: 0,
    cards: 0,
    billingAddresses: 0,
    verifications: 0,
    verificationCodes: 0,
    passwordResetTokens: 0,
    escalations: 0,
    outboxRedacted: redacted.length,
  };
  counts.escalations = (
    await tx
      .delete(escalations)
      .where(eq(escalations.accountId, accountId))
      .returning({ id: escalations.id })
  ).length;
  counts.identityChecks = (
    await tx
      .delete(identityChecks)
      .where(eq(identityChecks.accountId, accountId))
      .returning({ id: identityChecks.id })
  ).length;
  counts.blocks = (
    await tx.delete(blocks).where(eq(blocks.accountId, accountId)).returning({ id: blocks.id })
  ).length;
  counts.verificationCodes = (
    await tx
      .delete(verificationCodes)
      .where(or(eq(verificationCodes.accountId, accountId), ofLogins(verificationCodes.loginId)))
      .returning({ id: verificationCodes.id })
  ).length;
  counts.verifications = (
    await tx
      .delete(verifications)
      .where(or(eq(verifications.accountId, accountId), ofLogins(verifications.loginId)))
      .returning({ id: verifications.id })
  ).length;
  const tokensOfLogins = ofLogins(passwordResetTokens.loginId);
  counts.passwordResetTokens = tokensOfLogins
    ? (
        await tx
          .delete(passwordResetTokens)
          .where(tokensOfLogins)
          .returning({ id: passwordResetTokens.id })
      ).length
    : 0;
  counts.charges = (
    await tx.delete(charges).where(eq(charges.accountId, accountId)).returning({ id: charges.id })
  ).length;
  counts.cards = (
    await tx
      .delete(cards)
      .where(eq(cards.accountId, accountId))
      .returning({ accountId: cards.accountId })
  ).length;
  counts.billingAddresses = (
    await tx
      .delete(billingAddresses)
      .where(eq(billingAddresses.accountId, accountId))
      .returning({ accountId: billingAddresses.accountId })
  ).length;
  counts.logins = (
    await tx.delete(logins).where(eq(logins.accountId, accountId)).returning({ id: logins.id })
  ).length;
  await tx.delete(accounts).where(eq(accounts.id, accountId));
  return counts;
}

// ——— The outbox sender's side ———

export interface ClaimedEmail {
  id: string;
  toAddress: string;
  subject: string;
  bodyText: string;
  secret: string | null;
  attempts: number;
  /** The lease: the row's nextAttemptAt while this sender holds it, and its claim token. */
  leaseUntil: number;
}

/** PostgreSQL's row-locking clause on a select; SQLite's builder has none. */
interface LockableSelect<Row> {
  for(strength: 'update', config: { skipLocked: true }): PromiseLike<Row[]>;
}

/**
 * Claims up to `limit` due pending emails, oldest first, by pushing their nextAttemptAt to
 * `leaseUntil`. Run it in one transaction: another sender (in this process or another) then
 * sees them as not due until the lease runs out.
 */
export async function claimDueEmails(
  tx: Db,
  input: { now: number; leaseUntil: number; limit: number },
): Promise<ClaimedEmail[]> {
  const { outbox } = tables(tx);
  const due = tx
    .select({
      id: outbox.id,
      toAddress: outbox.toAddress,
      subject: outbox.subject,
      bodyText: outbox.bodyText,
      secret: outbox.secret,
      attempts: outbox.attempts,
    })
    .from(outbox)
    .where(and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, input.now)))
    .orderBy(asc(outbox.createdAt), asc(outbox.id))
    .limit(input.limit);
  // SQLite's IMMEDIATE transaction makes claims one at a time. PostgreSQL's senders run side by
  // side: each locks the rows it claims and skips those another holds, so none is sent twice.
  const rows =
    engineOf(tx) === 'postgres'
      ? await (due as unknown as LockableSelect<Awaited<typeof due>[number]>).for('update', {
          skipLocked: true,
        })
      : await due;
  if (rows.length === 0) return [];
  await tx
    .update(outbox)
    .set({ nextAttemptAt: input.leaseUntil })
    .where(
      inArray(
        outbox.id,
        rows.map((row) => row.id),
      ),
    );
  return rows.map((row) => ({ ...row, leaseUntil: input.leaseUntil }));
}

/** The claim still holds: pending, same attempt count, our lease. Else another sender took it. */
function stillClaimed(
  { outbox }: Schema,
  email: Pick<ClaimedEmail, 'id' | 'attempts' | 'leaseUntil'>,
) {
  return and(
    eq(outbox.id, email.id),
    eq(outbox.status, 'pending'),
    eq(outbox.attempts, email.attempts),
    eq(outbox.nextAttemptAt, email.leaseUntil),
  );
}

/** Delivered: the secret is erased, it is not needed any more. */
export async function markEmailSent(
  tx: Db,
  email: Pick<ClaimedEmail, 'id' | 'attempts' | 'leaseUntil'>,
  sentAt: number,
): Promise<boolean> {
  const schema = tables(tx);
  const { outbox } = schema;
  const marked = await tx
    .update(outbox)
    .set({ status: 'sent', sentAt, secret: null, lastError: null, attempts: email.attempts + 1 })
    .where(stillClaimed(schema, email))
    .returning({ id: outbox.id });
  return marked.length === 1;
}

/** A failed attempt: retried at `nextAttemptAt`, or given up (and the secret erased). */
export async function markEmailAttemptFailed(
  tx: Db,
  email: Pick<ClaimedEmail, 'id' | 'attempts' | 'leaseUntil'>,
  outcome: { lastError: string; nextAttemptAt: number; giveUp: boolean },
): Promise<boolean> {
  const schema = tables(tx);
  const { outbox } = schema;
  const marked = await tx
    .update(outbox)
    .set({
      attempts: email.attempts + 1,
      lastError: outcome.lastError,
      nextAttemptAt: outcome.nextAttemptAt,
      ...(outcome.giveUp ? { status: 'failed' as const, secret: null } : {}),
    })
    .where(stillClaimed(schema, email))
    .returning({ id: outbox.id });
  return marked.length === 1;
}

export async function countOutboxBacklog(db: Db): Promise<{ pending: number; failed: number }> {
  const { outbox } = tables(db);
  const rows = await db
    .select({ status: outbox.status, n: count() })
    .from(outbox)
    .where(inArray(outbox.status, ['pending', 'failed']))
    .groupBy(outbox.status);
  return {
    pending: rows.find((row) => row.status === 'pending')?.n ?? 0,
    failed: rows.find((row) => row.status === 'failed')?.n ?? 0,
  };
}

/** For the development-only peek CLI: the newest pending emails, secrets included. */
export async function listNewestPendingEmails(db: Db, limit: number) {
  const { outbox } = tables(db);
  return await db
    .select({
      id: outbox.id,
      createdAt: outbox.createdAt,
      toAddress: outbox.toAddress,
      subject: outbox.subject,
      bodyText: outbox.bodyText,
      secret: outbox.secret,
    })
    .from(outbox)
    .where(eq(outbox.status, 'pending'))
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(limit);
}
