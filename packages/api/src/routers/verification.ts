import { router } from '../trpc.ts';

export const verificationRouter = router({});
