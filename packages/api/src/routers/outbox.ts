import { router } from '../trpc.ts';

export const outboxRouter = router({});
