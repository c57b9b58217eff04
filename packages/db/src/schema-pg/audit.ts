import {
  AUDIT_ACTIONS,
  AUDIT_OUTCOMES,
  DEACTIVATION_REASONS,
  REVIEW_STATUSES,
  VERIFICATION_METHODS,
} from '@lifeline/domain';
import { bigint, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { oneOf } from './checks.ts';
import { instant } from './columns.ts';

/**
 * Append-only (SPEC §8): triggers in the migrations refuse UPDATE, DELETE, TRUNCATE and any
 * insert that reuses an id. The id is assigned by the application (the chain head's + 1), never
 * by a sequence: the chain, not the database, decides the order.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey(),
    at: instant('at').notNull(),
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

/** Signed checkpoints of the chain (SPEC §8), append-only like the events. */
export const auditCheckpoints = pgTable(
  'audit_checkpoints',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    lastEventId: bigint('last_event_id', { mode: 'number' }).notNull(),
    chainHash: text('chain_hash').notNull(),
    eventCount: bigint('event_count', { mode: 'number' }).notNull(),
    signedAt: instant('signed_at').notNull(),
    /** SHA-256 of the previous checkpoint's signature; null for the first. */
    prev: text('prev'),
    keyId: text('key_id').notNull(),
    signature: text('signature').notNull(),
  },
  (t) => [uniqueIndex('audit_checkpoints_last_event_uq').on(t.lastEventId)],
);

/** The lead review of every reactivation (SPEC §8). */
export const reactivationReviews = pgTable(
  'reactivation_reviews',
  {
    id: text('id').primaryKey(),
    auditEventId: bigint('audit_event_id', { mode: 'number' })
      .notNull()
      .references(() => auditEvents.id),
    accountId: text('account_id').notNull(),
    agentId: text('agent_id').notNull(),
    ticketRef: text('ticket_ref').notNull(),
    verificationId: text('verification_id').notNull(),
    verificationMethod: text('verification_method', { enum: VERIFICATION_METHODS }).notNull(),
    verifiedAt: instant('verified_at').notNull(),
    deactivationReason: text('deactivation_reason', { enum: DEACTIVATION_REASONS }).notNull(),
    daysLeft: integer('days_left').notNull(),
    reactivatedAt: instant('reactivated_at').notNull(),
    status: text('status', { enum: REVIEW_STATUSES }).notNull().default('open'),
    reviewedBy: text('reviewed_by'),
    reviewedAt: instant('reviewed_at'),
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
