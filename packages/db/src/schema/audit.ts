import {
  AUDIT_ACTIONS,
  AUDIT_OUTCOMES,
  DEACTIVATION_REASONS,
  REVIEW_STATUSES,
  VERIFICATION_METHODS,
} from '@lifeline/domain';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { oneOf } from './checks.ts';

/**
 * Append-only (SPEC §8): triggers in the migrations refuse UPDATE and DELETE. `hash` is
 * SHA-256(prevHash + canonical JSON of the event); the integer id is the keyset order.
 */
export const auditEvents = sqliteTable(
  'audit_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    /** A staff id, or 'system' for the scheduler. */
    staffId: text('staff_id').notNull(),
    action: text('action', { enum: AUDIT_ACTIONS }).notNull(),
    accountId: text('account_id'),
    loginId: text('login_id'),
    ticketRef: text('ticket_ref'),
    verificationId: text('verification_id'),
    outcome: text('outcome', { enum: AUDIT_OUTCOMES }).notNull(),
    /** The refusal reason when outcome is 'refused'. */
    reason: text('reason'),
    /** JSON: before/after of changed fields. Never verification values or secrets. */
    details: text('details').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_staff_id_idx').on(t.staffId, t.id),
    index('audit_action_id_idx').on(t.action, t.id),
    index('audit_account_id_idx').on(t.accountId, t.id),
    index('audit_at_idx').on(t.at),
    oneOf('audit_action_check', t.action, AUDIT_ACTIONS),
    oneOf('audit_outcome_check', t.outcome, AUDIT_OUTCOMES),
  ],
);

/**
 * Signed checkpoints of the chain (SPEC §8): the scheduler signs (last event id, chain hash,
 * count, time, previous checkpoint) with an Ed25519 key kept outside the database. Append-only
 * like the events; the same lines are also written to a folder and the log, off the database.
 */
export const auditCheckpoints = sqliteTable(
  'audit_checkpoints',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    lastEventId: integer('last_event_id').notNull(),
    chainHash: text('chain_hash').notNull(),
    eventCount: integer('event_count').notNull(),
    signedAt: integer('signed_at').notNull(),
    /** SHA-256 of the previous checkpoint's signature; null for the first. */
    prev: text('prev'),
    keyId: text('key_id').notNull(),
    signature: text('signature').notNull(),
  },
  (t) => [uniqueIndex('audit_checkpoints_last_event_uq').on(t.lastEventId)],
);

/** The lead review of every reactivation (SPEC §8). */
export const reactivationReviews = sqliteTable(
  'reactivation_reviews',
  {
    id: text('id').primaryKey(),
    auditEventId: integer('audit_event_id')
      .notNull()
      .references(() => auditEvents.id),
    accountId: text('account_id').notNull(),
    agentId: text('agent_id').notNull(),
    ticketRef: text('ticket_ref').notNull(),
    verificationId: text('verification_id').notNull(),
    verificationMethod: text('verification_method', { enum: VERIFICATION_METHODS }).notNull(),
    verifiedAt: integer('verified_at').notNull(),
    deactivationReason: text('deactivation_reason', { enum: DEACTIVATION_REASONS }).notNull(),
    daysLeft: integer('days_left').notNull(),
    reactivatedAt: integer('reactivated_at').notNull(),
    status: text('status', { enum: REVIEW_STATUSES }).notNull().default('open'),
    reviewedBy: text('reviewed_by'),
    reviewedAt: integer('reviewed_at'),
    note: text('note'),
  },
  (t) => [
    index('reviews_status_at_idx').on(t.status, t.reactivatedAt),
    index('reviews_agent_idx').on(t.agentId, t.reactivatedAt),
    // SQLite looks for a new audit event's referencing reviews (the foreign key) on every
    // append: without it EXPLAIN shows a scan of this table on the audit chain's hot path.
    index('reviews_audit_event_idx').on(t.auditEventId),
    oneOf('reviews_status_check', t.status, REVIEW_STATUSES),
  ],
);
