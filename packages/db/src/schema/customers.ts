import {
  ACCOUNT_STATUSES,
  BLOCK_KINDS,
  CHARGE_OUTCOMES,
  CUSTOMER_LANGUAGES,
  DEACTIVATION_REASONS,
  IDENTIFIER_KINDS,
  IDENTITY_CHECK_STATUSES,
  LOGIN_ROLES,
  PLANS,
} from '@lifeline/domain';
import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { oneOf } from './checks.ts';

// Instants are integers: UTC epoch milliseconds (dialect-neutral, and what the domain reads).

export const accounts = sqliteTable(
  'accounts',
  {
    id: text('id').primaryKey(),
    contactEmail: text('contact_email').notNull(),
    plan: text('plan', { enum: PLANS }).notNull(),
    status: text('status', { enum: ACCOUNT_STATUSES }).notNull(),
    createdAt: integer('created_at').notNull(),
    trialEndsAt: integer('trial_ends_at'),
    balanceCents: integer('balance_cents').notNull().default(0),
    deactivatedAt: integer('deactivated_at'),
    deactivationReason: text('deactivation_reason', { enum: DEACTIVATION_REASONS }),
    purgeAfter: integer('purge_after'),
    paymentFailedAt: integer('payment_failed_at'),
    version: integer('version').notNull().default(1),
    contactsCount: integer('contacts_count').notNull().default(0),
    listsCount: integer('lists_count').notNull().default(0),
    campaignsCount: integer('campaigns_count').notNull().default(0),
    /** The company or workspace name the customer knows the account by (issue 13). */
    displayName: text('display_name').notNull().default(''),
    /** IANA zone: times read to the caller are in it, labelled (issue 13). */
    timeZone: text('time_zone').notNull().default('UTC'),
    /** The language the customer is spoken and written to in. */
    language: text('language', { enum: CUSTOMER_LANGUAGES }).notNull().default('en'),
  },
  (t) => [
    index('accounts_contact_email_idx').on(t.contactEmail),
    // The scheduler's scans: purges due, dunning deadlines.
    index('accounts_status_purge_after_idx').on(t.status, t.purgeAfter),
    index('accounts_status_payment_failed_idx').on(t.status, t.paymentFailedAt),
    oneOf('accounts_plan_check', t.plan, PLANS),
    oneOf('accounts_status_check', t.status, ACCOUNT_STATUSES),
    oneOf('accounts_language_check', t.language, CUSTOMER_LANGUAGES),
    check(
      'accounts_deactivation_consistent',
      sql`(${t.status} = 'deactivated') = (${t.deactivatedAt} IS NOT NULL AND ${t.deactivationReason} IS NOT NULL AND ${t.purgeAfter} IS NOT NULL)`,
    ),
  ],
);

export const logins = sqliteTable(
  'logins',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    identifier: text('identifier').notNull(),
    identifierKind: text('identifier_kind', { enum: IDENTIFIER_KINDS }).notNull(),
    role: text('role', { enum: LOGIN_ROLES }).notNull(),
    createdAt: integer('created_at').notNull(),
    passwordChangedAt: integer('password_changed_at'),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    firstFailedAt: integer('first_failed_at'),
    lockedUntil: integer('locked_until'),
    lockoutCount: integer('lockout_count').notNull().default(0),
    removedAt: integer('removed_at'),
  },
  (t) => [
    uniqueIndex('logins_identifier_account_uq').on(t.identifier, t.accountId),
    oneOf('logins_role_check', t.role, LOGIN_ROLES),
    oneOf('logins_kind_check', t.identifierKind, IDENTIFIER_KINDS),
    index('logins_account_idx').on(t.accountId),
    index('logins_locked_until_idx').on(t.lockedUntil).where(sql`${t.lockedUntil} IS NOT NULL`),
  ],
);

export const cards = sqliteTable('cards', {
  accountId: text('account_id')
    .primaryKey()
    .references(() => accounts.id),
  brand: text('brand').notNull(),
  last4: text('last4').notNull(),
});

export const billingAddresses = sqliteTable('billing_addresses', {
  accountId: text('account_id')
    .primaryKey()
    .references(() => accounts.id),
  line1: text('line1').notNull(),
  postalCode: text('postal_code').notNull(),
  city: text('city').notNull(),
  country: text('country').notNull(),
});

export const charges = sqliteTable(
  'charges',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    at: integer('at').notNull(),
    amountCents: integer('amount_cents').notNull(),
    outcome: text('outcome', { enum: CHARGE_OUTCOMES }).notNull(),
    failureCode: text('failure_code'),
  },
  (t) => [
    index('charges_account_at_idx').on(t.accountId, t.at),
    oneOf('charges_outcome_check', t.outcome, CHARGE_OUTCOMES),
  ],
);

export const blocks = sqliteTable(
  'blocks',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    kind: text('kind', { enum: BLOCK_KINDS }).notNull(),
    placedAt: integer('placed_at').notNull(),
    placedBy: text('placed_by').notNull(),
    note: text('note'),
    customerNotifiedAt: integer('customer_notified_at'),
    liftedAt: integer('lifted_at'),
    liftedBy: text('lifted_by'),
  },
  (t) => [
    index('blocks_account_idx').on(t.accountId),
    oneOf('blocks_kind_check', t.kind, BLOCK_KINDS),
  ],
);

export const identityChecks = sqliteTable(
  'identity_checks',
  {
    id: text('id').primaryKey(),
    blockId: text('block_id')
      .notNull()
      .references(() => blocks.id),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    status: text('status', { enum: IDENTITY_CHECK_STATUSES }).notNull(),
    submittedAt: integer('submitted_at'),
    decidedAt: integer('decided_at'),
    decidedBy: text('decided_by'),
    decisionNote: text('decision_note'),
  },
  (t) => [
    uniqueIndex('identity_checks_block_uq').on(t.blockId),
    // The leads' queue: submitted checks by due time.
    index('identity_checks_status_submitted_idx').on(t.status, t.submittedAt),
    oneOf('identity_checks_status_check', t.status, IDENTITY_CHECK_STATUSES),
  ],
);

/** What a purge leaves (SPEC §3): the id, the dates, and keyed hashes of former identifiers. */
export const tombstones = sqliteTable('tombstones', {
  accountId: text('account_id').primaryKey(),
  deactivatedAt: integer('deactivated_at'),
  deactivationReason: text('deactivation_reason', { enum: DEACTIVATION_REASONS }),
  purgedAt: integer('purged_at').notNull(),
});

export const tombstoneIdentifiers = sqliteTable(
  'tombstone_identifiers',
  {
    identifierHash: text('identifier_hash').notNull(),
    accountId: text('account_id')
      .notNull()
      .references(() => tombstones.accountId),
  },
  (t) => [uniqueIndex('tombstone_identifiers_uq').on(t.identifierHash, t.accountId)],
);
