import { router } from '../trpc.ts';

export const identityChecksRouter = router({});
