// The customer product's own password lockout (SPEC §3). Lifeline never signs customers in:
// the console reads these facts (`lockState`), support's unlock and the expiry job clear them
// (`clearLock`, `expireLock`), and the demo seed replays failed passwords through
// `recordFailedPassword` so its locked logins are ones the product could have produced.
import type { LoginFacts } from './facts.ts';
import { MINUTE } from './time.ts';

/** 5 failed passwords within 15 minutes lock the login for 15 minutes (SPEC §3). */
export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_RUN_WINDOW = 15 * MINUTE;
export const LOCKOUT_DURATION = 15 * MINUTE;
/** The 3rd lockout in a row locks until support unlocks or a reset completes. */
export const PERMANENT_LOCKOUT_COUNT = 3;

export type LockFields = Pick<
  LoginFacts,
  'failedAttempts' | 'firstFailedAt' | 'lockedUntil' | 'lockoutCount'
>;

export interface LockState {
  locked: boolean;
  permanent: boolean;
  /** When a temporary lock ends; null when unlocked or permanently locked. */
  lockedUntil: number | null;
}

export function isPermanentlyLocked(login: LockFields): boolean {
  return login.lockoutCount >= PERMANENT_LOCKOUT_COUNT;
}

export function lockState(login: LockFields, now: number): LockState {
  if (isPermanentlyLocked(login)) return { locked: true, permanent: true, lockedUntil: null };
  if (login.lockedUntil !== null && login.lockedUntil > now) {
    return { locked: true, permanent: false, lockedUntil: login.lockedUntil };
  }
  return { locked: false, permanent: false, lockedUntil: null };
}

/**
 * A wrong password. The run is counted from its first failure (the facts keep only that and a
 * count): a failure 15 minutes or more after it starts a new run. A locked login does not get
 * to try a password, so a failure while locked changes nothing. The 5th failure of a run locks:
 * for 15 minutes, or for good when it is the 3rd lockout in a row (`lockedUntil` null then; the
 * lockout count says it). The run's count and start stay as they were when it locked, which is
 * what support reads ("locked after 5 failed passwords"); the first failure after the lock ends
 * is 15 minutes or more after the run's start, so it starts a new run.
 */
export function recordFailedPassword<T extends LockFields>(login: T, now: number): T {
  if (lockState(login, now).locked) return login;
  const sameRun = login.firstFailedAt !== null && now - login.firstFailedAt < LOCKOUT_RUN_WINDOW;
  const failedAttempts = sameRun ? login.failedAttempts + 1 : 1;
  const firstFailedAt = sameRun ? login.firstFailedAt : now;
  if (failedAttempts < LOCKOUT_THRESHOLD) {
    return { ...login, failedAttempts, firstFailedAt, lockedUntil: null };
  }
  const lockoutCount = login.lockoutCount + 1;
  return {
    ...login,
    failedAttempts,
    firstFailedAt,
    lockoutCount,
    lockedUntil: lockoutCount >= PERMANENT_LOCKOUT_COUNT ? null : now + LOCKOUT_DURATION,
  };
}

/** A successful sign-in ends the "in a row": everything resets. A locked login cannot sign in. */
export function recordSuccessfulSignIn<T extends LockFields>(login: T, now: number): T {
  if (lockState(login, now).locked) return login;
  return clearLock(login);
}

/** What support's unlock and a completed password reset do: lock and counters cleared. */
export function clearLock<T extends LockFields>(login: T): T {
  return { ...login, failedAttempts: 0, firstFailedAt: null, lockedUntil: null, lockoutCount: 0 };
}

/**
 * The scheduler's tidy-up of a temporary lock that has run out. The lockout count stays: the
 * next lockout without a successful sign-in in between is still "in a row". Null when there is
 * nothing to expire (no lock, still running, or permanent), so the job is idempotent.
 */
export function expireLock<T extends LockFields>(login: T, now: number): T | null {
  if (isPermanentlyLocked(login) || login.lockedUntil === null || login.lockedUntil > now) {
    return null;
  }
  return { ...login, lockedUntil: null, failedAttempts: 0, firstFailedAt: null };
}
