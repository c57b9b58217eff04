import { createStaffInput, disableStaffInput, setStaffRoleInput } from '../schemas.ts';
import { createStaff, disableStaff, setStaffRole, staffList } from '../services/staff.ts';
import { router, staffProcedure } from '../trpc.ts';

export const staffRouter = router({
  list: staffProcedure.meta({ access: 'staff.manage' }).query(({ ctx }) => staffList(ctx.deps)),

  create: staffProcedure
    .meta({ access: 'staff.manage' })
    .input(createStaffInput)
    .mutation(({ ctx, input }) => createStaff(ctx, input)),

  setRole: staffProcedure
    .meta({ access: 'staff.manage' })
    .input(setStaffRoleInput)
    .mutation(({ ctx, input }) => setStaffRole(ctx, input)),

  disable: staffProcedure
    .meta({ access: 'staff.manage' })
    .input(disableStaffInput)
    .mutation(({ ctx, input }) => disableStaff(ctx, input)),
});
