import { CAPABILITIES, can } from '@lifeline/domain';
import { endSessionInput, loginInput } from '../schemas.ts';
import {
  endOwnSession,
  listOwnSessions,
  SESSION_ABSOLUTE_TIMEOUT,
  signIn,
  signOut,
} from '../services/auth.ts';
import { publicProcedure, router, staffProcedure } from '../trpc.ts';

export const authRouter = router({
  login: publicProcedure.input(loginInput).mutation(async ({ ctx, input }) => {
    const result = await signIn(ctx.deps, { ...input, ip: ctx.ip, userAgent: ctx.userAgent });
    ctx.cookies.set(result.sessionId, SESSION_ABSOLUTE_TIMEOUT);
    return { staff: result.staff };
  }),

  logout: staffProcedure
    .meta({ access: 'signed_in', audit: 'auth.logout' })
    .mutation(async ({ ctx }) => {
      await signOut(ctx.deps, ctx.staff);
      ctx.cookies.clear();
      return { ok: true as const };
    }),

  /** The signed-in staff member's open sessions (device, address, started, last seen). */
  sessions: staffProcedure
    .meta({ access: 'signed_in' })
    .query(({ ctx }) => listOwnSessions(ctx.deps, ctx.staff)),

  /** Ends one of one's own sessions; the current one signs out (its cookie is cleared). */
  endSession: staffProcedure
    .meta({ access: 'signed_in', audit: 'auth.logout' })
    .input(endSessionInput)
    .mutation(async ({ ctx, input }) => {
      const result = await endOwnSession(ctx.deps, ctx.staff, input);
      if (result.current) ctx.cookies.clear();
      return result;
    }),

  /**
   * How staff sign in here, for the sign-in page: single sign-on (and the provider's name on
   * its button), and whether the password form is on. Public: the page shows before sign-in.
   */
  config: publicProcedure.query(({ ctx }) => ({
    sso: ctx.deps.sso
      ? { providerName: ctx.deps.sso.providerName, startUrl: '/auth/oidc/start' }
      : null,
    passwordSignIn: ctx.deps.passwordSignIn !== false,
  })),

  /**
   * Who is signed in and what they may do: the web app shapes its navigation from this. With
   * it, the help desk's ticket link template (SPEC §16): here rather than in the public
   * `config`, as it names the company's help-desk tenant, which is no business of a stranger.
   */
  me: staffProcedure.meta({ access: 'signed_in' }).query(({ ctx }) => {
    const { id, email, displayName, role } = ctx.staff;
    return {
      staff: { id, email, displayName, role },
      capabilities: CAPABILITIES.filter((capability) => can(role, capability)),
      ticketUrlTemplate: ctx.deps.ticketUrlTemplate ?? null,
    };
  }),
});
