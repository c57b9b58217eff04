import { findAccountIdOfBlock, writeBlockLifted } from '@lifeline/db';
import { assertBlockLiftable, planBlockLift } from '@lifeline/domain';
import type { z } from 'zod';
import type { StaffPrincipal } from '../../context.ts';
import type { ApiDeps } from '../../deps.ts';
import type { liftBlockInput } from '../../schemas.ts';
import { recoveryRecipients } from '../emails.ts';
import { requireStepUp } from '../second-factor.ts';
import {
  blockOutput,
  commitRecovery,
  loadSnapshot,
  notFound,
  runSupportAction,
  type Staff,
  versionConflict,
} from './recovery.ts';

export type LiftBlockInput = z.output<typeof liftBlockInput>;

/**
 * Lift a block (SPEC §6). Which role and which verification depend on its kind, which the
 * domain decides (`assertBlockLiftable`): the procedure's meta only lets in the roles that may
 * lift at least a self-block.
 */
export async function liftBlock(
  deps: ApiDeps,
  staff: Staff & Pick<StaffPrincipal, 'secondFactor'>,
  input: LiftBlockInput,
) {
  return runSupportAction(
    deps,
    staff,
    { procedure: 'actions.liftBlock', audit: 'block.lift', metric: 'lift_block' },
    input,
    async ({ tx, now, verify }) => {
      const accountId = await findAccountIdOfBlock(tx, input.blockId);
      const snapshot = accountId === null ? null : await loadSnapshot(tx, accountId);
      const block = snapshot?.blocks.find((b) => b.id === input.blockId);
      if (!snapshot || !block) throw notFound('block');
      const requirement = assertBlockLiftable(block, staff.role, input.note);
      // Lifting a suspicious-activity block is a sensitive action (SPEC §13): a fresh step-up.
      const stepUp =
        block.kind === 'suspicious_activity' ? await requireStepUp(deps, tx, staff, now) : null;
      const grant =
        requirement.verification === null ? null : await verify(requirement.verification);
      const lift = planBlockLift(staff.id, now);
      if (!(await writeBlockLifted(tx, block.id, lift))) throw versionConflict();
      await commitRecovery(tx, {
        now,
        staffId: staff.id,
        snapshot,
        audit: {
          action: 'block.lift',
          loginId: grant?.loginId ?? null,
          ticketRef: input.ticketRef,
          verificationId: grant?.id ?? null,
          details: (version) => ({
            blockId: block.id,
            kind: block.kind,
            before: { liftedAt: null, liftedBy: null, accountVersion: snapshot.account.version },
            after: { ...lift, accountVersion: version },
            note: input.note ?? null,
            ...(stepUp ? { stepUp } : {}),
          }),
        },
        emails: {
          template: 'block_lifted',
          recipients: recoveryRecipients(
            snapshot,
            snapshot.logins.find((l) => l.id === grant?.loginId),
          ),
          facts: { accountId: snapshot.account.id, ticketRef: input.ticketRef },
        },
      });
      return { block: blockOutput({ ...block, ...lift }) };
    },
    async (tx) => ({ accountId: await findAccountIdOfBlock(tx, input.blockId) }),
  );
}
