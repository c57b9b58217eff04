import type { AuditAction, AuditOutcome, VerificationMethod, WebhookEventType } from './codes.ts';
import { ticketUrl } from './ticket-ref.ts';
import { DAY, HOUR, MINUTE, SECOND } from './time.ts';

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

/**
 * What an endpoint may subscribe to: the console's checkboxes. `webhook.test` is sent by an
 * admin's "send test event" to one endpoint whatever it subscribes to, so it is not offered.
 */
export const WEBHOOK_SUBSCRIBABLE_EVENT_TYPES = [
  'verification.passed',
  'verification.failed',
  'verification.locked',
  'action.succeeded',
  'action.refused',
  'escalation.opened',
  'escalation.closed',
  'review.marked',
] as const satisfies readonly WebhookEventType[];
export type WebhookSubscribableEventType = (typeof WEBHOOK_SUBSCRIBABLE_EVENT_TYPES)[number];

/**
 * Delivery schedule (issue 14): the first retry a minute after a failure, doubling, capped at
 * 14 hours, 15 attempts in all: 1, 2, 4 … 512 minutes, then 14 h four times, so the last try
 * comes 73 h (about 3 days) after the first. Deterministic, so tests can walk it.
 */
export const WEBHOOK_MAX_ATTEMPTS = 15;
const WEBHOOK_FIRST_RETRY = MINUTE;
const WEBHOOK_LONGEST_RETRY = 14 * HOUR;

/** Wait before the next try after `attempts` failed ones (1 → 1 min, 2 → 2 min, …). */
export function webhookRetryDelay(attempts: number): number {
  return Math.min(WEBHOOK_LONGEST_RETRY, WEBHOOK_FIRST_RETRY * 2 ** Math.max(0, attempts - 1));
}

/**
 * The circuit breaker: an endpoint whose every delivery has failed for this long (its whole
 * retry period) is disabled, and admins are alerted. Any success resets the count.
 */
export const WEBHOOK_BREAKER_PERIOD = 3 * DAY;

/** A delivery waits this long for the receiver's answer (Standard Webhooks suggests 15 s). */
export const WEBHOOK_TIMEOUT = 10 * SECOND;

/** After a rotation, the previous secret still signs (a second signature) for this long. */
export const WEBHOOK_SECRET_OVERLAP = DAY;

/** Delivered deliveries and their events are kept this long, then housekeeping deletes them. */
export const WEBHOOK_LOG_RETENTION = 30 * DAY;

/** Whether the breaker trips: the endpoint has failed without a success since `failingSince`. */
export function webhookBreakerTrips(failingSince: number | null, now: number): boolean {
  return failingSince !== null && now - failingSince >= WEBHOOK_BREAKER_PERIOD;
}

/** The facts of an audit event a payload is built from (the audit row, and what it names). */
export interface WebhookEventFacts {
  type: WebhookEventType;
  at: number;
  auditEventId: number | null;
  action: AuditAction | null;
  outcome: AuditOutcome | null;
  reason: string | null;
  staffId: string;
  ticketRef: string | null;
  accountId: string | null;
  /** The login, its identifier already masked (`maskIdentifier`), or null. */
  login: { id: string; maskedIdentifier: string } | null;
  verification: { id: string; method: VerificationMethod | null } | null;
}

/** Where links in a payload point: the console (PUBLIC_URL) and the help desk's template. */
export interface WebhookLinks {
  consoleUrl: string;
  ticketUrlTemplate: string | null;
}

/**
 * The payload, from chosen fields only: an audit event's `details` (which may name what was
 * typed or changed) are never copied, so nothing typed during a verification can leak.
 */
export function buildWebhookPayload(facts: WebhookEventFacts, links: WebhookLinks): WebhookPayload {
  const consoleUrl = links.consoleUrl.replace(/\/+$/u, '');
  return {
    type: facts.type,
    timestamp: new Date(facts.at).toISOString(),
    data: {
      auditEventId: facts.auditEventId,
      action: facts.action,
      outcome: facts.outcome,
      reason: facts.outcome === 'refused' ? facts.reason : null,
      staffId: facts.staffId,
      ticket:
        facts.ticketRef === null
          ? null
          : { ref: facts.ticketRef, url: ticketUrl(links.ticketUrlTemplate, facts.ticketRef) },
      account:
        facts.accountId === null
          ? null
          : {
              id: facts.accountId,
              url: `${consoleUrl}/accounts/${encodeURIComponent(facts.accountId)}`,
            },
      login:
        facts.login === null
          ? null
          : { id: facts.login.id, identifier: facts.login.maskedIdentifier },
      verification: facts.verification,
    },
  };
}
