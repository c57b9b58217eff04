import { alertsInput } from '../schemas.ts';
import { alertList } from '../services/alerts.ts';
import { router, staffProcedure } from '../trpc.ts';

export const alertsRouter = router({
  list: staffProcedure
    .meta({ access: 'alerts.read' })
    .input(alertsInput)
    .query(({ ctx, input }) => alertList(ctx.deps, ctx.staff, input ?? {})),
});
