import { checkVerificationInput, sendCodeInput } from '../schemas.ts';
import { checkVerification, sendVerificationCode } from '../services/verification.ts';
import { router, staffProcedure } from '../trpc.ts';

export const verificationRouter = router({
  sendCode: staffProcedure
    .meta({ access: 'verification.perform' })
    .input(sendCodeInput)
    .mutation(({ ctx, input }) => sendVerificationCode(ctx, input)),

  check: staffProcedure
    .meta({ access: 'verification.perform' })
    .input(checkVerificationInput)
    .mutation(({ ctx, input }) => checkVerification(ctx, input)),
});
