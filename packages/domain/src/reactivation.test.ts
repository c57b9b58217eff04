import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.ts';
import { planReactivation } from './reactivation.ts';
import { aDeactivatedAccount, anAccount, NOW } from './test-factories.ts';
import { DAY, HOUR } from './time.ts';

function refusal(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error.reason;
    throw error;
  }
  return undefined;
}

const cleared = { deactivatedAt: null, deactivationReason: null, purgeAfter: null };

describe('planReactivation', () => {
  it('owner_cancelled → active, with days left and the data restored', () => {
    const account = aDeactivatedAccount('owner_cancelled', NOW - 10 * DAY);
    const plan = planReactivation(account, NOW);
    expect(plan.changes).toEqual({ status: 'active', paymentFailedAt: null, ...cleared });
    expect(plan.daysLeft).toBe(110);
    expect(plan.restored).toEqual(account.data);
    expect(plan.reason).toBe('owner_cancelled');
  });

  it('owner_request → active', () => {
    const account = aDeactivatedAccount('owner_request', NOW - 119 * DAY - 23 * HOUR);
    const plan = planReactivation(account, NOW);
    expect(plan.changes.status).toBe('active');
    expect(plan.daysLeft).toBe(1);
  });

  it('trial_expired → active on the free plan', () => {
    const account = aDeactivatedAccount('trial_expired', NOW - 30 * DAY, { plan: 'trial' });
    expect(planReactivation(account, NOW).changes).toEqual({
      status: 'active',
      plan: 'free',
      paymentFailedAt: null,
      ...cleared,
    });
  });

  it('non_payment still owing → limited with dunning restarted now', () => {
    const account = aDeactivatedAccount('non_payment', NOW - 100 * DAY, {
      balanceCents: -4900,
      paymentFailedAt: NOW - 190 * DAY,
    });
    const plan = planReactivation(account, NOW);
    expect(plan.changes).toEqual({ status: 'limited', paymentFailedAt: NOW, ...cleared });
    expect(plan.daysLeft).toBe(20);
  });

  it('non_payment settled since → active', () => {
    const account = aDeactivatedAccount('non_payment', NOW - 100 * DAY, { balanceCents: 0 });
    expect(planReactivation(account, NOW).changes).toEqual({
      status: 'active',
      paymentFailedAt: null,
      ...cleared,
    });
  });

  it('refuses terms violations', () => {
    const account = aDeactivatedAccount('terms_violation', NOW - 5 * DAY);
    expect(refusal(() => planReactivation(account, NOW))).toBe('NOT_REACTIVATABLE');
  });

  it('refuses terms violations before looking at the window', () => {
    const account = aDeactivatedAccount('terms_violation', NOW - 300 * DAY);
    expect(refusal(() => planReactivation(account, NOW))).toBe('NOT_REACTIVATABLE');
  });

  it('refuses accounts that are not deactivated', () => {
    expect(refusal(() => planReactivation(anAccount(), NOW))).toBe('NOT_DEACTIVATED');
    expect(refusal(() => planReactivation(anAccount({ status: 'limited' }), NOW))).toBe(
      'NOT_DEACTIVATED',
    );
    expect(refusal(() => planReactivation(anAccount({ status: 'purged' }), NOW))).toBe(
      'WINDOW_CLOSED',
    );
  });

  it('allows the last millisecond of the window and refuses at 120 days', () => {
    const deactivatedAt = NOW - 50 * DAY;
    const account = aDeactivatedAccount('owner_cancelled', deactivatedAt);
    expect(planReactivation(account, deactivatedAt + 120 * DAY - 1).daysLeft).toBe(1);
    expect(refusal(() => planReactivation(account, deactivatedAt + 120 * DAY))).toBe(
      'WINDOW_CLOSED',
    );
  });

  it('refuses once the window closed even if the purge has not run', () => {
    const account = aDeactivatedAccount('owner_cancelled', NOW - 120 * DAY - 2 * HOUR);
    expect(refusal(() => planReactivation(account, NOW))).toBe('WINDOW_CLOSED');
  });
});
