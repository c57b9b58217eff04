import { createStaffInput, disableStaffInput, setStaffRoleInput } from '../schemas.ts';
import { createStaff, disableStaff, setStaffRole, staffList } from '../services/staff.ts';
import { router, staffProcedure } from '../trpc.ts';

export const staffRouter = router({
  list: staffProcedure.meta({ access: 'staff.manage' }).query(({ ctx }) => staffList(ctx.deps)),

  create: staffProcedure
    .meta({ access: 'staff.manage', audit: 'staff.create' })
    .input(createStaffInput)
    .mutation(({ ctx, input }) => createStaff(ctx.deps, ctx.staff, input)),

  setRole: staffProcedure
    .meta({ access: 'staff.manage', audit: 'staff.set_role' })
    .input(setStaffRoleInput)
    .mutation(({ ctx, input }) => setStaffRole(ctx.deps, ctx.staff, input)),

  disable: staffProcedure
    .meta({ access: 'staff.manage', audit: 'staff.disable' })
    .input(disableStaffInput)
    .mutation(({ ctx, input }) => disableStaff(ctx.deps, ctx.staff, input)),
});
