import { checkVerificationInput, sendCodeInput } from '../schemas.ts';
import { checkVerification, sendVerificationCode } from '../services/verification/attempts.ts';
import { router, staffProcedure } from '../trpc.ts';

export const verificationRouter = router({
  sendCode: staffProcedure
    .meta({ access: 'verification.perform', audit: 'verification.send_code' })
    .input(sendCodeInput)
    .mutation(({ ctx, input }) => sendVerificationCode(ctx.deps, ctx.staff, input)),

  check: staffProcedure
    .meta({ access: 'verification.perform', audit: 'verification.check' })
    .input(checkVerificationInput)
    .mutation(({ ctx, input }) => checkVerification(ctx.deps, ctx.staff, input)),
});
