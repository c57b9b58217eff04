import { CAPABILITIES, can } from '@lifeline/domain';
import {
  endSessionInput,
  loginInput,
  passkeyRegisterInput,
  removeFactorInput,
  totpConfirmInput,
  verifySecondFactorInput,
} from '../schemas.ts';
import {
  endOwnSession,
  listOwnSessions,
  SESSION_ABSOLUTE_TIMEOUT,
  signIn,
  signOut,
} from '../services/auth.ts';
import {
  listFactors,
  passkeyAuthenticationOptions,
  passkeyRegister,
  passkeyRegistrationOptions,
  regenerateRecoveryCodes,
  removeFactor,
  totpConfirm,
  totpStart,
  verifySecondFactor,
} from '../services/factors.ts';
import {
  canStepUp,
  factorSummaryOf,
  mfaOf,
  STEP_UP_WINDOW,
  type StepUpMethod,
} from '../services/second-factor.ts';
import { publicProcedure, router, staffProcedure } from '../trpc.ts';

export const authRouter = router({
  login: publicProcedure.input(loginInput).mutation(async ({ ctx, input }) => {
    const result = await signIn(ctx.deps, { ...input, ip: ctx.ip, userAgent: ctx.userAgent });
    ctx.cookies.set(result.sessionId, SESSION_ABSOLUTE_TIMEOUT);
    const { id, email, displayName, role } = result.staff;
    return { staff: { id, email, displayName, role }, secondFactor: result.secondFactor ?? null };
  }),

  logout: staffProcedure
    .meta({ access: 'signed_in', audit: 'auth.logout', pending: 'verify' })
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
    mfa: mfaOf(ctx.deps),
  })),

  /** WebAuthn options for this staff member's passkeys (sign-in second step, or step-up). */
  passkeyOptions: staffProcedure
    .meta({ access: 'signed_in', audit: 'auth.second_factor', pending: 'verify' })
    .mutation(({ ctx }) => passkeyAuthenticationOptions(ctx.deps, ctx.staff)),

  /**
   * Passes a second factor: finishes a pending sign-in, or is the step-up of a complete session
   * (the 5-minute window for sensitive actions starts).
   */
  verifySecondFactor: staffProcedure
    .meta({ access: 'signed_in', audit: 'auth.second_factor', pending: 'verify' })
    .input(verifySecondFactorInput)
    .mutation(async ({ ctx, input }) => {
      const { method } = await verifySecondFactor(ctx.deps, ctx.staff, { ...input, ip: ctx.ip });
      const { id, email, displayName, role } = ctx.staff;
      return { staff: { id, email, displayName, role }, method };
    }),

  /** One's own second factors: list, enrol (TOTP, passkey), remove, new recovery codes. */
  factors: router({
    list: staffProcedure
      .meta({ access: 'signed_in' })
      .query(({ ctx }) => listFactors(ctx.deps, ctx.staff)),
    totpStart: staffProcedure
      .meta({ access: 'signed_in', audit: 'staff.factor_add', pending: 'enrol' })
      .mutation(({ ctx }) => totpStart(ctx.deps, ctx.staff)),
    totpConfirm: staffProcedure
      .meta({ access: 'signed_in', audit: 'staff.factor_add', pending: 'enrol' })
      .input(totpConfirmInput)
      .mutation(({ ctx, input }) => totpConfirm(ctx.deps, ctx.staff, input)),
    passkeyRegistrationOptions: staffProcedure
      .meta({ access: 'signed_in', audit: 'staff.factor_add', pending: 'enrol' })
      .mutation(({ ctx }) => passkeyRegistrationOptions(ctx.deps, ctx.staff)),
    passkeyRegister: staffProcedure
      .meta({ access: 'signed_in', audit: 'staff.factor_add', pending: 'enrol' })
      .input(passkeyRegisterInput)
      .mutation(({ ctx, input }) => passkeyRegister(ctx.deps, ctx.staff, input)),
    remove: staffProcedure
      .meta({ access: 'signed_in', audit: 'staff.factor_remove', stepUp: true })
      .input(removeFactorInput)
      .mutation(({ ctx, input }) => removeFactor(ctx.deps, ctx.staff, input)),
    regenerateRecoveryCodes: staffProcedure
      .meta({ access: 'signed_in', audit: 'staff.factor_add', stepUp: true })
      .mutation(({ ctx }) => regenerateRecoveryCodes(ctx.deps, ctx.staff)),
  }),

  /**
   * Who is signed in and what they may do: the web app shapes its navigation from this. With
   * it, the help desk's ticket link template (SPEC §16): here rather than in the public
   * `config`, as it names the company's help-desk tenant, which is no business of a stranger.
   */
  me: staffProcedure.meta({ access: 'signed_in', pending: 'verify' }).query(async ({ ctx }) => {
    const { id, email, displayName, role } = ctx.staff;
    const pending = ctx.staff.secondFactor?.pending === true;
    const summary = await factorSummaryOf(ctx.deps, ctx.deps.db.read, id);
    const at = ctx.staff.secondFactor?.at ?? null;
    const stepUpMethods: StepUpMethod[] = [
      ...summary.methods,
      ...(summary.sso ? ['sso' as const] : []),
    ];
    return {
      staff: { id, email, displayName, role },
      // A pending session may do nothing yet: the console shows only the second step.
      capabilities: pending ? [] : CAPABILITIES.filter((capability) => can(role, capability)),
      ticketUrlTemplate: pending ? null : (ctx.deps.ticketUrlTemplate ?? null),
      secondFactorPending: pending,
      enrolmentRequired: pending && summary.factorCount === 0,
      mfa: mfaOf(ctx.deps),
      factorCount: summary.factorCount,
      stepUp: {
        methods: stepUpMethods,
        freshUntil: at === null ? null : at + STEP_UP_WINDOW,
        needed: canStepUp(ctx.deps, summary),
      },
    };
  }),
});
