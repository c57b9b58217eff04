import type { DeactivationReason, ErrorReason } from './codes.ts';
import { DomainError } from './errors.ts';
import type { AccountChanges, AccountFacts, DataSummary } from './facts.ts';
import { daysLeftInWindow, effectivePurgeAfter, isReactivationWindowOpen } from './window.ts';

export type ReactivatableReason = Exclude<DeactivationReason, 'terms_violation'>;

export interface ReactivationPlan {
  /**
   * What to write; the DB layer also bumps `version`. Logins are left as they are: sign-in
   * follows the account's status, so they work again once it is active or limited.
   */
  changes: AccountChanges & { status: 'active' | 'limited' };
  /** The reason the account had, for the audit event and the review queue. */
  reason: ReactivatableReason;
  /** What comes back: the data summary is kept through the window (SPEC §2 "all information"). */
  restored: DataSummary;
  daysLeft: number;
  purgeAfter: number;
}

export type ReactivationRefusal = {
  ok: false;
  reason: Extract<ErrorReason, 'NOT_DEACTIVATED' | 'NOT_REACTIVATABLE' | 'WINDOW_CLOSED'>;
  message: string;
  purgeAfter: number | null;
};

export type ReactivationDecision = { ok: true; plan: ReactivationPlan } | ReactivationRefusal;

/**
 * Decide a reactivation (SPEC §6) without throwing, so the diagnosis and the action read the same
 * rule. Terms violations are refused before the window is looked at: that is the more useful
 * thing for the agent to hear. A deactivation with no recorded reason cannot be ruled out as a
 * terms violation, so it is refused the same way. A purged account reads as WINDOW_CLOSED,
 * because that is what happened to it.
 */
export function decideReactivation(account: AccountFacts, now: number): ReactivationDecision {
  const purgeAfter = effectivePurgeAfter(account);
  if (account.status === 'purged') {
    return refuse('WINDOW_CLOSED', 'This account has been purged; nothing can be restored.');
  }
  if (account.status !== 'deactivated') {
    return refuse('NOT_DEACTIVATED', 'This account is not deactivated.');
  }
  const reason = account.deactivationReason;
  if (reason === null || reason === 'terms_violation') {
    return refuse(
      'NOT_REACTIVATABLE',
      reason === null
        ? 'This account has no recorded deactivation reason; it cannot be reactivated from the console.'
        : 'An account closed for a terms violation cannot be reactivated from the console.',
    );
  }
  if (purgeAfter === null || !isReactivationWindowOpen(purgeAfter, now)) {
    return refuse('WINDOW_CLOSED', 'The 120-day reactivation window has closed.');
  }
  return {
    ok: true,
    plan: {
      changes: { ...outcomeFor(account, reason, now), ...clearedDeactivation },
      reason,
      restored: { ...account.data },
      daysLeft: daysLeftInWindow(purgeAfter, now),
      purgeAfter,
    },
  };

  function refuse(reason: ReactivationRefusal['reason'], message: string): ReactivationRefusal {
    return { ok: false, reason, message, purgeAfter };
  }
}

/** `decideReactivation` for the action: the plan, or a DomainError with the stable reason. */
export function planReactivation(account: AccountFacts, now: number): ReactivationPlan {
  const decision = decideReactivation(account, now);
  if (decision.ok) return decision.plan;
  throw new DomainError(decision.reason, decision.message, {
    status: account.status,
    deactivationReason: account.deactivationReason,
    purgeAfter: decision.purgeAfter,
  });
}

const clearedDeactivation = {
  deactivatedAt: null,
  deactivationReason: null,
  purgeAfter: null,
} as const satisfies AccountChanges;

function outcomeFor(
  account: AccountFacts,
  reason: ReactivatableReason,
  now: number,
): AccountChanges & { status: 'active' | 'limited' } {
  switch (reason) {
    case 'owner_cancelled':
    case 'owner_request':
      return { status: 'active', paymentFailedAt: null };
    // The trial is over; coming back puts them on the free plan rather than a new trial.
    case 'trial_expired':
      return { status: 'active', plan: 'free', paymentFailedAt: null };
    // Still owing: back to limited with dunning restarted now, so they get a fresh 90 days.
    case 'non_payment':
      return account.balanceCents < 0
        ? { status: 'limited', paymentFailedAt: now }
        : { status: 'active', paymentFailedAt: null };
  }
}
