import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.ts';
import {
  assertVerificationCodeAllowed,
  nextSendAllowedAt,
  nextVerificationCodeAllowedAt,
  VERIFICATION_CODE_SEND_LIMIT,
} from './send-limits.ts';
import { NOW } from './test-factories.ts';
import { MINUTE, SECOND } from './time.ts';

function refusalOf(run: () => unknown): DomainError | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  return undefined;
}

describe('nextSendAllowedAt', () => {
  const rule = { limit: 2, window: 10 * MINUTE };

  it('allows a send while fewer than `limit` sends are in the window', () => {
    expect(nextSendAllowedAt([], NOW, rule)).toBeNull();
    expect(nextSendAllowedAt([NOW - MINUTE], NOW, rule)).toBeNull();
    // A send exactly one window old has left it.
    expect(nextSendAllowedAt([NOW - 10 * MINUTE, NOW - MINUTE], NOW, rule)).toBeNull();
  });

  it('frees up when the oldest send that fills the window is one window old, in any order', () => {
    expect(nextSendAllowedAt([NOW - MINUTE, NOW - 4 * MINUTE], NOW, rule)).toBe(NOW + 6 * MINUTE);
    // Older sends than the window and future ones (clock skew) do not count.
    expect(
      nextSendAllowedAt(
        [NOW - 30 * MINUTE, NOW + MINUTE, NOW - MINUTE, NOW - 2 * MINUTE],
        NOW,
        rule,
      ),
    ).toBe(NOW + 8 * MINUTE);
    // More sends than the limit (a limit lowered since): the window frees up when enough leave.
    expect(nextSendAllowedAt([NOW - 9 * MINUTE, NOW - 5 * MINUTE, NOW - MINUTE], NOW, rule)).toBe(
      NOW + 5 * MINUTE,
    );
  });
});

describe('verification codes: 3 per login per 10 minutes', () => {
  it('is three codes in ten minutes', () => {
    expect(VERIFICATION_CODE_SEND_LIMIT).toEqual({ limit: 3, window: 10 * MINUTE });
  });

  it('allows the third code and refuses the fourth until the first is 10 minutes old', () => {
    const two = [NOW - 6 * MINUTE, NOW - MINUTE];
    expect(nextVerificationCodeAllowedAt(two, NOW)).toBeNull();
    expect(refusalOf(() => assertVerificationCodeAllowed(two, NOW))).toBeUndefined();

    const three = [NOW - 6 * MINUTE, NOW - 3 * MINUTE, NOW - MINUTE];
    expect(nextVerificationCodeAllowedAt(three, NOW)).toBe(NOW + 4 * MINUTE);
    expect(nextVerificationCodeAllowedAt(three, NOW + 4 * MINUTE - 1)).toBe(NOW + 4 * MINUTE);
    expect(nextVerificationCodeAllowedAt(three, NOW + 4 * MINUTE)).toBeNull();
  });

  it('refuses RATE_LIMITED, saying until when: the minute in the message, the instant in details', () => {
    // NOW is 12:00:00 UTC; the first code went at 11:54:30, so the next may go at 12:04:30.
    const three = [NOW - 5 * MINUTE - 30 * SECOND, NOW - 3 * MINUTE, NOW - MINUTE];
    const refusal = refusalOf(() => assertVerificationCodeAllowed(three, NOW));
    expect(refusal?.reason).toBe('RATE_LIMITED');
    expect(refusal?.details).toEqual({
      retryAt: new Date(NOW + 4 * MINUTE + 30 * SECOND).toISOString(),
    });
    // Rounded up: an agent who retries at 12:05 is let through.
    expect(refusal?.message).toBe(
      '3 codes were already sent to this login in the last 10 minutes: try again after 12:05 UTC.',
    );
    // On the minute, that minute.
    expect(
      refusalOf(() => assertVerificationCodeAllowed([NOW - 6 * MINUTE, NOW, NOW], NOW))?.message,
    ).toContain('try again after 12:04 UTC');
  });
});
