import {
  type AuditAction,
  type AuditOutcome,
  buildWebhookPayload,
  maskIdentifier,
  VERIFICATION_METHODS,
  type VerificationMethod,
  type WebhookEventType,
  type WebhookLinks,
  webhookEventTypeFor,
} from '@lifeline/domain';
import { eq, sql } from 'drizzle-orm';
import type { Db } from './client.ts';
import { newId } from './ids.ts';
import { preparedFor } from './prepared.ts';
import { tables } from './tables.ts';

/**
 * The webhook half of the transactional outbox (issue 14). `appendAuditEvent` calls
 * `enqueueWebhookEventsFor` for every event it appends, in the same transaction: every place
 * that audits a change (about thirty, and `runChange`'s refusals) emits its webhook without
 * knowing about webhooks, a rolled-back change emits nothing, a committed one always does.
 *
 * The payload needs links (PUBLIC_URL, TICKET_URL_TEMPLATE) the data layer cannot know: they
 * are given once, when the database is opened (`OpenOptions.webhookLinks`), and bound here to
 * the write handles the open made — the only handles a transaction hands to its work — rather
 * than threaded through every call site. A handle opened without them (a CLI, a test about
 * something else) writes account links relative to the console (`/accounts/acc_…`).
 */
const linksByHandle = new WeakMap<Db, WebhookLinks>();
const NO_LINKS: WebhookLinks = { consoleUrl: '', ticketUrlTemplate: null };

/** Called by the open functions for each write handle they make. */
export function bindWebhookLinks(handle: Db, links: WebhookLinks | undefined): void {
  if (links) linksByHandle.set(handle, links);
}

/** The enabled endpoints: an admin-sized table (a handful of rows), read on each emitting event. */
const enabledEndpoints = (db: Db, { webhookEndpoints } = tables(db)) =>
  db
    .select({ id: webhookEndpoints.id, eventTypes: webhookEndpoints.eventTypes })
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.enabled, true));

const loginIdentifier = (db: Db, { logins } = tables(db)) =>
  db
    .select({ identifier: logins.identifier, kind: logins.identifierKind })
    .from(logins)
    .where(eq(logins.id, sql.placeholder('loginId')))
    .limit(1);

/** The subscribed event types of an endpoint, stored as a JSON array. */
export function parseEventTypes(stored: string): WebhookEventType[] {
  try {
    const parsed: unknown = JSON.parse(stored);
    return Array.isArray(parsed)
      ? (parsed.filter((t) => typeof t === 'string') as WebhookEventType[])
      : [];
  } catch {
    return [];
  }
}

export interface AuditedFacts {
  id: number;
  at: number;
  staffId: string;
  action: AuditAction;
  outcome: AuditOutcome;
  accountId: string | null;
  loginId: string | null;
  ticketRef: string | null;
  verificationId: string | null;
  reason: string | null;
  details: Record<string, unknown> | undefined;
}

/**
 * Writes the event and one delivery per enabled endpoint subscribed to its type, when the audit
 * event emits one and some endpoint wants it. Costs nothing for the events that emit none
 * (sign-ins, staff changes, jobs) and one read of the endpoints for the others.
 */
export async function enqueueWebhookEventsFor(tx: Db, event: AuditedFacts): Promise<void> {
  const type = webhookEventTypeFor(event.action, event.outcome);
  if (type === null) return;
  const endpoints = await preparedFor(tx, 'webhooks.enabledEndpoints', enabledEndpoints).all();
  const wanting = endpoints.filter((e) => parseEventTypes(e.eventTypes).includes(type));
  if (wanting.length === 0) return;
  let login: { id: string; maskedIdentifier: string } | null = null;
  if (event.loginId !== null) {
    const row = await preparedFor(tx, 'webhooks.loginIdentifier', loginIdentifier).get({
      loginId: event.loginId,
    });
    // A purged login's identifier is gone: its id still says which one it was.
    login = {
      id: event.loginId,
      maskedIdentifier: row ? maskIdentifier(row.identifier, row.kind) : '•••',
    };
  }
  const method = event.details?.method;
  const payload = buildWebhookPayload(
    {
      type,
      at: event.at,
      auditEventId: event.id,
      action: event.action,
      outcome: event.outcome,
      reason: event.reason,
      staffId: event.staffId,
      ticketRef: event.ticketRef,
      accountId: event.accountId,
      login,
      verification:
        event.verificationId === null
          ? null
          : {
              id: event.verificationId,
              method: VERIFICATION_METHODS.includes(method as VerificationMethod)
                ? (method as VerificationMethod)
                : null,
            },
    },
    linksByHandle.get(tx) ?? NO_LINKS,
  );
  await insertWebhookEvent(tx, {
    type,
    payload: JSON.stringify(payload),
    createdAt: event.at,
    auditEventId: event.id,
    endpointIds: wanting.map((e) => e.id),
  });
}

// Prepared once per handle, like the audit insert beside them: building the SQL of an insert
// cost more than running it (measured: about 1.2 ms per emitted event unprepared).
const insertEventStatement = (db: Db, { webhookEvents } = tables(db)) =>
  db.insert(webhookEvents).values({
    id: sql.placeholder('id'),
    type: sql.placeholder('type'),
    payload: sql.placeholder('payload'),
    createdAt: sql.placeholder('createdAt'),
    auditEventId: sql.placeholder('auditEventId'),
  });
const insertDeliveryStatement = (db: Db, { webhookDeliveries } = tables(db)) =>
  db.insert(webhookDeliveries).values({
    id: sql.placeholder('id'),
    eventId: sql.placeholder('eventId'),
    endpointId: sql.placeholder('endpointId'),
    status: 'pending',
    attempts: 0,
    nextAttemptAt: sql.placeholder('createdAt'),
    createdAt: sql.placeholder('createdAt'),
  });

/** An event and its first deliveries, due at once. Returns the event's and deliveries' ids. */
export async function insertWebhookEvent(
  tx: Db,
  input: {
    type: WebhookEventType;
    payload: string;
    createdAt: number;
    auditEventId: number | null;
    endpointIds: readonly string[];
  },
): Promise<{ eventId: string; deliveryIds: string[] }> {
  // `msg_`, as Standard Webhooks' examples name message ids: it is the `webhook-id` header.
  const eventId = newId('msg');
  await preparedFor(tx, 'webhooks.insertEvent', insertEventStatement).run({
    id: eventId,
    type: input.type,
    payload: input.payload,
    createdAt: input.createdAt,
    auditEventId: input.auditEventId,
  });
  const deliveryIds: string[] = [];
  for (const endpointId of input.endpointIds) {
    const id = newId('whd');
    await preparedFor(tx, 'webhooks.insertDelivery', insertDeliveryStatement).run({
      id,
      eventId,
      endpointId,
      createdAt: input.createdAt,
    });
    deliveryIds.push(id);
  }
  return { eventId, deliveryIds };
}
