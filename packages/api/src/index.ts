import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from './root.ts';

export type { Context, SessionCookieJar, StaffPrincipal, StepUpRecord } from './context.ts';
export { createContextInner } from './context.ts';
export type { ApiDeps } from './deps.ts';
export { refusalResponse } from './error-map.ts';
export { createMetrics, type Metrics } from './metrics.ts';
export { type AppRouter, appRouter } from './root.ts';
export {
  checkWholeAuditChain,
  type SignedPass,
  signAuditCheckpoint,
} from './services/audit/chain.ts';
export { type AuditListItem, readAuditPage, scopeAuditFilters } from './services/audit/log.ts';
export {
  hashSessionId,
  resolveSession,
  SESSION_ABSOLUTE_TIMEOUT,
  SESSION_USER_AGENT_MAX,
  SIGN_IN_FAILURES_PER_IP,
  signInEmailHash,
} from './services/auth.ts';
export { decryptField, encryptField } from './services/field-crypto.ts';
export * from './services/jobs.ts';
export { hashPassword, verifyPassword } from './services/passwords.ts';
export { requireStepUp, STEP_UP_WINDOW, totpOf } from './services/second-factor.ts';
export {
  finishSsoSignIn,
  SSO_PENDING_TTL,
  SsoRefused,
  type SsoSettings,
  StepUpRefused,
  startSsoSignIn,
} from './services/sso.ts';
export { insertStaffMember } from './services/staff.ts';
export {
  checkWebhookUrl,
  DEFAULT_WEBHOOK_POLICY,
  describeRange,
  forbiddenAddressRange,
  systemResolve,
  type WebhookPolicy,
} from './services/webhook-addresses.ts';
export {
  recordWebhookAttempt,
  WEBHOOK_SECRET_CONTEXT,
  type WebhookAttempt,
} from './services/webhooks.ts';
export { createCallerFactory } from './trpc.ts';

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
