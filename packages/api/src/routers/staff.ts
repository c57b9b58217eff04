import {
  createStaffInput,
  disableStaffInput,
  endStaffSessionsInput,
  resetFactorsInput,
  setStaffRoleInput,
} from '../schemas.ts';
import { resetFactors } from '../services/factors.ts';
import {
  createStaff,
  disableStaff,
  endStaffSessions,
  setStaffRole,
  staffList,
} from '../services/staff.ts';
import { router, staffProcedure } from '../trpc.ts';

export const staffRouter = router({
  list: staffProcedure.meta({ access: 'staff.manage' }).query(({ ctx }) => staffList(ctx.deps)),

  create: staffProcedure
    .meta({ access: 'staff.manage', audit: 'staff.create' })
    .input(createStaffInput)
    .mutation(({ ctx, input }) => createStaff(ctx.deps, ctx.staff, input)),

  setRole: staffProcedure
    .meta({ access: 'staff.manage', audit: 'staff.set_role', stepUp: true })
    .input(setStaffRoleInput)
    .mutation(({ ctx, input }) => setStaffRole(ctx.deps, ctx.staff, input)),

  disable: staffProcedure
    .meta({ access: 'staff.manage', audit: 'staff.disable', stepUp: true })
    .input(disableStaffInput)
    .mutation(({ ctx, input }) => disableStaff(ctx.deps, ctx.staff, input)),

  /**
   * Resets a staff member's second factors (lost phone or key): factors and recovery codes go,
   * their sessions end; they enrol again at their next sign-in when MFA is required.
   */
  resetFactors: staffProcedure
    .meta({ access: 'staff.manage', audit: 'staff.factors_reset', stepUp: true })
    .input(resetFactorsInput)
    .mutation(({ ctx, input }) => resetFactors(ctx.deps, ctx.staff, input)),

  /** Ends every session of a staff member; ending one's own signs out here too. */
  endSessions: staffProcedure
    .meta({ access: 'staff.endSessions', audit: 'auth.logout' })
    .input(endStaffSessionsInput)
    .mutation(async ({ ctx, input }) => {
      const result = await endStaffSessions(ctx.deps, ctx.staff, input);
      if (result.signedOut) ctx.cookies.clear();
      return result;
    }),
});
