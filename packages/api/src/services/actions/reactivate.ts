import { findAccountForOutput, insertReactivationReview } from '@lifeline/db';
import {
  type AccountFacts,
  assertExpectedVersion,
  planReactivation,
  VERIFICATION_METHODS,
  type VerificationMethod,
} from '@lifeline/domain';
import type { z } from 'zod';
import type { ApiDeps } from '../../deps.ts';
import type { reactivateInput } from '../../schemas.ts';
import { recoveryRecipients } from '../emails.ts';
import { commitRecovery, loadSnapshot, runSupportAction, type Staff } from './recovery.ts';

export type ReactivateInput = z.output<typeof reactivateInput>;

/**
 * Reactivate a deactivated account inside its window, for its verified owner (SPEC §6). Logins
 * are not touched: sign-in follows the account's status, so they work again as soon as it is
 * active or limited; a team member removed earlier stays removed (that was deliberate). Every
 * reactivation enters the lead review queue (SPEC §8).
 */
export async function reactivateAccount(deps: ApiDeps, staff: Staff, input: ReactivateInput) {
  return runSupportAction(
    deps,
    staff,
    { procedure: 'actions.reactivate', audit: 'account.reactivate', metric: 'reactivate' },
    input,
    async ({ tx, now, verify }) => {
      const snapshot = await loadSnapshot(tx, input.accountId);
      const grant = await verify({ kind: 'owner_of_account', accountId: input.accountId });
      // Before the rules: the agent decided on what they saw, so a changed account is a conflict
      // to review even if it would still be reactivatable.
      assertExpectedVersion(snapshot.account, input.expectedVersion);
      const plan = planReactivation(snapshot.account, now);
      const changedKeys = Object.keys(plan.changes) as (keyof typeof plan.changes)[];
      const { event, emailIds } = await commitRecovery(tx, {
        now,
        staffId: staff.id,
        snapshot,
        accountChanges: plan.changes,
        whenStatus: 'deactivated',
        audit: {
          action: 'account.reactivate',
          loginId: grant.loginId,
          ticketRef: input.ticketRef,
          verificationId: grant.id,
          details: (version) => ({
            before: {
              ...pickAccountFields(snapshot.account, changedKeys),
              version: snapshot.account.version,
            },
            after: { ...plan.changes, version },
            daysLeft: plan.daysLeft,
            purgeAfter: plan.purgeAfter,
            restored: plan.restored,
            note: input.note ?? null,
          }),
        },
        emails: {
          template: 'account_reactivated',
          recipients: recoveryRecipients(
            snapshot,
            snapshot.logins.find((l) => l.id === grant.loginId),
          ),
          facts: {
            accountId: input.accountId,
            ticketRef: input.ticketRef,
            status: plan.changes.status,
          },
        },
      });
      const reviewId = await insertReactivationReview(tx, {
        auditEventId: event.id,
        accountId: input.accountId,
        agentId: staff.id,
        ticketRef: input.ticketRef,
        verificationId: grant.id,
        verificationMethod: asVerificationMethod(grant.method),
        verifiedAt: grant.createdAt,
        deactivationReason: plan.reason,
        daysLeft: plan.daysLeft,
        reactivatedAt: now,
      });
      const account = await findAccountForOutput(tx, input.accountId);
      if (!account) throw new Error('reactivated account vanished inside its transaction');
      return {
        account: { ...account, data: plan.restored },
        previousReason: plan.reason,
        daysLeft: plan.daysLeft,
        review: { id: reviewId, status: 'open' as const },
        emailsQueued: emailIds.length,
      };
    },
  );
}

function asVerificationMethod(method: string): VerificationMethod {
  const known = VERIFICATION_METHODS.find((m) => m === method);
  if (!known) throw new Error(`unknown verification method ${method}`);
  return known;
}

function pickAccountFields<K extends keyof AccountFacts>(
  account: AccountFacts,
  keys: readonly K[],
): Pick<AccountFacts, K> {
  const picked = {} as Pick<AccountFacts, K>;
  for (const key of keys) picked[key] = account[key];
  return picked;
}
