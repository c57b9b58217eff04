import {
  WEBHOOK_DELIVERY_STATUSES,
  WEBHOOK_DISABLED_REASONS,
  WEBHOOK_EVENT_TYPES,
} from '@lifeline/domain';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { oneOf } from './checks.ts';

/**
 * An admin-registered receiver of signed events (issue 14, SPEC §16). The signing secret is
 * kept as is — the server signs with it, so a hash would not do; no field key exists yet to
 * encrypt it (README, Webhooks) — and shown once, when made or rotated; after a rotation the
 * previous one still signs (a second signature) until `previousSecretUntil`.
 */
export const webhookEndpoints = sqliteTable(
  'webhook_endpoints',
  {
    id: text('id').primaryKey(),
    url: text('url').notNull(),
    description: text('description').notNull().default(''),
    /** JSON array of the WEBHOOK_EVENT_TYPES it receives. */
    eventTypes: text('event_types').notNull(),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    /** Why it is disabled, when it is: by an admin, or by the sender after sustained failure. */
    disabledReason: text('disabled_reason', { enum: WEBHOOK_DISABLED_REASONS }),
    secret: text('secret').notNull(),
    previousSecret: text('previous_secret'),
    previousSecretUntil: integer('previous_secret_until'),
    /** Since when every delivery to it has failed (null once one succeeds): the circuit breaker. */
    failingSince: integer('failing_since'),
    createdAt: integer('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    oneOf('webhook_endpoints_disabled_reason_check', t.disabledReason, WEBHOOK_DISABLED_REASONS),
  ],
);

/**
 * One event, written in the transaction of the change it reports (the transactional outbox):
 * it exists iff that change committed. Its id is the `webhook-id` every delivery and replay
 * carries. The payload holds ids, the ticket, the outcome and masked identifiers only.
 */
export const webhookEvents = sqliteTable(
  'webhook_events',
  {
    id: text('id').primaryKey(),
    type: text('type', { enum: WEBHOOK_EVENT_TYPES }).notNull(),
    /** The JSON body sent, byte for byte the same on every attempt (it is what is signed). */
    payload: text('payload').notNull(),
    createdAt: integer('created_at').notNull(),
    /** The audit event that caused it. */
    auditEventId: integer('audit_event_id'),
  },
  (t) => [
    index('webhook_events_created_idx').on(t.createdAt),
    oneOf('webhook_events_type_check', t.type, WEBHOOK_EVENT_TYPES),
  ],
);

/** One event to one endpoint: claimed by one sender at a time, retried with backoff. */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    eventId: text('event_id')
      .notNull()
      .references(() => webhookEvents.id),
    endpointId: text('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id),
    status: text('status', { enum: WEBHOOK_DELIVERY_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** The next try, or the end of the lease of the sender holding it. */
    nextAttemptAt: integer('next_attempt_at').notNull(),
    lastAttemptAt: integer('last_attempt_at'),
    /** The receiver's HTTP status on the last try (null: no answer, see lastError). */
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    lastDurationMs: integer('last_duration_ms'),
    deliveredAt: integer('delivered_at'),
    createdAt: integer('created_at').notNull(),
    /** The delivery this one replays (an admin's "replay"), if any. */
    replayOf: text('replay_of'),
  },
  (t) => [
    index('webhook_deliveries_status_next_idx').on(t.status, t.nextAttemptAt),
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.createdAt),
    index('webhook_deliveries_event_idx').on(t.eventId),
    index('webhook_deliveries_created_idx').on(t.createdAt),
    oneOf('webhook_deliveries_status_check', t.status, WEBHOOK_DELIVERY_STATUSES),
  ],
);
