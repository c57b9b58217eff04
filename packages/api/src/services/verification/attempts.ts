import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import {
  accountIdsForIdentifier,
  appendAuditEvent,
  type Db,
  enqueueEmail,
  findAccountVerificationLocks,
  findLatestVerificationCode,
  findStaffVerificationThrottle,
  insertVerification,
  insertVerificationAlert,
  insertVerificationCode,
  loadAccountSnapshots,
  newId,
  recordVerificationCodeTry,
  verificationCodeTimesSince,
  verificationFailureTimes,
} from '@lifeline/db';
import {
  ACCOUNT_FAILURE_WINDOW,
  type AccountSnapshot,
  accountVerificationLockedUntil,
  assertVerificationCodeAllowed,
  availableMethods,
  checkFactor,
  DomainError,
  diagnose,
  EMAIL_CODE_VALIDITY,
  emailCodeAddress,
  isEmailCodeUsable,
  type LoginFacts,
  maskEmail,
  normaliseIdentifier,
  STAFF_FAILURE_WINDOW,
  staffThrottledUntil,
  VERIFICATION_CODE_SEND_LIMIT,
  type VerificationMethod,
  verificationExpiresAt,
} from '@lifeline/domain';
import type { z } from 'zod';
import type { StaffPrincipal } from '../../context.ts';
import type { ApiDeps } from '../../deps.ts';
import type { checkVerificationInput, sendCodeInput } from '../../schemas.ts';
import { runChange } from '../audited-change.ts';
import { renderEmail } from '../emails.ts';

/**
 * Caller verification (SPEC §5). Every attempt runs in one IMMEDIATE transaction that reads the
 * locks, compares, and writes the attempt, its audit event and any new lock together, so the
 * "3 per account / 10 per staff member per hour" limits hold across requests and processes.
 * What the caller typed is never stored, logged, audited or echoed back.
 */

type SendCodeInput = z.infer<typeof sendCodeInput>;
type CheckInput = z.infer<typeof checkVerificationInput>;

export interface CheckResult {
  outcome: 'passed' | 'failed' | 'locked';
  verificationId?: string;
  expiresAt?: number;
  lockedUntil?: number;
  /** Set on the failure that throttled this staff member: their next checks are refused. */
  staffThrottledUntil?: number;
}

interface Target {
  snapshot: AccountSnapshot;
  login: LoginFacts;
}

/**
 * The login a verification is about. The identifier reaches logins exactly as the diagnosis
 * does (the login itself, or the username behind a contact email), so the agent verifies the
 * caller the diagnosis showed. `accountId` is needed only when several accounts could be meant
 * for this method (SPEC §11).
 */
async function resolveTarget(
  db: Db,
  rawIdentifier: string,
  accountId: string | undefined,
  method: VerificationMethod,
  now: number,
): Promise<Target> {
  const query = normaliseIdentifier(rawIdentifier);
  const snapshots = await loadAccountSnapshots(db, await accountIdsForIdentifier(db, query));
  const reached = diagnose({ query, snapshots, tombstoneMatches: [], nearMatches: [] }, now).logins;
  let candidates: Target[] = [];
  for (const { accountId: reachedAccount, loginId } of reached) {
    const snapshot = snapshots.find((s) => s.account.id === reachedAccount);
    const login = snapshot?.logins.find((l) => l.id === loginId);
    if (snapshot && login) candidates.push({ snapshot, login });
  }
  if (accountId !== undefined)
    candidates = candidates.filter((c) => c.login.accountId === accountId);
  if (candidates.length === 0) {
    throw new DomainError(
      'NOT_FOUND',
      accountId === undefined
        ? 'No login matches this identifier.'
        : 'This identifier has no login on that account.',
    );
  }
  const supporting = candidates.filter((c) =>
    availableMethods(c.snapshot, c.login).includes(method),
  );
  if (supporting.length === 0) {
    const teamMembersOnly = candidates.every((c) => c.login.role === 'team_member');
    throw new DomainError(
      'INVALID_INPUT',
      teamMembersOnly && method !== 'email_code'
        ? 'A team member can only be verified with an email code.'
        : 'This verification method is not available for this caller; use one the panel offers.',
      { method },
    );
  }
  const accountIds = [...new Set(supporting.map((c) => c.login.accountId))];
  const [first] = supporting;
  if (accountIds.length > 1 || first === undefined) {
    throw new DomainError(
      'INVALID_INPUT',
      'This identifier belongs to several accounts: choose the account to verify (accountId).',
      { accountIds },
    );
  }
  return first;
}

function lockedRefusal(until: number): DomainError {
  return new DomainError(
    'VERIFICATION_LOCKED',
    `Too many failed verifications on this account: verification is locked until ${new Date(until).toISOString()}.`,
    { lockedUntil: until },
  );
}

function throttledRefusal(until: number): DomainError {
  return new DomainError(
    'STAFF_THROTTLED',
    `Too many failed verifications by you in the last hour: you can verify callers again at ${new Date(until).toISOString()}. A lead has been alerted.`,
    { throttledUntil: until },
  );
}

/**
 * The stored form of a code: keyed (a leaked table cannot be brute-forced without the server
 * key) and bound to the code's id, so equal codes never share a hash.
 */
function codeHash(key: string, codeId: string, code: string): string {
  return createHmac('sha256', key).update(`verification_code:${codeId}:${code}`).digest('hex');
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Sends a one-time code to the login's address through the outbox (SPEC §5): at most 3 per login
 * in 10 minutes, whoever sends them (`assertVerificationCodeAllowed`), counted in the same write
 * transaction so concurrent sends cannot overshoot. A refusal's audit event says when to retry.
 */
export async function sendVerificationCode(
  deps: ApiDeps,
  staff: Pick<StaffPrincipal, 'id'>,
  input: SendCodeInput,
): Promise<{ sentTo: string; expiresAt: number }> {
  const ticketRef = input.ticketRef;
  return runChange(
    deps,
    staff,
    {
      audit: 'verification.send_code',
      subject: { ticketRef, details: { method: 'email_code' } },
    },
    async (tx, now, seen) => {
      const throttledUntil = await findStaffVerificationThrottle(tx, staff.id, now);
      if (throttledUntil !== null) throw throttledRefusal(throttledUntil);
      const { snapshot, login } = await resolveTarget(
        tx,
        input.identifier,
        input.accountId,
        'email_code',
        now,
      );
      Object.assign(seen, { accountId: login.accountId, loginId: login.id });
      const lockedUntil = (await findAccountVerificationLocks(tx, [login.accountId], now)).get(
        login.accountId,
      );
      if (lockedUntil !== undefined) throw lockedRefusal(lockedUntil);
      try {
        assertVerificationCodeAllowed(
          await verificationCodeTimesSince(tx, login.id, now - VERIFICATION_CODE_SEND_LIMIT.window),
          now,
        );
      } catch (error) {
        if (error instanceof DomainError) seen.details = { ...seen.details, ...error.details };
        throw error;
      }
      const address = emailCodeAddress(snapshot, login);
      if (address === null) {
        throw new DomainError(
          'INVALID_INPUT',
          'This login has no email address to send a code to.',
        );
      }

      const code = randomInt(0, 1_000_000).toString().padStart(6, '0');
      const codeId = newId('vcd');
      const expiresAt = now + EMAIL_CODE_VALIDITY;
      await insertVerificationCode(tx, {
        id: codeId,
        staffId: staff.id,
        loginId: login.id,
        accountId: login.accountId,
        ticketRef,
        codeHash: codeHash(deps.identifierHashKey, codeId, code),
        createdAt: now,
        expiresAt,
      });
      const event = await appendAuditEvent(tx, {
        at: now,
        staffId: staff.id,
        action: 'verification.send_code',
        outcome: 'succeeded',
        accountId: login.accountId,
        loginId: login.id,
        ticketRef,
        details: { method: 'email_code', expiresAt },
      });
      await enqueueEmail(
        tx,
        {
          template: 'verification_code',
          toAddress: address,
          ...renderEmail('verification_code', {}, snapshot.account.language),
          secret: code,
          accountId: login.accountId,
          loginId: login.id,
          auditEventId: event.id,
        },
        now,
      );
      return { sentTo: maskEmail(address), expiresAt };
    },
  );
}

/** Compares a typed email code with the newest code sent for this login, staff and ticket. */
async function checkEmailCode(
  tx: Db,
  key: string,
  target: { loginId: string; staffId: string; ticketRef: string },
  typed: string,
  now: number,
): Promise<boolean> {
  const code = await findLatestVerificationCode(tx, target);
  if (
    code === null ||
    code.consumedAt !== null ||
    !isEmailCodeUsable({ sentAt: code.createdAt, tries: code.tries }, now)
  ) {
    return false;
  }
  const matches = sameHash(codeHash(key, code.id, typed), code.codeHash);
  // A pass uses the code up; a miss spends one of its 3 tries.
  await recordVerificationCodeTry(
    tx,
    code.id,
    matches ? code.tries : code.tries + 1,
    matches ? now : null,
  );
  return matches;
}

/**
 * passed / failed / locked (SPEC §5). The failure that is the account's 3rd within the hour
 * answers `locked` (with lockedUntil) rather than `failed`: it tells the agent at once to stop
 * trying, and says nothing more about the value than `failed` would.
 */
export async function checkVerification(
  deps: ApiDeps,
  staff: Pick<StaffPrincipal, 'id'>,
  input: CheckInput,
): Promise<CheckResult> {
  const { factor, ticketRef } = input;
  const method = factor.method;
  const result = await runChange(
    deps,
    staff,
    { audit: 'verification.check', subject: { ticketRef, details: { method } } },
    async (tx, now, seen): Promise<CheckResult> => {
      const throttledUntil = await findStaffVerificationThrottle(tx, staff.id, now);
      if (throttledUntil !== null) throw throttledRefusal(throttledUntil);
      const { snapshot, login } = await resolveTarget(
        tx,
        input.identifier,
        input.accountId,
        method,
        now,
      );
      const accountId = login.accountId;
      Object.assign(seen, { accountId, loginId: login.id });
      const attempt = { staffId: staff.id, loginId: login.id, accountId, ticketRef, method };
      const audit = { at: now, staffId: staff.id, action: 'verification.check' as const };

      const lockedUntil = (await findAccountVerificationLocks(tx, [accountId], now)).get(accountId);
      if (lockedUntil !== undefined) {
        // Locked: nothing is compared, but the attempt is on the record.
        const verificationId = await insertVerification(tx, {
          ...attempt,
          outcome: 'locked',
          createdAt: now,
          expiresAt: null,
        });
        await appendAuditEvent(tx, {
          ...audit,
          outcome: 'locked',
          accountId,
          loginId: login.id,
          ticketRef,
          verificationId,
          details: { method, outcome: 'locked', lockedUntil },
        });
        return { outcome: 'locked', lockedUntil };
      }

      const passed =
        factor.method === 'email_code'
          ? await checkEmailCode(
              tx,
              deps.identifierHashKey,
              { loginId: login.id, staffId: staff.id, ticketRef },
              factor.code,
              now,
            )
          : checkFactor(snapshot, factor);

      if (passed) {
        const expiresAt = verificationExpiresAt(now);
        const verificationId = await insertVerification(tx, {
          ...attempt,
          outcome: 'passed',
          createdAt: now,
          expiresAt,
        });
        await appendAuditEvent(tx, {
          ...audit,
          outcome: 'passed',
          accountId,
          loginId: login.id,
          ticketRef,
          verificationId,
          details: { method, outcome: 'passed', expiresAt },
        });
        return { outcome: 'passed', verificationId, expiresAt };
      }

      const verificationId = await insertVerification(tx, {
        ...attempt,
        outcome: 'failed',
        createdAt: now,
        expiresAt: null,
      });
      const accountLockedUntil = accountVerificationLockedUntil(
        await verificationFailureTimes(tx, { accountId }, now - ACCOUNT_FAILURE_WINDOW),
        now,
      );
      if (accountLockedUntil !== null) {
        await insertVerificationAlert(tx, {
          kind: 'verification_locked',
          accountId,
          raisedAt: now,
          until: accountLockedUntil,
        });
      }
      const throttleUntil = staffThrottledUntil(
        await verificationFailureTimes(tx, { staffId: staff.id }, now - STAFF_FAILURE_WINDOW),
        now,
      );
      if (throttleUntil !== null) {
        await insertVerificationAlert(tx, {
          kind: 'staff_throttled',
          staffId: staff.id,
          raisedAt: now,
          until: throttleUntil,
        });
      }
      await appendAuditEvent(tx, {
        ...audit,
        outcome: 'failed',
        accountId,
        loginId: login.id,
        ticketRef,
        verificationId,
        details: {
          method,
          outcome: 'failed',
          ...(accountLockedUntil !== null ? { accountLockedUntil } : {}),
          ...(throttleUntil !== null ? { staffThrottledUntil: throttleUntil } : {}),
        },
      });
      return {
        ...(accountLockedUntil !== null
          ? { outcome: 'locked' as const, lockedUntil: accountLockedUntil }
          : { outcome: 'failed' as const }),
        ...(throttleUntil !== null ? { staffThrottledUntil: throttleUntil } : {}),
      };
    },
  );
  deps.metrics.verifications.inc({ method, outcome: result.outcome });
  return result;
}
