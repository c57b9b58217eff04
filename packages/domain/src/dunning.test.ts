import { describe, expect, it } from 'vitest';
import {
  dunningState,
  dunningTransition,
  onChargeFailed,
  onChargeSucceeded,
  retryInstants,
} from './dunning.ts';
import { anAccount, NOW } from './test-factories.ts';
import { DAY, HOUR } from './time.ts';

const t0 = NOW - 20 * DAY;

describe('dunningState', () => {
  it('counts day 1 on the day of the failed charge', () => {
    expect(dunningState(t0, t0).dayOfDunning).toBe(1);
    expect(dunningState(t0, t0 + DAY - 1).dayOfDunning).toBe(1);
    expect(dunningState(t0, t0 + DAY).dayOfDunning).toBe(2);
  });

  it('after 20 days: day 21, three retries done, the next at t0 + 30 days', () => {
    expect(dunningState(t0, NOW)).toEqual({
      dayOfDunning: 21,
      deactivatesAt: t0 + 90 * DAY,
      nextRetryAt: t0 + 30 * DAY,
      retriesDone: 3,
    });
  });

  it('retries at 3, 7, 14, 30 and 60 days; none left after the last', () => {
    expect(retryInstants(t0).map((at) => (at - t0) / DAY)).toEqual([3, 7, 14, 30, 60]);
    expect(dunningState(t0, t0).nextRetryAt).toBe(t0 + 3 * DAY);
    expect(dunningState(t0, t0 + 3 * DAY).nextRetryAt).toBe(t0 + 7 * DAY);
    expect(dunningState(t0, t0 + 60 * DAY)).toMatchObject({ nextRetryAt: null, retriesDone: 5 });
  });

  it('never shows past day 90', () => {
    expect(dunningState(t0, t0 + 89 * DAY).dayOfDunning).toBe(90);
    expect(dunningState(t0, t0 + 95 * DAY).dayOfDunning).toBe(90);
  });
});

describe('charges', () => {
  it('a first failed charge limits an active paid account and starts the run', () => {
    expect(onChargeFailed(anAccount({ plan: 'paid' }), NOW)).toEqual({
      status: 'limited',
      paymentFailedAt: NOW,
    });
  });

  it('a failed retry keeps the original t0', () => {
    const limited = anAccount({ status: 'limited', paymentFailedAt: t0 });
    expect(onChargeFailed(limited, NOW)).toBeNull();
  });

  it('a failed charge on a free or deactivated account changes nothing', () => {
    expect(onChargeFailed(anAccount({ plan: 'free' }), NOW)).toBeNull();
    expect(onChargeFailed(anAccount({ status: 'deactivated' }), NOW)).toBeNull();
  });

  it('a successful charge settles and returns a limited account to active', () => {
    const limited = anAccount({ status: 'limited', paymentFailedAt: t0, balanceCents: -4900 });
    expect(onChargeSucceeded(limited, NOW)).toEqual({
      balanceCents: 0,
      paymentFailedAt: null,
      status: 'active',
    });
  });

  it('a successful charge does not reactivate a deactivated account', () => {
    const closed = anAccount({ status: 'deactivated', balanceCents: -4900 });
    expect(onChargeSucceeded(closed, NOW)).toEqual({ balanceCents: 0, paymentFailedAt: null });
  });
});

describe('dunningTransition', () => {
  const limited = anAccount({ status: 'limited', paymentFailedAt: t0, balanceCents: -4900 });

  it('leaves the account limited on day 89 and up to the last millisecond of day 90', () => {
    expect(dunningTransition(limited, t0 + 89 * DAY)).toBeNull();
    expect(dunningTransition(limited, t0 + 90 * DAY - 1)).toBeNull();
  });

  it('deactivates at t0 + 90 days exactly, for non-payment, with a 120-day window', () => {
    expect(dunningTransition(limited, t0 + 90 * DAY)).toEqual({
      status: 'deactivated',
      deactivationReason: 'non_payment',
      deactivatedAt: t0 + 90 * DAY,
      purgeAfter: t0 + 210 * DAY,
    });
  });

  it('dates the deactivation at t0 + 90 days even when the job runs late', () => {
    expect(dunningTransition(limited, t0 + 93 * DAY + 5 * HOUR)).toMatchObject({
      deactivatedAt: t0 + 90 * DAY,
    });
  });

  it('ignores accounts that are not in a dunning run', () => {
    expect(dunningTransition(anAccount(), t0 + 200 * DAY)).toBeNull();
    expect(dunningTransition(anAccount({ status: 'limited' }), t0 + 200 * DAY)).toBeNull();
  });
});
