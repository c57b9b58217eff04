import { outboxListInput } from '../schemas.ts';
import { outboxList } from '../services/outbox.ts';
import { router, staffProcedure } from '../trpc.ts';

export const outboxRouter = router({
  list: staffProcedure
    .meta({ access: 'outbox.read' })
    .input(outboxListInput)
    .query(({ ctx, input }) => outboxList(ctx.deps, ctx.staff, input ?? {})),
});
