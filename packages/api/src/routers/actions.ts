import {
  detachTeamMemberInput,
  liftBlockInput,
  reactivateInput,
  sendPasswordResetInput,
  unlockLoginInput,
} from '../schemas.ts';
import {
  detachTeamMember,
  liftBlock,
  reactivateAccount,
  sendPasswordReset,
  unlockLogin,
} from '../services/actions.ts';
import { router, staffProcedure } from '../trpc.ts';

/** SPEC §6 actions. Refusals are DomainErrors from the service, with their §11 reason. */
export const actionsRouter = router({
  reactivate: staffProcedure
    .meta({ access: 'actions.reactivate' })
    .input(reactivateInput)
    .mutation(({ ctx, input }) => reactivateAccount(ctx, input)),

  detachTeamMember: staffProcedure
    .meta({ access: 'actions.detachTeamMember' })
    .input(detachTeamMemberInput)
    .mutation(({ ctx, input }) => detachTeamMember(ctx, input)),

  unlockLogin: staffProcedure
    .meta({ access: 'actions.unlockLogin' })
    .input(unlockLoginInput)
    .mutation(({ ctx, input }) => unlockLogin(ctx, input)),

  sendPasswordReset: staffProcedure
    .meta({ access: 'actions.sendPasswordReset' })
    .input(sendPasswordResetInput)
    .mutation(({ ctx, input }) => sendPasswordReset(ctx, input)),

  // The least capability that lifts any block; the service checks the one the block's kind needs.
  liftBlock: staffProcedure
    .meta({ access: 'actions.liftSelfBlock' })
    .input(liftBlockInput)
    .mutation(({ ctx, input }) => liftBlock(ctx, input)),
});
