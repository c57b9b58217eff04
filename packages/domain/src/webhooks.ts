import type { AuditAction, AuditOutcome, VerificationMethod, WebhookEventType } from './codes.ts';

/**
 * What a webhook receiver gets (issue 14, SPEC §16), in the Standard Webhooks shape
 * `{ type, timestamp, data }`. Ids, the ticket, the outcome, masked identifiers and links
 * only: never a secret, a code, a typed verification value, card digits or an address.
 */
export interface WebhookPayload {
  type: WebhookEventType;
  /** ISO 8601, UTC: when the change happened (the audit event's time). */
  timestamp: string;
  data: WebhookEventData;
}

export interface WebhookEventData {
  /** The audit event this reports (null for `webhook.test`). */
  auditEventId: number | null;
  /** The audit action: `account.reactivate`, `verification.check`, `review.mark`, … */
  action: AuditAction | null;
  outcome: AuditOutcome | null;
  /** The refusal's SPEC §11 reason when the outcome is `refused`. */
  reason: string | null;
  /** Who did it: a staff id (or `system`). */
  staffId: string;
  ticket: { ref: string; url: string | null } | null;
  /** `url` opens the account in the console. */
  account: { id: string; url: string } | null;
  /** The login concerned, its identifier masked (`d***@example.com`, `j***e`). */
  login: { id: string; identifier: string } | null;
  verification: { id: string; method: VerificationMethod | null } | null;
}

/** Support actions whose outcome, success or refusal, is an `action.*` event. */
const SUPPORT_ACTIONS: readonly AuditAction[] = [
  'account.reactivate',
  'login.detach_team_member',
  'login.unlock',
  'login.send_password_reset',
  'block.lift',
  'identity_check.decide',
];

/** The event an audit event emits, or null when it emits none. */
export function webhookEventTypeFor(
  action: AuditAction,
  outcome: AuditOutcome,
): WebhookEventType | null {
  if (action === 'verification.check') {
    if (outcome === 'passed') return 'verification.passed';
    if (outcome === 'failed') return 'verification.failed';
    if (outcome === 'locked') return 'verification.locked';
    return null;
  }
  if (SUPPORT_ACTIONS.includes(action)) {
    if (outcome === 'succeeded') return 'action.succeeded';
    if (outcome === 'refused') return 'action.refused';
    return null;
  }
  if (action === 'review.mark' && outcome === 'succeeded') return 'review.marked';
  if (action === 'escalation.open' && outcome === 'succeeded') return 'escalation.opened';
  if (action === 'escalation.close' && outcome === 'succeeded') return 'escalation.closed';
  return null;
}
