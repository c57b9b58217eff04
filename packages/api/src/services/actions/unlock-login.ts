import { writeLoginLock } from '@lifeline/db';
import { type LoginFacts, planUnlock } from '@lifeline/domain';
import type { z } from 'zod';
import type { ApiDeps } from '../../deps.ts';
import type { unlockLoginInput } from '../../schemas.ts';
import { recoveryRecipients } from '../emails.ts';
import {
  commitRecovery,
  loginOutput,
  runLoginAction,
  type Staff,
  versionConflict,
} from './recovery.ts';
import { issueResetLink } from './reset-link.ts';

export type UnlockLoginInput = z.output<typeof unlockLoginInput>;

/** Clear a login's lock and counters for its verified holder, optionally with a reset link. */
export async function unlockLogin(deps: ApiDeps, staff: Staff, input: UnlockLoginInput) {
  return runLoginAction(
    deps,
    staff,
    { procedure: 'actions.unlockLogin', audit: 'login.unlock', metric: 'unlock_login' },
    input,
    async ({ tx, now, verify, snapshot, login }) => {
      const grant = await verify({ kind: 'holder_of_login', loginId: login.id });
      const plan = planUnlock(login, now);
      if (!(await writeLoginLock(tx, login.id, plan.changes))) throw versionConflict();
      await commitRecovery(tx, {
        now,
        staffId: staff.id,
        snapshot,
        audit: {
          action: 'login.unlock',
          loginId: login.id,
          ticketRef: input.ticketRef,
          verificationId: grant.id,
          details: (version) => ({
            before: { ...lockFieldsOf(login), accountVersion: snapshot.account.version },
            after: { ...plan.changes, accountVersion: version },
            wasLocked: plan.wasLocked,
            wasPermanent: plan.wasPermanent,
            sendResetLink: input.sendResetLink,
          }),
        },
        emails: {
          template: 'login_unlocked',
          recipients: recoveryRecipients(snapshot, login),
          facts: { identifier: login.identifier, ticketRef: input.ticketRef },
        },
      });
      // In the same transaction: if the link is refused (3 already this hour) nothing is
      // unlocked either, and the agent can retry without the link.
      const resetLink = input.sendResetLink
        ? await issueResetLink(tx, {
            staffId: staff.id,
            snapshot,
            login,
            ticketRef: input.ticketRef,
            verificationId: grant.id,
            resetLinkBase: deps.resetLinkBase,
            now,
          })
        : null;
      return {
        login: loginOutput({ ...login, ...plan.changes }, now),
        wasLocked: plan.wasLocked,
        wasPermanent: plan.wasPermanent,
        resetLink,
      };
    },
  );
}

function lockFieldsOf(login: LoginFacts) {
  const { failedAttempts, firstFailedAt, lockedUntil, lockoutCount } = login;
  return { failedAttempts, firstFailedAt, lockedUntil, lockoutCount };
}
