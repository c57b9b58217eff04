import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NOW } from './test-factories.ts';
import { DAY, HOUR, MINUTE, SECOND } from './time.ts';
import {
  daysLeftInWindow,
  effectivePurgeAfter,
  isPurgeDue,
  isReactivationWindowOpen,
  purgeAfterFor,
} from './window.ts';

const deactivatedAt = NOW - 50 * DAY;
const purgeAfter = purgeAfterFor(deactivatedAt);

describe('reactivation window', () => {
  it('is exactly 120 days', () => {
    expect(purgeAfter - deactivatedAt).toBe(120 * DAY);
  });

  it('is open 119 d 23 h 59 min 59.999 s after deactivation and closed at 120 d', () => {
    const lastMoment = deactivatedAt + 119 * DAY + 23 * HOUR + 59 * MINUTE + 59 * SECOND + 999;
    expect(isReactivationWindowOpen(purgeAfter, lastMoment)).toBe(true);
    expect(isReactivationWindowOpen(purgeAfter, deactivatedAt + 120 * DAY)).toBe(false);
    expect(isReactivationWindowOpen(purgeAfter, deactivatedAt + 121 * DAY)).toBe(false);
  });

  it('shows days left rounded up, and 0 once closed', () => {
    expect(daysLeftInWindow(purgeAfter, deactivatedAt)).toBe(120);
    expect(daysLeftInWindow(purgeAfter, deactivatedAt + 1)).toBe(120);
    expect(daysLeftInWindow(purgeAfter, deactivatedAt + 10 * DAY)).toBe(110);
    expect(daysLeftInWindow(purgeAfter, deactivatedAt + 119 * DAY + 23 * HOUR)).toBe(1);
    expect(daysLeftInWindow(purgeAfter, purgeAfter - 1)).toBe(1);
    expect(daysLeftInWindow(purgeAfter, purgeAfter)).toBe(0);
    expect(daysLeftInWindow(purgeAfter, purgeAfter + 5 * DAY)).toBe(0);
  });

  it('once closed, stays closed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -200 * DAY, max: 200 * DAY }),
        fc.nat(300 * DAY),
        (offset, later) => {
          const t = purgeAfter + offset;
          if (!isReactivationWindowOpen(purgeAfter, t)) {
            expect(isReactivationWindowOpen(purgeAfter, t + later)).toBe(false);
          }
        },
      ),
    );
  });

  it('days left never grows as time passes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -130 * DAY, max: 10 * DAY }),
        fc.nat(50 * DAY),
        (offset, later) => {
          const t = purgeAfter + offset;
          expect(daysLeftInWindow(purgeAfter, t + later)).toBeLessThanOrEqual(
            daysLeftInWindow(purgeAfter, t),
          );
        },
      ),
    );
  });

  it('falls back to deactivatedAt + 120 days when purgeAfter is missing', () => {
    expect(effectivePurgeAfter({ purgeAfter: null, deactivatedAt })).toBe(purgeAfter);
    expect(effectivePurgeAfter({ purgeAfter: 42, deactivatedAt })).toBe(42);
    expect(effectivePurgeAfter({ purgeAfter: null, deactivatedAt: null })).toBeNull();
  });
});

describe('purge', () => {
  it('is due only more than 24 hours after purgeAfter', () => {
    expect(isPurgeDue(purgeAfter, purgeAfter)).toBe(false);
    expect(isPurgeDue(purgeAfter, purgeAfter + 2 * HOUR)).toBe(false);
    expect(isPurgeDue(purgeAfter, purgeAfter + DAY)).toBe(false);
    expect(isPurgeDue(purgeAfter, purgeAfter + DAY + 1)).toBe(true);
  });
});
