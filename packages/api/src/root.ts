import { accountsRouter } from './routers/accounts.ts';
import { actionsRouter } from './routers/actions.ts';
import { alertsRouter } from './routers/alerts.ts';
import { auditRouter } from './routers/audit.ts';
import { authRouter } from './routers/auth.ts';
import { escalationsRouter } from './routers/escalations.ts';
import { identityChecksRouter } from './routers/identity-checks.ts';
import { outboxRouter } from './routers/outbox.ts';
import { reviewsRouter } from './routers/reviews.ts';
import { staffRouter } from './routers/staff.ts';
import { verificationRouter } from './routers/verification.ts';
import { webhooksRouter } from './routers/webhooks.ts';
import { router } from './trpc.ts';

/** One router per area, with the procedure names of SPEC §11. */
export const appRouter = router({
  auth: authRouter,
  accounts: accountsRouter,
  verification: verificationRouter,
  actions: actionsRouter,
  identityChecks: identityChecksRouter,
  reviews: reviewsRouter,
  alerts: alertsRouter,
  audit: auditRouter,
  outbox: outboxRouter,
  staff: staffRouter,
  escalations: escalationsRouter,
  webhooks: webhooksRouter,
});

export type AppRouter = typeof appRouter;
