import { createHash, randomBytes } from 'node:crypto';
import {
  appendAuditEvent,
  countFailedSignIns,
  findSessionWithStaff,
  findStaffByEmail,
  identifierHash,
  insertSession,
  insertSignInAttempt,
  markSignInSucceeded,
  revokeSession,
  touchSession,
} from '@lifeline/db';
import { DomainError, HOUR, MINUTE } from '@lifeline/domain';
import type { StaffPrincipal } from '../context.ts';
import type { ApiDeps } from '../deps.ts';
import { runChange } from './audited-change.ts';
import { dummyPasswordHash, verifyPassword } from './passwords.ts';

// SPEC §13.
export const SESSION_IDLE_TIMEOUT = 30 * MINUTE;
export const SESSION_ABSOLUTE_TIMEOUT = 12 * HOUR;
/** lastSeenAt is written at most once a minute, so reads stay reads: idle expiry is ±1 min. */
const SESSION_TOUCH_INTERVAL = MINUTE;
export const SIGN_IN_WINDOW = 15 * MINUTE;
export const SIGN_IN_FAILURES_PER_EMAIL = 5;
export const SIGN_IN_FAILURES_PER_IP = 20;

export function hashSessionId(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('hex');
}

export function normaliseStaffEmail(email: string): string {
  return email.trim().normalize('NFC').toLowerCase();
}

export interface SignInResult {
  sessionId: string;
  staff: Omit<StaffPrincipal, 'sessionIdHash'>;
}

const WRONG_CREDENTIALS = 'Email or password is wrong.';

/**
 * The keyed hash the sign-in throttle counts by: whatever was typed in the email field (people
 * type passwords there) is never stored, only this (SPEC §13).
 */
export function signInEmailHash(deps: Pick<ApiDeps, 'identifierHashKey'>, email: string): string {
  return identifierHash(deps.identifierHashKey, `staff_sign_in:${email}`);
}

/**
 * Each attempt first reserves a failure slot in the database (so the per-email and per-IP
 * throttles hold across concurrent requests and processes), then checks the password outside
 * the write lock, then turns the slot into a success. Unknown emails verify against a dummy
 * hash so that they cost what a known email costs.
 *
 * Attempts live in their own table, bounded by the throttle and kept 30 days; the audit log
 * gets only what a lead should see (SPEC §8): a staff sign-in, a disabled staff member trying,
 * and the failure that starts a throttle — never one row per anonymous request.
 */
export async function signIn(
  deps: ApiDeps,
  input: { email: string; password: string; ip: string },
): Promise<SignInResult> {
  const email = normaliseStaffEmail(input.email);
  const emailHash = signInEmailHash(deps, email);
  const now = deps.clock();
  const since = now - SIGN_IN_WINDOW;
  const attemptId = await deps.db.transaction(async (tx) => {
    const byEmail = await countFailedSignIns(tx, { emailHash }, since);
    const byIp = await countFailedSignIns(tx, { ip: input.ip }, since);
    if (byEmail >= SIGN_IN_FAILURES_PER_EMAIL || byIp >= SIGN_IN_FAILURES_PER_IP) return null;
    return insertSignInAttempt(tx, { emailHash, ip: input.ip, at: now, succeeded: false });
  });
  if (attemptId === null) {
    throw new DomainError(
      'RATE_LIMITED',
      'Too many sign-in attempts. Wait 15 minutes and try again.',
    );
  }

  const member = await findStaffByEmail(deps.db.read, email);
  const passwordOk = await verifyPassword(
    member?.passwordHash ?? (await dummyPasswordHash()),
    input.password,
  );
  const ok = member !== null && passwordOk && member.disabledAt === null;

  const sessionId = randomBytes(32).toString('base64url');
  await deps.db.transaction(async (tx) => {
    if (ok) {
      await markSignInSucceeded(tx, attemptId);
      await insertSession(tx, {
        idHash: hashSessionId(sessionId),
        staffId: member.id,
        createdAt: now,
        expiresAt: now + SESSION_ABSOLUTE_TIMEOUT,
      });
      await appendAuditEvent(tx, {
        at: now,
        staffId: member.id,
        action: 'auth.login',
        outcome: 'succeeded',
      });
      return;
    }
    if (member !== null && member.disabledAt !== null && passwordOk) {
      await appendAuditEvent(tx, {
        at: now,
        staffId: member.id,
        action: 'auth.login',
        outcome: 'refused',
        reason: 'UNAUTHENTICATED',
        details: { disabled: true },
      });
    }
    // Is this the failure that starts a throttle (the 5th for the email, the 20th for the
    // address)? Its place among the failures is its own, so a throttle is audited once.
    const place = (by: { emailHash: string } | { ip: string }) =>
      countFailedSignIns(tx, by, since, attemptId);
    const throttledBy =
      (await place({ emailHash })) === SIGN_IN_FAILURES_PER_EMAIL
        ? 'email'
        : (await place({ ip: input.ip })) === SIGN_IN_FAILURES_PER_IP
          ? 'ip'
          : null;
    if (throttledBy !== null) {
      await appendAuditEvent(tx, {
        at: now,
        staffId: member?.id ?? 'anonymous',
        action: 'auth.login',
        outcome: 'refused',
        reason: 'RATE_LIMITED',
        details: {
          throttledBy,
          ...(member === null ? { emailHash } : {}),
          ip: input.ip,
          until: now + SIGN_IN_WINDOW,
        },
      });
    }
  });
  if (!ok) throw new DomainError('UNAUTHENTICATED', WRONG_CREDENTIALS);
  return {
    sessionId,
    staff: {
      id: member.id,
      email: member.email,
      displayName: member.displayName,
      role: member.role,
    },
  };
}

/** The staff member behind a session cookie, or null when missing, revoked, idle or expired. */
export async function resolveSession(
  deps: ApiDeps,
  sessionId: string | undefined,
): Promise<StaffPrincipal | null> {
  if (!sessionId || sessionId.length > 128) return null;
  const idHash = hashSessionId(sessionId);
  const row = await findSessionWithStaff(deps.db.read, idHash);
  const now = deps.clock();
  if (
    !row ||
    row.revokedAt !== null ||
    row.staff.disabledAt !== null ||
    now >= row.expiresAt ||
    now >= row.lastSeenAt + SESSION_IDLE_TIMEOUT
  ) {
    return null;
  }
  if (now - row.lastSeenAt >= SESSION_TOUCH_INTERVAL) {
    await deps.db.transaction((tx) => touchSession(tx, idHash, now));
  }
  const { id, email, displayName, role } = row.staff;
  return { id, email, displayName, role, sessionIdHash: idHash };
}

export async function signOut(deps: ApiDeps, staff: StaffPrincipal): Promise<void> {
  await runChange(deps, staff, { audit: 'auth.logout' }, async (tx, now) => {
    await revokeSession(tx, staff.sessionIdHash, now);
    await appendAuditEvent(tx, {
      at: now,
      staffId: staff.id,
      action: 'auth.logout',
      outcome: 'succeeded',
    });
  });
}
