import { ALERT_KINDS, VERIFICATION_METHODS, VERIFICATION_OUTCOMES } from '@lifeline/domain';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { oneOf } from './checks.ts';
import { accounts, logins } from './customers.ts';
import { staff } from './staff.ts';

/**
 * One caller-verification attempt. Holds the method and the outcome, never the typed
 * value (SPEC §5). A passed row is the proof actions require until `expiresAt`.
 */
export const verifications = sqliteTable(
  'verifications',
  {
    id: text('id').primaryKey(),
    staffId: text('staff_id')
      .notNull()
      .references(() => staff.id),
    loginId: text('login_id')
      .notNull()
      .references(() => logins.id),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    ticketRef: text('ticket_ref').notNull(),
    method: text('method', { enum: VERIFICATION_METHODS }).notNull(),
    outcome: text('outcome', { enum: VERIFICATION_OUTCOMES }).notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at'),
  },
  (t) => [
    // Rolling-hour failure counts per account and per staff member.
    index('verifications_account_outcome_at_idx').on(t.accountId, t.outcome, t.createdAt),
    index('verifications_staff_outcome_at_idx').on(t.staffId, t.outcome, t.createdAt),
    oneOf('verifications_method_check', t.method, VERIFICATION_METHODS),
    oneOf('verifications_outcome_check', t.outcome, VERIFICATION_OUTCOMES),
  ],
);

/** An email one-time code: only its keyed hash is kept; 10 minutes, 3 tries. */
export const verificationCodes = sqliteTable(
  'verification_codes',
  {
    id: text('id').primaryKey(),
    staffId: text('staff_id')
      .notNull()
      .references(() => staff.id),
    loginId: text('login_id')
      .notNull()
      .references(() => logins.id),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    ticketRef: text('ticket_ref').notNull(),
    codeHash: text('code_hash').notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    tries: integer('tries').notNull().default(0),
    consumedAt: integer('consumed_at'),
  },
  (t) => [
    index('verification_codes_login_at_idx').on(t.loginId, t.createdAt),
    // Housekeeping deletes codes long expired.
    index('verification_codes_expires_idx').on(t.expiresAt),
  ],
);

/**
 * A verification lock on an account or a throttle on a staff member, and the lead alert it
 * raises: one row is both, so the lock and the alert can never disagree.
 */
export const alerts = sqliteTable(
  'alerts',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: ALERT_KINDS }).notNull(),
    accountId: text('account_id'),
    staffId: text('staff_id'),
    /** The endpoint of a `webhook_endpoint_disabled` alert. */
    webhookEndpointId: text('webhook_endpoint_id'),
    raisedAt: integer('raised_at').notNull(),
    until: integer('until').notNull(),
    acknowledgedAt: integer('acknowledged_at'),
    acknowledgedBy: text('acknowledged_by'),
  },
  (t) => [
    index('alerts_account_until_idx').on(t.accountId, t.until),
    index('alerts_staff_until_idx').on(t.staffId, t.until),
    index('alerts_raised_idx').on(t.raisedAt),
    oneOf('alerts_kind_check', t.kind, ALERT_KINDS),
  ],
);
