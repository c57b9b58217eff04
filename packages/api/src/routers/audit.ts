import { auditListInput, reactivationReportInput } from '../schemas.ts';
import { verifyChain } from '../services/audit/chain.ts';
import { listAudit } from '../services/audit/log.ts';
import { reactivationReport } from '../services/audit/report.ts';
import { router, staffProcedure } from '../trpc.ts';

export const auditRouter = router({
  /** Agents hold only 'audit.readOwn': the service then scopes the list to their own events. */
  list: staffProcedure
    .meta({ access: 'audit.readOwn' })
    .input(auditListInput)
    .query(({ ctx, input }) => listAudit(ctx.deps, ctx.staff, input ?? {})),

  verifyChain: staffProcedure
    .meta({ access: 'audit.verifyChain' })
    .query(({ ctx }) => verifyChain(ctx.deps)),

  reactivationReport: staffProcedure
    .meta({ access: 'reports.read' })
    .input(reactivationReportInput)
    .query(({ ctx, input }) => reactivationReport(ctx.deps, input ?? {})),
});
