import { router } from '../trpc.ts';

export const actionsRouter = router({});
