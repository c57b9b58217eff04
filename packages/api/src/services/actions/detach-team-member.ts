import { liveLoginRolesElsewhere, writeLoginRemoved } from '@lifeline/db';
import { type LoginRole, planDetach } from '@lifeline/domain';
import type { z } from 'zod';
import type { ApiDeps } from '../../deps.ts';
import type { detachTeamMemberInput } from '../../schemas.ts';
import { type DetachWhy, recoveryRecipients } from '../emails.ts';
import {
  commitRecovery,
  loginOutput,
  runLoginAction,
  type Staff,
  versionConflict,
} from './recovery.ts';

export type DetachTeamMemberInput = z.output<typeof detachTeamMemberInput>;

/**
 * Remove a team-member login (SPEC §6), for a verified holder of that email: through their owner
 * login elsewhere or an email code. The owner learns who was removed and why; the address too.
 */
export async function detachTeamMember(deps: ApiDeps, staff: Staff, input: DetachTeamMemberInput) {
  return runLoginAction(
    deps,
    staff,
    {
      procedure: 'actions.detachTeamMember',
      audit: 'login.detach_team_member',
      metric: 'detach_team_member',
    },
    input,
    async ({ tx, now, verify, snapshot, login }) => {
      const grant = await verify({ kind: 'holder_of_email', email: login.identifier });
      const { removedAt } = planDetach(login, now);
      if (!(await writeLoginRemoved(tx, login.id, removedAt))) throw versionConflict();
      const elsewhere = await liveLoginRolesElsewhere(tx, login.identifier, snapshot.account.id);
      await commitRecovery(tx, {
        now,
        staffId: staff.id,
        snapshot,
        audit: {
          action: 'login.detach_team_member',
          loginId: login.id,
          ticketRef: input.ticketRef,
          verificationId: grant.id,
          details: (version) => ({
            before: { removedAt: null, accountVersion: snapshot.account.version },
            after: { removedAt, accountVersion: version },
            role: login.role,
            verifiedThroughLoginId: grant.loginId,
          }),
        },
        emails: {
          template: 'team_member_detached',
          recipients: recoveryRecipients(snapshot, login),
          facts: {
            identifier: login.identifier,
            accountId: snapshot.account.id,
            ticketRef: input.ticketRef,
            why: detachReason(elsewhere),
          },
        },
      });
      return { login: loginOutput({ ...login, removedAt }, now) };
    },
  );
}

/** The sentence of the detach email that says why, from where else that address signs in. */
function detachReason(rolesElsewhere: readonly LoginRole[]): DetachWhy {
  if (rolesElsewhere.includes('owner')) return 'owner_elsewhere';
  if (rolesElsewhere.length > 0) return 'member_elsewhere';
  return 'asked';
}
