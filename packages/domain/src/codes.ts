// Every status, role, reason and code of the product, once. Drizzle `text(..., { enum })`
// columns and zod `z.enum` reuse these arrays so the three never drift apart.

export const ACCOUNT_STATUSES = ['active', 'limited', 'deactivated', 'purged'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export const PLANS = ['free', 'trial', 'paid'] as const;
export type Plan = (typeof PLANS)[number];

export const DEACTIVATION_REASONS = [
  'owner_cancelled',
  'owner_request',
  'non_payment',
  'trial_expired',
  'terms_violation',
] as const;
export type DeactivationReason = (typeof DEACTIVATION_REASONS)[number];

export const IDENTIFIER_KINDS = ['email', 'username'] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

export const LOGIN_ROLES = ['owner', 'team_member'] as const;
export type LoginRole = (typeof LOGIN_ROLES)[number];

export const BLOCK_KINDS = [
  'identity_check_required',
  'suspicious_activity',
  'self_block',
] as const;
export type BlockKind = (typeof BLOCK_KINDS)[number];

export const IDENTITY_CHECK_STATUSES = [
  'not_started',
  'submitted',
  'approved',
  'rejected',
] as const;
export type IdentityCheckStatus = (typeof IDENTITY_CHECK_STATUSES)[number];

export const CHARGE_OUTCOMES = ['succeeded', 'failed'] as const;
export type ChargeOutcome = (typeof CHARGE_OUTCOMES)[number];

export const STAFF_ROLES = ['agent', 'lead', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const FINDING_CODES = [
  'identifier_not_found',
  'purged',
  'ambiguous_login',
  'deactivated_reactivatable',
  'deactivated_window_closed',
  'deactivated_terms',
  'login_locked',
  'identity_check_required',
  'suspicious_activity',
  'self_block',
  'limited_payment_failed',
  'username_login',
  'recent_credential_change',
  'recent_support_action',
  'no_blocker_found',
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

export const SEVERITIES = ['blocking', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const VERIFICATION_METHODS = ['card_last4', 'billing_address', 'email_code'] as const;
export type VerificationMethod = (typeof VERIFICATION_METHODS)[number];

export const VERIFICATION_OUTCOMES = ['passed', 'failed', 'locked'] as const;
export type VerificationOutcome = (typeof VERIFICATION_OUTCOMES)[number];

/** What support may do to fix a finding (SPEC §6). */
export const ACTION_KINDS = [
  'reactivate',
  'detach_team_member',
  'unlock_login',
  'send_password_reset',
  'lift_self_block',
  // An identity check approved elsewhere whose block is still open (SPEC §4 "approved: lift").
  'lift_identity_check_block',
  'lift_suspicious_block',
  'decide_identity_check',
] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

/** Every kind of audit event (SPEC §8): actions, verifications, refusals, reviews, staff, jobs. */
export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.logout',
  'verification.send_code',
  'verification.check',
  'account.reactivate',
  'login.detach_team_member',
  'login.unlock',
  'login.send_password_reset',
  'block.lift',
  'identity_check.decide',
  'review.mark',
  'staff.create',
  'staff.set_role',
  'staff.disable',
  // Second factors of staff (issue 10): a sign-in's second step, a step-up before a sensitive
  // action, a factor added or removed by its owner, and an admin's reset of all of them.
  'auth.second_factor',
  'auth.step_up',
  'staff.factor_add',
  'staff.factor_remove',
  'staff.factors_reset',
  // Webhook endpoints (issue 14): registered, changed (enabled, event types), secret rotated,
  // a test event sent, a delivery replayed, and an endpoint the sender disabled after failing.
  'webhook.create',
  'webhook.update',
  'webhook.rotate_secret',
  'webhook.send_test',
  'webhook.replay',
  'webhook.auto_disable',
  // Escalations (issue 13): an agent hands a case to the leads, a lead takes it and closes it.
  'escalation.open',
  'escalation.take',
  'escalation.close',
  'job.dunning',
  'job.lockout_expiry',
  'job.purge',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_OUTCOMES = ['succeeded', 'refused', 'passed', 'failed', 'locked'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export const REVIEW_STATUSES = ['open', 'reviewed_ok', 'concern'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const ALERT_KINDS = [
  'verification_locked',
  'staff_throttled',
  // A webhook endpoint failed for the whole retry period and the sender disabled it.
  'webhook_endpoint_disabled',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const OUTBOX_STATUSES = ['pending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export const OUTBOX_TEMPLATES = [
  'verification_code',
  'account_reactivated',
  'team_member_detached',
  'login_unlocked',
  'password_reset',
  'block_lifted',
  'identity_check_decided',
] as const;
export type OutboxTemplate = (typeof OUTBOX_TEMPLATES)[number];

/** The languages a customer is written to and spoken to in (issue 13). */
export const CUSTOMER_LANGUAGES = ['en', 'fr'] as const;
export type CustomerLanguage = (typeof CUSTOMER_LANGUAGES)[number];

/**
 * Why an agent hands a case to a lead (issue 13): the cases a script promises a lead will look
 * at — a suspicious-activity hold, an identity check overdue or rejected, a terms violation —
 * and anything else the agent cannot fix (said in the note).
 */
export const ESCALATION_REASONS = [
  'suspicious_activity',
  'identity_check_overdue',
  'identity_check_rejected',
  'terms_violation',
  'other',
] as const;
export type EscalationReason = (typeof ESCALATION_REASONS)[number];

export const ESCALATION_STATUSES = ['open', 'taken', 'closed'] as const;
export type EscalationStatus = (typeof ESCALATION_STATUSES)[number];

/** How a lead closes an escalation. */
export const ESCALATION_OUTCOMES = ['fixed', 'declined', 'no_action_needed'] as const;
export type EscalationOutcome = (typeof ESCALATION_OUTCOMES)[number];

/** Kinds of staff second factor (issue 10). Recovery codes are kept apart, hashed. */
export const STAFF_FACTOR_KINDS = ['totp', 'passkey'] as const;
export type StaffFactorKind = (typeof STAFF_FACTOR_KINDS)[number];

/**
 * The events a webhook endpoint may subscribe to (issue 14). `action.*` carry the audit action
 * (`account.reactivate`, `login.unlock`, …) in their payload; `webhook.test` is sent only by an
 * admin's "send test event", to that one endpoint.
 */
export const WEBHOOK_EVENT_TYPES = [
  'verification.passed',
  'verification.failed',
  'verification.locked',
  'action.succeeded',
  'action.refused',
  'escalation.opened',
  'escalation.closed',
  'review.marked',
  'webhook.test',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/** Why an endpoint is disabled: by an admin, or by the sender after sustained failure. */
export const WEBHOOK_DISABLED_REASONS = ['admin', 'failing'] as const;
export type WebhookDisabledReason = (typeof WEBHOOK_DISABLED_REASONS)[number];

/** The stable `data.reason` of every refusal (SPEC §11). */
export const ERROR_REASONS = [
  'UNAUTHENTICATED',
  'FORBIDDEN_ROLE',
  'INVALID_INPUT',
  'NOT_FOUND',
  'VERIFICATION_REQUIRED',
  'VERIFICATION_EXPIRED',
  'VERIFICATION_LOCKED',
  'STAFF_THROTTLED',
  'WINDOW_CLOSED',
  'NOT_REACTIVATABLE',
  'NOT_DEACTIVATED',
  'NOT_TEAM_MEMBER',
  'BLOCK_NOT_LIFTABLE',
  'RATE_LIMITED',
  'VERSION_CONFLICT',
  /** Password sign-in is off (STAFF_PASSWORD_SIGN_IN=false): staff use single sign-on. */
  'PASSWORD_SIGN_IN_OFF',
  /**
   * A sensitive action (SPEC §13) needs a second factor, or a provider re-authentication, in
   * the last 5 minutes: the console asks for one and retries.
   */
  'STEP_UP_REQUIRED',
] as const;
export type ErrorReason = (typeof ERROR_REASONS)[number];

/**
 * Why a single sign-on attempt was refused: the callback sends the console one of these
 * (`/?sso_error=…`), the console says it in words, the audit keeps it.
 */
export const SSO_REFUSALS = [
  /** SSO is not configured on this server. */
  'not_configured',
  /** No sign-in started from this browser, or it is older than 10 minutes, or already used. */
  'no_pending_sign_in',
  /** The provider's answer carries another `state` than the sign-in this browser started. */
  'state_mismatch',
  /** The provider answered with an error (the person cancelled, or was not allowed). */
  'provider_refused',
  /** The provider refused the code (used already, issued to another client, expired). */
  'code_rejected',
  /** The ID token failed validation (nonce, audience, issuer, signature). */
  'invalid_id_token',
  /** The ID token had expired. */
  'id_token_expired',
  /** The provider's groups map to no Lifeline role. */
  'no_role',
  /** The staff member is disabled in Lifeline. */
  'staff_disabled',
  /** A staff member with this email exists without this provider identity (no email matching). */
  'email_in_use',
  /** The provider gave no usable email address (none, malformed, or marked unverified). */
  'missing_email',
  /** The provider could not be reached or answered with a server error. */
  'provider_unavailable',
  /** Too many failed sign-ins from this address in 15 minutes (passwords and single sign-on). */
  'rate_limited',
] as const;
export type SsoRefusal = (typeof SSO_REFUSALS)[number];
