import { diagnoseInput, getAccountInput, searchInput } from '../schemas.ts';
import { getAccount } from '../services/accounts/account-view.ts';
import { diagnoseIdentifier } from '../services/accounts/diagnose.ts';
import { searchAccounts } from '../services/accounts/search.ts';
import { router, staffProcedure } from '../trpc.ts';

export const accountsRouter = router({
  /** By account id, identifier prefix (keyset-paged) or exact contact email. */
  search: staffProcedure
    .meta({ access: 'accounts.read' })
    .input(searchInput)
    .query(({ ctx, input }) => searchAccounts(ctx.deps, input)),

  /** SPEC §4, with the verification panel's methods and state for this staff member. */
  diagnose: staffProcedure
    .meta({ access: 'accounts.read' })
    .input(diagnoseInput)
    .query(({ ctx, input }) => diagnoseIdentifier(ctx.deps, ctx.staff, input)),

  get: staffProcedure
    .meta({ access: 'accounts.read' })
    .input(getAccountInput)
    .query(({ ctx, input }) => getAccount(ctx.deps, ctx.staff, input)),
});
