// The customer product's billing retries (SPEC §3). Lifeline reads where an account stands
// (`dunningState`) and its scheduler applies the 90-day deactivation (`dunningTransition`);
// charges themselves happen in the product, so `onChargeFailed` and `onChargeSucceeded` have no
// production caller: the demo seed replays charges through them to build its dunning accounts.
import type { AccountChanges, AccountFacts } from './facts.ts';
import { DAY } from './time.ts';
import { purgeAfterFor } from './window.ts';

/** Retries after the first failed charge t0, in days (SPEC §3). */
export const RETRY_OFFSETS_DAYS = [3, 7, 14, 30, 60] as const;
export const DUNNING_DAYS = 90;
export const DUNNING_LENGTH = DUNNING_DAYS * DAY;

export interface DunningState {
  /** Day N of 90; day 1 is the day of t0. Clamped to 1..90 so a late scheduler never shows 91. */
  dayOfDunning: number;
  deactivatesAt: number;
  /** The first retry strictly after `now`, or null once the last one is past. */
  nextRetryAt: number | null;
  retriesDone: number;
}

export function retryInstants(paymentFailedAt: number): number[] {
  return RETRY_OFFSETS_DAYS.map((days) => paymentFailedAt + days * DAY);
}

export function dunningState(paymentFailedAt: number, now: number): DunningState {
  const elapsedDays = Math.floor((now - paymentFailedAt) / DAY);
  const retries = retryInstants(paymentFailedAt);
  return {
    dayOfDunning: Math.min(DUNNING_DAYS, Math.max(1, elapsedDays + 1)),
    deactivatesAt: paymentFailedAt + DUNNING_LENGTH,
    nextRetryAt: retries.find((at) => at > now) ?? null,
    retriesDone: retries.filter((at) => at <= now).length,
  };
}

/**
 * A failed charge. The first one of a run moves an active paid account to `limited` and starts
 * the 90 days; a failed retry changes nothing, so the run keeps its original t0. The amount owed
 * is the invoice's business and is set by the caller. Null means no change.
 */
export function onChargeFailed(account: AccountFacts, at: number): AccountChanges | null {
  if (account.status === 'active' && account.plan === 'paid') {
    return { status: 'limited', paymentFailedAt: account.paymentFailedAt ?? at };
  }
  if (account.status === 'limited' && account.paymentFailedAt === null) {
    return { paymentFailedAt: at };
  }
  return null;
}

/**
 * A successful charge settles the balance. Only a `limited` account returns to `active`: a
 * deactivated one stays deactivated, because reactivation is a support decision (SPEC §6).
 * `_at` is accepted for symmetry with `onChargeFailed`; settling does not depend on when.
 */
export function onChargeSucceeded(account: AccountFacts, _at: number): AccountChanges {
  return {
    balanceCents: 0,
    paymentFailedAt: null,
    ...(account.status === 'limited' ? { status: 'active' as const } : {}),
  };
}

/**
 * The scheduler's dunning step: a limited account unsettled at t0 + 90 days is deactivated as of
 * t0 + 90 days exactly (not as of whenever the job ran), so its window is not shortened by a late
 * job. Null when nothing is due.
 */
export function dunningTransition(account: AccountFacts, now: number): AccountChanges | null {
  if (account.status !== 'limited' || account.paymentFailedAt === null) return null;
  const deactivatedAt = account.paymentFailedAt + DUNNING_LENGTH;
  if (now < deactivatedAt) return null;
  return {
    status: 'deactivated',
    deactivationReason: 'non_payment',
    deactivatedAt,
    purgeAfter: purgeAfterFor(deactivatedAt),
  };
}
