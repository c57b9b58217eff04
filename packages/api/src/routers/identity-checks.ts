import { decideIdentityCheckInput, identityCheckQueueInput } from '../schemas.ts';
import { decideIdentityCheckAction, identityCheckQueue } from '../services/identity-checks.ts';
import { router, staffProcedure } from '../trpc.ts';

export const identityChecksRouter = router({
  queue: staffProcedure
    .meta({ access: 'identityChecks.read' })
    .input(identityCheckQueueInput)
    .query(({ ctx, input }) => identityCheckQueue(ctx.deps, { limit: input?.limit })),

  decide: staffProcedure
    .meta({ access: 'identityChecks.decide', audit: 'identity_check.decide' })
    .input(decideIdentityCheckInput)
    .mutation(({ ctx, input }) => decideIdentityCheckAction(ctx.deps, ctx.staff, input)),
});
