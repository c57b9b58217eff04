import { createHash, randomBytes } from 'node:crypto';
import {
  appendAuditEvent,
  countFailedSignIns,
  type Db,
  findSessionWithStaff,
  findStaffByEmail,
  identifierHash,
  insertSession,
  insertSignInAttempt,
  listOpenSessionsOfStaff,
  markSignInSucceeded,
  revokeSession,
  touchSession,
} from '@lifeline/db';
import { cleanSingleLineText, DomainError, HOUR, MINUTE } from '@lifeline/domain';
import Bowser from 'bowser';
import type { StaffPrincipal } from '../context.ts';
import type { ApiDeps } from '../deps.ts';
import { runChange } from './audited-change.ts';
import { type SecondFactorNeeded, secondFactorAfterPassword } from './factors.ts';
import { dummyPasswordHash, verifyPassword } from './passwords.ts';

// SPEC §13.
export const SESSION_IDLE_TIMEOUT = 30 * MINUTE;
export const SESSION_ABSOLUTE_TIMEOUT = 12 * HOUR;
/**
 * A password sign-in still owing its second factor lasts this long: enough to find a phone or a
 * key, not a half-open session to keep around (SPEC §13).
 */
export const PENDING_SESSION_TIMEOUT = 10 * MINUTE;
/** lastSeenAt is written at most once a minute, so reads stay reads: idle expiry is ±1 min. */
const SESSION_TOUCH_INTERVAL = MINUTE;
export const SIGN_IN_WINDOW = 15 * MINUTE;
/**
 * Failures refused per (email, client address) pair: one address guessing one staff member's
 * password. Keyed on the pair, so an attacker elsewhere cannot lock that person out.
 */
export const SIGN_IN_FAILURES_PER_EMAIL_AND_ADDRESS = 5;
/** Failures refused per client address, whatever the emails. */
export const SIGN_IN_FAILURES_PER_IP = 20;
/** Failures on one email, from any address, after which each attempt on it is slowed down. */
export const SIGN_IN_SLOWDOWN_AFTER = 5;
const SIGN_IN_SLOWDOWN_FIRST = 250;
const SIGN_IN_SLOWDOWN_MAX = 4_000;

/**
 * How long an attempt on an email waits before its password is checked, given the failures on
 * that email from every address in the window: nothing up to 5, then 0.25 s doubling per
 * failure up to 4 s. It slows a guesser spread over many addresses and never refuses anyone:
 * the staff member with the right password still gets in, a little later.
 */
export function signInSlowdownMs(failuresOnEmail: number): number {
  if (failuresOnEmail < SIGN_IN_SLOWDOWN_AFTER) return 0;
  const doublings = failuresOnEmail - SIGN_IN_SLOWDOWN_AFTER;
  return Math.min(SIGN_IN_SLOWDOWN_MAX, SIGN_IN_SLOWDOWN_FIRST * 2 ** Math.min(doublings, 16));
}

/** How much of a User-Agent a session keeps: enough to name the device, bounded. */
export const SESSION_USER_AGENT_MAX = 512;

export function hashSessionId(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('hex');
}

/** Who opened a session, as the HTTP layer saw them: the device's name and the address. */
export interface SessionClient {
  userAgent: string;
  ip: string;
}

/** A User-Agent as stored: cleaned as any single-line text (NUL and control characters out), bounded. */
export function cleanUserAgent(userAgent: string): string {
  return cleanSingleLineText(userAgent).trim().slice(0, SESSION_USER_AGENT_MAX);
}

/**
 * How the console and the audit log name a session: a keyed hash of its stored hash, so the
 * cookie value and the hash that finds it never leave the server, and an id seen in one
 * place tells nothing about the other. 128 bits.
 */
export function sessionPublicId(deps: Pick<ApiDeps, 'identifierHashKey'>, idHash: string): string {
  return identifierHash(deps.identifierHashKey, `staff_session:${idHash}`).slice(0, 32);
}

/**
 * A new session for a staff member, in the caller's transaction: its random 256-bit id (the
 * cookie value) is returned, only its hash is stored. Password and single sign-on both end here.
 */
export async function openSession(
  tx: Db,
  staffId: string,
  now: number,
  client: SessionClient,
  secondFactor: { pending: true } | { at: number; method: string } | null = null,
): Promise<string> {
  const sessionId = randomBytes(32).toString('base64url');
  await insertSession(tx, {
    idHash: hashSessionId(sessionId),
    staffId,
    createdAt: now,
    expiresAt: now + SESSION_ABSOLUTE_TIMEOUT,
    userAgent: cleanUserAgent(client.userAgent),
    ip: client.ip,
    ...(secondFactor === null
      ? {}
      : 'pending' in secondFactor
        ? { secondFactorPending: true }
        : { secondFactorAt: secondFactor.at, secondFactorMethod: secondFactor.method }),
  });
  return sessionId;
}

export function normaliseStaffEmail(email: string): string {
  return email.trim().normalize('NFC').toLowerCase();
}

export interface SignInResult {
  sessionId: string;
  staff: Omit<StaffPrincipal, 'sessionIdHash'>;
  /** What the sign-in still owes (a password sign-in only): null when the session is complete. */
  secondFactor?: SecondFactorNeeded;
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
 * Each attempt first reserves a failure slot in the database (so the throttles hold across
 * concurrent requests and processes), then checks the password outside the write lock, then
 * turns the slot into a success. Unknown emails verify against a dummy hash so that they cost
 * what a known email costs.
 *
 * Refusals are keyed on what an attacker controls least (SPEC §13): 5 failures for one email
 * from one client address, 20 from one address. Failures on an email from everywhere only slow
 * its attempts down (`signInSlowdownMs`), so nobody can keep a colleague out by typing wrong
 * passwords for them. The client address is what the trusted proxy hops saw (TRUST_PROXY).
 *
 * Attempts live in their own table, bounded by the throttle and kept 30 days; the audit log
 * gets only what a lead should see (SPEC §8): a staff sign-in, a disabled staff member trying,
 * and the failure that starts a throttle — never one row per anonymous request.
 */
export async function signIn(
  deps: ApiDeps,
  input: { email: string; password: string } & SessionClient,
): Promise<SignInResult> {
  const email = normaliseStaffEmail(input.email);
  const emailHash = signInEmailHash(deps, email);
  const now = deps.clock();
  const since = now - SIGN_IN_WINDOW;
  const reserved = await deps.db.transaction(async (tx) => {
    const byPair = await countFailedSignIns(tx, { emailHash, ip: input.ip }, since);
    const byIp = await countFailedSignIns(tx, { ip: input.ip }, since);
    if (byPair >= SIGN_IN_FAILURES_PER_EMAIL_AND_ADDRESS || byIp >= SIGN_IN_FAILURES_PER_IP) {
      return null;
    }
    const byEmail = await countFailedSignIns(tx, { emailHash }, since);
    const attemptId = await insertSignInAttempt(tx, {
      emailHash,
      ip: input.ip,
      at: now,
      succeeded: false,
    });
    return { attemptId, waitMs: signInSlowdownMs(byEmail) };
  });
  if (reserved === null) {
    throw new DomainError(
      'RATE_LIMITED',
      'Too many sign-in attempts. Wait 15 minutes and try again.',
    );
  }
  const { attemptId } = reserved;
  if (reserved.waitMs > 0) await new Promise((resolve) => setTimeout(resolve, reserved.waitMs));

  const member = await findStaffByEmail(deps.db.read, email);
  // A staff member made by single sign-on has no password ('' never verifies): they cost the
  // dummy hash's time, as an unknown email does.
  const passwordOk = await verifyPassword(
    member?.passwordHash || (await dummyPasswordHash()),
    input.password,
  );
  const credentialsOk = member !== null && passwordOk && member.passwordHash !== '';
  // With password sign-in off, only a break-glass admin gets in with one; everyone else gets
  // the same answer whatever they typed, so the refusal tells nothing about the password.
  const passwordsOff = deps.passwordSignIn === false;
  const allowedHere = !passwordsOff || (member?.breakGlass === true && member.role === 'admin');
  const ok = credentialsOk && member.disabledAt === null && allowedHere;

  let sessionId = '';
  let secondFactor: SecondFactorNeeded = null;
  await deps.db.transaction(async (tx) => {
    if (ok) {
      await markSignInSucceeded(tx, attemptId);
      // The password alone is a session only when no second factor is owed (SPEC §13); else
      // the session is pending: it may pass (or enrol) one and nothing else.
      secondFactor = await secondFactorAfterPassword(deps, tx, member.id);
      sessionId = await openSession(
        tx,
        member.id,
        now,
        input,
        secondFactor === null ? null : { pending: true },
      );
      await appendAuditEvent(tx, {
        at: now,
        staffId: member.id,
        action: 'auth.login',
        outcome: 'succeeded',
        details: {
          method: 'password',
          ...(secondFactor === null ? {} : { secondFactor: secondFactor.needed }),
          ...(passwordsOff ? { breakGlass: true } : {}),
        },
      });
      return;
    }
    if (credentialsOk && member.disabledAt === null && !allowedHere) {
      await appendAuditEvent(tx, {
        at: now,
        staffId: member.id,
        action: 'auth.login',
        outcome: 'refused',
        reason: 'PASSWORD_SIGN_IN_OFF',
        details: { method: 'password' },
      });
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
    // Is this the failure that starts a throttle (the 5th for the email from this address, the
    // 20th for the address) or the email's slowdown (its 5th from anywhere)? Its place among
    // the failures is its own, so each is audited once.
    const place = (by: Parameters<typeof countFailedSignIns>[1]) =>
      countFailedSignIns(tx, by, since, attemptId);
    const throttledBy =
      (await place({ emailHash, ip: input.ip })) === SIGN_IN_FAILURES_PER_EMAIL_AND_ADDRESS
        ? 'email_and_address'
        : (await place({ ip: input.ip })) === SIGN_IN_FAILURES_PER_IP
          ? 'ip'
          : (await place({ emailHash })) === SIGN_IN_SLOWDOWN_AFTER
            ? 'email_slowdown'
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
  if (!ok && passwordsOff) {
    throw new DomainError(
      'PASSWORD_SIGN_IN_OFF',
      'Password sign-in is off here: sign in through your company account. Break-glass admins: check your email and password.',
    );
  }
  if (!ok) throw new DomainError('UNAUTHENTICATED', WRONG_CREDENTIALS);
  return {
    sessionId,
    secondFactor,
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
  client?: Pick<SessionClient, 'ip'>,
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
    now >= row.lastSeenAt + SESSION_IDLE_TIMEOUT ||
    (row.secondFactorPending && now >= row.createdAt + PENDING_SESSION_TIMEOUT)
  ) {
    return null;
  }
  // A new address is written at once (rare, and the sessions list shows it); otherwise only
  // once a minute.
  const movedTo = client && client.ip !== row.lastIp ? client.ip : undefined;
  if (now - row.lastSeenAt >= SESSION_TOUCH_INTERVAL || movedTo !== undefined) {
    await deps.db.transaction((tx) => touchSession(tx, idHash, now, client?.ip));
  }
  const { id, email, displayName, role } = row.staff;
  return {
    id,
    email,
    displayName,
    role,
    sessionIdHash: idHash,
    secondFactor: {
      pending: row.secondFactorPending,
      at: row.secondFactorAt,
      method: row.secondFactorMethod,
    },
  };
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

/** The device a User-Agent names, for the sessions list: "Chrome" and "Linux", or nulls. */
export function deviceOf(userAgent: string): { browser: string | null; os: string | null } {
  if (userAgent === '') return { browser: null, os: null };
  const parsed = Bowser.parse(userAgent);
  return { browser: parsed.browser.name || null, os: parsed.os.name || null };
}

/** A session is open until revoked, past its absolute end, or idle too long. */
function isOpen(row: { lastSeenAt: number }, now: number): boolean {
  return now < row.lastSeenAt + SESSION_IDLE_TIMEOUT;
}

/** The signed-in staff member's open sessions, the one this request came with marked. */
export async function listOwnSessions(deps: ApiDeps, staff: StaffPrincipal) {
  const now = deps.clock();
  const rows = await listOpenSessionsOfStaff(deps.db.read, staff.id, now);
  return {
    items: rows
      .filter((row) => isOpen(row, now))
      .map((row) => ({
        id: sessionPublicId(deps, row.idHash),
        device: deviceOf(row.userAgent),
        userAgent: row.userAgent,
        ip: row.ip,
        lastIp: row.lastIp,
        createdAt: row.createdAt,
        lastSeenAt: row.lastSeenAt,
        current: row.idHash === staff.sessionIdHash,
      })),
  };
}

/**
 * Ends one of the signed-in staff member's own open sessions, named by its public id; ending
 * the current one is signing out. Anything else, someone else's session included, is NOT_FOUND:
 * the answer must not tell whether an id belongs to a colleague. Takes effect on the next
 * request in every server process: sessions are resolved from the database on each one.
 */
export async function endOwnSession(
  deps: ApiDeps,
  staff: StaffPrincipal,
  input: { sessionId: string },
): Promise<{ current: boolean }> {
  return runChange(
    deps,
    staff,
    { audit: 'auth.logout', subject: { details: { session: input.sessionId, ended: 'one' } } },
    async (tx, now) => {
      const rows = await listOpenSessionsOfStaff(tx, staff.id, now);
      const row = rows.find(
        (candidate) =>
          isOpen(candidate, now) && sessionPublicId(deps, candidate.idHash) === input.sessionId,
      );
      if (!row)
        throw new DomainError('NOT_FOUND', 'There is no open session of yours with this id.');
      const current = row.idHash === staff.sessionIdHash;
      await revokeSession(tx, row.idHash, now);
      await appendAuditEvent(tx, {
        at: now,
        staffId: staff.id,
        action: 'auth.logout',
        outcome: 'succeeded',
        details: { ended: 'one', session: input.sessionId, current },
      });
      return { current };
    },
  );
}
