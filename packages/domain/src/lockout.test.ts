import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clearLock,
  expireLock,
  LOCKOUT_DURATION,
  type LockFields,
  lockState,
  recordFailedPassword,
  recordSuccessfulSignIn,
} from './lockout.ts';
import { anOwnerLogin, NOW } from './test-factories.ts';
import { MINUTE, SECOND } from './time.ts';

function failTimes<T extends LockFields>(login: T, times: number[]): T {
  return times.reduce((current, at) => recordFailedPassword(current, at), login);
}

/** Five failures a minute apart, starting at `start`. */
function fiveFailuresFrom(start: number): number[] {
  return [0, 1, 2, 3, 4].map((i) => start + i * MINUTE);
}

describe('password lockout', () => {
  it('four failures do not lock', () => {
    const login = failTimes(anOwnerLogin(), fiveFailuresFrom(NOW).slice(0, 4));
    expect(login.failedAttempts).toBe(4);
    expect(lockState(login, NOW + 4 * MINUTE).locked).toBe(false);
  });

  it('five failures within 15 minutes lock for 15 minutes from the fifth', () => {
    const login = failTimes(anOwnerLogin(), fiveFailuresFrom(NOW));
    const fifth = NOW + 4 * MINUTE;
    expect(login.lockoutCount).toBe(1);
    expect(lockState(login, fifth)).toEqual({
      locked: true,
      permanent: false,
      lockedUntil: fifth + LOCKOUT_DURATION,
    });
    expect(lockState(login, fifth + 15 * MINUTE - 1).locked).toBe(true);
    expect(lockState(login, fifth + 15 * MINUTE).locked).toBe(false);
  });

  it('a lock keeps the count and start of the run that caused it; the next failure starts anew', () => {
    const locked = failTimes(anOwnerLogin(), fiveFailuresFrom(NOW));
    expect(locked).toMatchObject({ failedAttempts: 5, firstFailedAt: NOW, lockoutCount: 1 });
    const afterLock = recordFailedPassword(locked, NOW + 4 * MINUTE + LOCKOUT_DURATION);
    expect(afterLock).toMatchObject({
      failedAttempts: 1,
      firstFailedAt: NOW + 4 * MINUTE + LOCKOUT_DURATION,
      lockedUntil: null,
      lockoutCount: 1,
    });
  });

  it('failures spread over more than 15 minutes start a new run', () => {
    const times = [0, 4, 8, 12, 16].map((m) => NOW + m * MINUTE);
    const login = failTimes(anOwnerLogin(), times);
    expect(login.lockoutCount).toBe(0);
    expect(login.failedAttempts).toBe(1);
    expect(login.firstFailedAt).toBe(NOW + 16 * MINUTE);
  });

  it('a failure while locked does not count', () => {
    const locked = failTimes(anOwnerLogin(), fiveFailuresFrom(NOW));
    expect(recordFailedPassword(locked, NOW + 6 * MINUTE)).toEqual(locked);
  });

  it('the 3rd lockout in a row is permanent until cleared', () => {
    let login = anOwnerLogin();
    for (const start of [NOW, NOW + 30 * MINUTE]) {
      login = failTimes(login, fiveFailuresFrom(start));
      expect(lockState(login, start + 5 * MINUTE).permanent).toBe(false);
      login = expireLock(login, start + 20 * MINUTE) ?? login;
    }
    expect(login.lockoutCount).toBe(2);
    login = failTimes(login, fiveFailuresFrom(NOW + 60 * MINUTE));
    expect(lockState(login, NOW + 65 * MINUTE)).toEqual({
      locked: true,
      permanent: true,
      lockedUntil: null,
    });
    expect(lockState(login, NOW + 365 * 24 * 60 * MINUTE).locked).toBe(true);
    expect(expireLock(login, NOW + 100 * MINUTE)).toBeNull();
    expect(lockState(clearLock(login), NOW + 65 * MINUTE).locked).toBe(false);
  });

  it('a successful sign-in between lockouts resets the count', () => {
    let login = failTimes(anOwnerLogin(), fiveFailuresFrom(NOW));
    login = failTimes(login, fiveFailuresFrom(NOW + 30 * MINUTE));
    login = recordSuccessfulSignIn(login, NOW + 50 * MINUTE);
    expect(login).toMatchObject({ lockoutCount: 0, failedAttempts: 0, lockedUntil: null });
    login = failTimes(login, fiveFailuresFrom(NOW + 60 * MINUTE));
    expect(lockState(login, NOW + 65 * MINUTE).permanent).toBe(false);
  });

  it('a successful sign-in cannot happen while locked', () => {
    const locked = failTimes(anOwnerLogin(), fiveFailuresFrom(NOW));
    expect(recordSuccessfulSignIn(locked, NOW + 5 * MINUTE)).toEqual(locked);
  });

  it('expiry clears a finished temporary lock but keeps the lockout count', () => {
    const locked = failTimes(anOwnerLogin(), fiveFailuresFrom(NOW));
    const until = NOW + 4 * MINUTE + LOCKOUT_DURATION;
    expect(expireLock(locked, until - 1)).toBeNull();
    expect(expireLock(locked, until)).toMatchObject({
      lockedUntil: null,
      failedAttempts: 0,
      firstFailedAt: null,
      lockoutCount: 1,
    });
    expect(expireLock(anOwnerLogin(), until)).toBeNull();
  });

  it('clearLock resets everything', () => {
    const locked = failTimes(anOwnerLogin(), fiveFailuresFrom(NOW));
    expect(clearLock(locked)).toMatchObject({
      failedAttempts: 0,
      firstFailedAt: null,
      lockedUntil: null,
      lockoutCount: 0,
    });
  });

  it('lock arithmetic is monotonic: counts never drop on failures and time alone only unlocks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 120 * MINUTE }), { maxLength: 40 }),
        fc.integer({ min: 0, max: 180 * MINUTE }),
        fc.integer({ min: 1, max: 60 * MINUTE }),
        (offsets, probe, later) => {
          const times = offsets.map((o) => NOW + o).sort((a, b) => a - b);
          let login: LockFields = anOwnerLogin();
          for (const at of times) {
            const next = recordFailedPassword(login, at);
            expect(next.lockoutCount).toBeGreaterThanOrEqual(login.lockoutCount);
            expect(next.lockoutCount - login.lockoutCount).toBeLessThanOrEqual(1);
            login = next;
          }
          expect(login.lockoutCount).toBeLessThanOrEqual(Math.floor(times.length / 5));
          const t = NOW + probe;
          if (!lockState(login, t).locked) {
            expect(lockState(login, t + later).locked).toBe(false);
          }
          if (lockState(login, t + later).locked) {
            expect(lockState(login, t).locked).toBe(true);
          }
        },
      ),
    );
  });

  it('a lock lasts exactly 15 minutes, whatever the spacing of the failures', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(14 * 60), { minLength: 4, maxLength: 4 }), (gaps) => {
        const seconds = [0, ...gaps].sort((a, b) => a - b);
        const times = seconds.map((s) => NOW + s * SECOND);
        const login = failTimes(anOwnerLogin(), times);
        const fifth = times[4] ?? NOW;
        expect(lockState(login, fifth).lockedUntil).toBe(fifth + 15 * MINUTE);
      }),
    );
  });
});
