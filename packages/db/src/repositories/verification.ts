import type { AlertKind, VerificationMethod, VerificationOutcome } from '@lifeline/domain';
import { and, asc, desc, eq, gt, max, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { newId } from '../ids.ts';
import { preparedFor } from '../prepared.ts';
import { firstOrNull, tables } from '../tables.ts';

/**
 * The latest end of each account's verification lock still running at `now`. Locks live in
 * the alerts table, so every agent and every server process sees the same one.
 */
const accountLockUntil = (db: Db, { alerts } = tables(db)) =>
  db
    .select({ until: max(alerts.until) })
    .from(alerts)
    .where(
      and(
        eq(alerts.accountId, sql.placeholder('accountId')),
        eq(alerts.kind, 'verification_locked'),
        gt(alerts.until, sql.placeholder('now')),
      ),
    );

export async function findAccountVerificationLocks(
  db: Db,
  accountIds: readonly string[],
  now: number,
): Promise<Map<string, number>> {
  const locks = new Map<string, number>();
  for (const accountId of new Set(accountIds)) {
    const row = await preparedFor(db, 'verification.accountLock', accountLockUntil).get({
      accountId,
      now,
    });
    if (row?.until != null) locks.set(accountId, row.until);
  }
  return locks;
}

/**
 * The lock and the failures of the last `window` on one account, in one round trip: the
 * verification panel shows "2 of 3 tries used" before the lock, and the lock's end after it.
 */
const accountVerificationState = (db: Db, { alerts, verifications } = tables(db)) =>
  db
    .select({
      until: max(alerts.until),
      failures: sql<number>`(SELECT count(*) FROM ${verifications}
        WHERE ${verifications.accountId} = ${sql.placeholder('accountId')}
          AND ${verifications.outcome} = 'failed'
          AND ${verifications.createdAt} > ${sql.placeholder('since')})`.mapWith(Number),
    })
    .from(alerts)
    .where(
      and(
        eq(alerts.accountId, sql.placeholder('accountId')),
        eq(alerts.kind, 'verification_locked'),
        gt(alerts.until, sql.placeholder('now')),
      ),
    );

export interface AccountVerificationLockState {
  lockedUntil: number | null;
  /** Failed verifications on the account, by anyone, in the window before `now`. */
  recentFailures: number;
}

export async function findAccountVerificationStates(
  db: Db,
  accountIds: readonly string[],
  now: number,
  window: number,
): Promise<Map<string, AccountVerificationLockState>> {
  const states = new Map<string, AccountVerificationLockState>();
  for (const accountId of new Set(accountIds)) {
    const row = await preparedFor(db, 'verification.accountState', accountVerificationState).get({
      accountId,
      now,
      since: now - window,
    });
    states.set(accountId, {
      lockedUntil: row?.until ?? null,
      recentFailures: Number(row?.failures ?? 0),
    });
  }
  return states;
}

/** When this staff member's verification throttle ends, or null when not throttled. */
const staffThrottleUntil = (db: Db, { alerts } = tables(db)) =>
  db
    .select({ until: max(alerts.until) })
    .from(alerts)
    .where(
      and(
        eq(alerts.staffId, sql.placeholder('staffId')),
        eq(alerts.kind, 'staff_throttled'),
        gt(alerts.until, sql.placeholder('now')),
      ),
    );

export async function findStaffVerificationThrottle(
  db: Db,
  staffId: string,
  now: number,
): Promise<number | null> {
  const row = await preparedFor(db, 'verification.staffThrottle', staffThrottleUntil).get({
    staffId,
    now,
  });
  return row?.until ?? null;
}

export async function insertVerificationAlert(
  tx: Db,
  row: {
    kind: AlertKind;
    accountId?: string | null;
    staffId?: string | null;
    raisedAt: number;
    until: number;
  },
): Promise<string> {
  const { alerts } = tables(tx);
  const id = newId('alr');
  await tx.insert(alerts).values({
    id,
    kind: row.kind,
    accountId: row.accountId ?? null,
    staffId: row.staffId ?? null,
    raisedAt: row.raisedAt,
    until: row.until,
  });
  return id;
}

/**
 * Passed verifications of this staff member on these accounts still valid at `now`. A pass
 * lives `validFor` ms, so only passes made since `now - validFor` are looked at: whichever index
 * SQLite picks (per account or per staff member) then reads a handful of rows, not months.
 */
const livePasses = (db: Db, { verifications } = tables(db)) =>
  db
    .select({
      id: verifications.id,
      accountId: verifications.accountId,
      loginId: verifications.loginId,
      ticketRef: verifications.ticketRef,
      method: verifications.method,
      createdAt: verifications.createdAt,
      expiresAt: verifications.expiresAt,
    })
    .from(verifications)
    .where(
      and(
        eq(verifications.accountId, sql.placeholder('accountId')),
        eq(verifications.outcome, 'passed'),
        eq(verifications.staffId, sql.placeholder('staffId')),
        gt(verifications.createdAt, sql.placeholder('since')),
        gt(verifications.expiresAt, sql.placeholder('now')),
      ),
    )
    .orderBy(desc(verifications.createdAt));

export async function findLivePassedVerifications(
  db: Db,
  staffId: string,
  accountIds: readonly string[],
  now: number,
  validFor: number,
) {
  const statement = preparedFor(db, 'verification.livePasses', livePasses);
  const passes = [];
  for (const accountId of new Set(accountIds)) {
    passes.push(...(await statement.all({ accountId, staffId, since: now - validFor, now })));
  }
  return passes;
}

/** Records one attempt: method and outcome only, never what was typed (SPEC §5). */
export async function insertVerification(
  tx: Db,
  row: {
    staffId: string;
    loginId: string;
    accountId: string;
    ticketRef: string;
    method: VerificationMethod;
    outcome: VerificationOutcome;
    createdAt: number;
    expiresAt: number | null;
  },
): Promise<string> {
  const { verifications } = tables(tx);
  const id = newId('ver');
  await tx.insert(verifications).values({ id, ...row });
  return id;
}

/** Instants of failed verifications since `since` (exclusive), for one account or staff member. */
export async function verificationFailureTimes(
  db: Db,
  by: { accountId: string } | { staffId: string },
  since: number,
): Promise<number[]> {
  const { verifications } = tables(db);
  const subject =
    'accountId' in by
      ? eq(verifications.accountId, by.accountId)
      : eq(verifications.staffId, by.staffId);
  const rows = await db
    .select({ at: verifications.createdAt })
    .from(verifications)
    .where(and(subject, eq(verifications.outcome, 'failed'), gt(verifications.createdAt, since)));
  return rows.map((row) => row.at);
}

export async function insertVerificationCode(
  tx: Db,
  row: {
    id: string;
    staffId: string;
    loginId: string;
    accountId: string;
    ticketRef: string;
    codeHash: string;
    createdAt: number;
    expiresAt: number;
  },
): Promise<void> {
  const { verificationCodes } = tables(tx);
  await tx.insert(verificationCodes).values({ ...row, tries: 0 });
}

/**
 * When email codes went to this login after `since` (exclusive), by any staff member: the send
 * limit reads these. Served by `verification_codes_login_at_idx` (login_id, created_at).
 */
export function verificationCodeTimesQuery(db: Db, loginId: string, since: number) {
  const { verificationCodes } = tables(db);
  return db
    .select({ createdAt: verificationCodes.createdAt })
    .from(verificationCodes)
    .where(and(eq(verificationCodes.loginId, loginId), gt(verificationCodes.createdAt, since)))
    .orderBy(asc(verificationCodes.createdAt));
}

export async function verificationCodeTimesSince(
  db: Db,
  loginId: string,
  since: number,
): Promise<number[]> {
  const rows = await verificationCodeTimesQuery(db, loginId, since);
  return rows.map((row) => row.createdAt);
}

/**
 * The newest code sent to this login by this staff member for this ticket, used or not: a
 * newer code supersedes the older ones, so only this one can ever pass.
 */
export async function findLatestVerificationCode(
  db: Db,
  key: { loginId: string; staffId: string; ticketRef: string },
) {
  const { verificationCodes } = tables(db);
  return firstOrNull(
    await db
      .select({
        id: verificationCodes.id,
        codeHash: verificationCodes.codeHash,
        createdAt: verificationCodes.createdAt,
        expiresAt: verificationCodes.expiresAt,
        tries: verificationCodes.tries,
        consumedAt: verificationCodes.consumedAt,
      })
      .from(verificationCodes)
      .where(
        and(
          eq(verificationCodes.loginId, key.loginId),
          eq(verificationCodes.staffId, key.staffId),
          eq(verificationCodes.ticketRef, key.ticketRef),
        ),
      )
      .orderBy(desc(verificationCodes.createdAt), desc(verificationCodes.id))
      .limit(1),
  );
}

export async function recordVerificationCodeTry(
  tx: Db,
  id: string,
  tries: number,
  consumedAt: number | null,
): Promise<void> {
  const { verificationCodes } = tables(tx);
  await tx.update(verificationCodes).set({ tries, consumedAt }).where(eq(verificationCodes.id, id));
}
