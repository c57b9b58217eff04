import { describe, expect, it } from 'vitest';
import { SIGN_IN_SLOWDOWN_AFTER, signInSlowdownMs } from './auth.ts';

describe('signInSlowdownMs', () => {
  it('waits nothing before the 5th failure on an email, then doubles from 0.25 s up to 4 s', () => {
    expect(SIGN_IN_SLOWDOWN_AFTER).toBe(5);
    expect([0, 1, 4].map(signInSlowdownMs)).toEqual([0, 0, 0]);
    expect([5, 6, 7, 8, 9, 10, 50, 10_000].map(signInSlowdownMs)).toEqual([
      250, 500, 1_000, 2_000, 4_000, 4_000, 4_000, 4_000,
    ]);
  });
});
