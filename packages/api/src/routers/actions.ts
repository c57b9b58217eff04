import {
  detachTeamMemberInput,
  liftBlockInput,
  reactivateInput,
  sendPasswordResetInput,
  unlockLoginInput,
} from '../schemas.ts';
import { detachTeamMember } from '../services/actions/detach-team-member.ts';
import { liftBlock } from '../services/actions/lift-block.ts';
import { reactivateAccount } from '../services/actions/reactivate.ts';
import { sendPasswordReset } from '../services/actions/reset-link.ts';
import { unlockLogin } from '../services/actions/unlock-login.ts';
import { router, staffProcedure } from '../trpc.ts';

/** SPEC §6 actions. Refusals are DomainErrors from the service, with their §11 reason. */
export const actionsRouter = router({
  reactivate: staffProcedure
    .meta({ access: 'actions.reactivate', audit: 'account.reactivate' })
    .input(reactivateInput)
    .mutation(({ ctx, input }) => reactivateAccount(ctx.deps, ctx.staff, input)),

  detachTeamMember: staffProcedure
    .meta({ access: 'actions.detachTeamMember', audit: 'login.detach_team_member' })
    .input(detachTeamMemberInput)
    .mutation(({ ctx, input }) => detachTeamMember(ctx.deps, ctx.staff, input)),

  unlockLogin: staffProcedure
    .meta({ access: 'actions.unlockLogin', audit: 'login.unlock' })
    .input(unlockLoginInput)
    .mutation(({ ctx, input }) => unlockLogin(ctx.deps, ctx.staff, input)),

  sendPasswordReset: staffProcedure
    .meta({ access: 'actions.sendPasswordReset', audit: 'login.send_password_reset' })
    .input(sendPasswordResetInput)
    .mutation(({ ctx, input }) => sendPasswordReset(ctx.deps, ctx.staff, input)),

  // The least capability that lifts any block; the service checks the one the block's kind needs.
  liftBlock: staffProcedure
    .meta({ access: 'actions.liftSelfBlock', audit: 'block.lift' })
    .input(liftBlockInput)
    .mutation(({ ctx, input }) => liftBlock(ctx.deps, ctx.staff, input)),
});
