import {
  closeEscalationInput,
  escalationQueueInput,
  escalationsOfAccountInput,
  openEscalationInput,
  takeEscalationInput,
} from '../schemas.ts';
import {
  escalationQueue,
  escalationsOfAccount,
  openEscalation,
  stepEscalation,
} from '../services/escalations.ts';
import { router, staffProcedure } from '../trpc.ts';

/** Cases agents hand to the leads (issue 13): open, the queue, take, close. */
export const escalationsRouter = router({
  open: staffProcedure
    .meta({ access: 'escalations.open', audit: 'escalation.open' })
    .input(openEscalationInput)
    .mutation(({ ctx, input }) => openEscalation(ctx.deps, ctx.staff, input)),

  forAccount: staffProcedure
    .meta({ access: 'escalations.open' })
    .input(escalationsOfAccountInput)
    .query(({ ctx, input }) => escalationsOfAccount(ctx.deps, input)),

  queue: staffProcedure
    .meta({ access: 'escalations.manage' })
    .input(escalationQueueInput)
    .query(({ ctx, input }) => escalationQueue(ctx.deps, input ?? {})),

  take: staffProcedure
    .meta({ access: 'escalations.manage', audit: 'escalation.take' })
    .input(takeEscalationInput)
    .mutation(({ ctx, input }) => stepEscalation(ctx.deps, ctx.staff, { step: 'take', ...input })),

  close: staffProcedure
    .meta({ access: 'escalations.manage', audit: 'escalation.close' })
    .input(closeEscalationInput)
    .mutation(({ ctx, input }) => stepEscalation(ctx.deps, ctx.staff, { step: 'close', ...input })),
});
