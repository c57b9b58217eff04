import type { AccountStatus, IdentifierKind, LoginRole, Plan } from '@lifeline/domain';
import { and, asc, desc, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import type { Db, Schema } from '../client.ts';
import { firstOrNull, tables } from '../tables.ts';

/** One search hit: a live login with the status and plan of its account. */
export interface LoginSearchRow {
  loginId: string;
  accountId: string;
  identifier: string;
  identifierKind: IdentifierKind;
  role: LoginRole;
  status: AccountStatus;
  plan: Plan;
}

const searchColumnsOf = ({ logins, accounts }: Schema) => ({
  loginId: logins.id,
  accountId: logins.accountId,
  identifier: logins.identifier,
  identifierKind: logins.identifierKind,
  role: logins.role,
  status: accounts.status,
  plan: accounts.plan,
});

/** Where a keyset page starts: strictly after this (identifier, accountId). */
export interface LoginKeyset {
  identifier: string;
  accountId: string;
}

// Above every code point, so `prefix || MAX` bounds the range of identifiers starting with it.
const MAX_CODE_POINT = '\u{10FFFF}';

/**
 * Live logins whose identifier starts with `prefix`, in (identifier, accountId) order — the
 * order of the unique index, so the range scan and the keyset both stay on the index at any
 * size: no LIKE, no OFFSET.
 */
export async function searchLoginsByPrefix(
  db: Db,
  prefix: string,
  after: LoginKeyset | null,
  limit: number,
): Promise<LoginSearchRow[]> {
  const { accounts, logins } = tables(db);
  const conditions = [
    gte(logins.identifier, prefix),
    lt(logins.identifier, `${prefix}${MAX_CODE_POINT}`),
    isNull(logins.removedAt),
  ];
  if (after !== null) {
    conditions.push(
      sql`(${logins.identifier}, ${logins.accountId}) > (${after.identifier}, ${after.accountId})`,
    );
  }
  return await db
    .select(searchColumnsOf(tables(db)))
    .from(logins)
    .innerJoin(accounts, eq(accounts.id, logins.accountId))
    .where(and(...conditions))
    .orderBy(asc(logins.identifier), asc(logins.accountId))
    .limit(limit);
}

/** Live owner logins of the accounts whose contact email is exactly `email`. */
export async function findOwnerLoginsByContactEmail(
  db: Db,
  email: string,
  limit: number,
): Promise<LoginSearchRow[]> {
  const { accounts, logins } = tables(db);
  return await db
    .select(searchColumnsOf(tables(db)))
    .from(accounts)
    .innerJoin(logins, eq(logins.accountId, accounts.id))
    .where(
      and(eq(accounts.contactEmail, email), eq(logins.role, 'owner'), isNull(logins.removedAt)),
    )
    .orderBy(asc(logins.identifier), asc(logins.accountId))
    .limit(limit);
}

/** The live logins of one account, owners first. */
export async function findLiveLoginsOfAccount(
  db: Db,
  accountId: string,
): Promise<LoginSearchRow[]> {
  const { accounts, logins } = tables(db);
  return await db
    .select(searchColumnsOf(tables(db)))
    .from(logins)
    .innerJoin(accounts, eq(accounts.id, logins.accountId))
    .where(and(eq(logins.accountId, accountId), isNull(logins.removedAt)))
    .orderBy(desc(eq(logins.role, 'owner')), asc(logins.identifier));
}

export async function findAccountHeader(db: Db, accountId: string) {
  const { accounts } = tables(db);
  return firstOrNull(
    await db
      .select({ id: accounts.id, status: accounts.status, plan: accounts.plan })
      .from(accounts)
      .where(eq(accounts.id, accountId))
      .limit(1),
  );
}

export async function findTombstoneById(db: Db, accountId: string) {
  const { tombstones } = tables(db);
  return firstOrNull(
    await db
      .select({
        accountId: tombstones.accountId,
        deactivatedAt: tombstones.deactivatedAt,
        deactivationReason: tombstones.deactivationReason,
        purgedAt: tombstones.purgedAt,
      })
      .from(tombstones)
      .where(eq(tombstones.accountId, accountId))
      .limit(1),
  );
}

/**
 * The account's audit events, newest first, with the acting staff member's display name
 * (null for 'system' and other non-staff actors). Details are left out on purpose: the
 * timeline says what happened, the audit log has the rest for those who may read it.
 */
export async function listAccountAuditEvents(db: Db, accountId: string, limit: number) {
  const { staff, auditEvents } = tables(db);
  return await db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      staffId: auditEvents.staffId,
      staffName: staff.displayName,
      action: auditEvents.action,
      outcome: auditEvents.outcome,
      reason: auditEvents.reason,
      ticketRef: auditEvents.ticketRef,
      loginId: auditEvents.loginId,
    })
    .from(auditEvents)
    .leftJoin(staff, eq(staff.id, auditEvents.staffId))
    .where(eq(auditEvents.accountId, accountId))
    .orderBy(desc(auditEvents.id))
    .limit(limit);
}

/**
 * Whether the account was reactivated at exactly `at`: a reactivation of an account that still
 * owes restarts its unpaid run then (paymentFailedAt = the reactivation's instant, SPEC §3/§6).
 */
export async function wasReactivatedAt(db: Db, accountId: string, at: number): Promise<boolean> {
  const { auditEvents } = tables(db);
  const rows = await db
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.accountId, accountId),
        eq(auditEvents.action, 'account.reactivate'),
        eq(auditEvents.outcome, 'succeeded'),
        eq(auditEvents.at, at),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

/** Emails queued for the account, newest first — never their body or secret. */
export async function listAccountEmails(db: Db, accountId: string, limit: number) {
  const { outbox } = tables(db);
  return await db
    .select({
      id: outbox.id,
      createdAt: outbox.createdAt,
      template: outbox.template,
      toAddress: outbox.toAddress,
      status: outbox.status,
      sentAt: outbox.sentAt,
    })
    .from(outbox)
    .where(eq(outbox.accountId, accountId))
    .orderBy(desc(outbox.createdAt))
    .limit(limit);
}
