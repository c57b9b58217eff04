import { OUTBOX_STATUSES, OUTBOX_TEMPLATES } from '@lifeline/domain';
import { bigint, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { oneOf } from './checks.ts';
import { instant } from './columns.ts';
import { logins } from './customers.ts';

/** Emails written in the same transaction as the change they report; a sender delivers them. */
export const outbox = pgTable(
  'outbox',
  {
    id: text('id').primaryKey(),
    createdAt: instant('created_at').notNull(),
    template: text('template', { enum: OUTBOX_TEMPLATES }).notNull(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    /** The message, with `{{secret}}` where the code or reset link goes. */
    bodyText: text('body_text').notNull(),
    /** The one-time code or reset-link token, erased once sent. No API returns it. */
    secret: text('secret'),
    accountId: text('account_id'),
    loginId: text('login_id'),
    /** The audit event that caused it, for the console's timeline. */
    auditEventId: bigint('audit_event_id', { mode: 'number' }),
    status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: instant('next_attempt_at').notNull(),
    lastError: text('last_error'),
    sentAt: instant('sent_at'),
  },
  (t) => [
    index('outbox_status_next_idx').on(t.status, t.nextAttemptAt),
    index('outbox_account_idx').on(t.accountId, t.createdAt),
    index('outbox_created_idx').on(t.createdAt),
    oneOf('outbox_status_check', t.status, OUTBOX_STATUSES),
    oneOf('outbox_template_check', t.template, OUTBOX_TEMPLATES),
  ],
);

/** Single-use reset links: only the token's hash is kept. Also the per-login hourly limit. */
export const passwordResetTokens = pgTable(
  'password_reset_tokens',
  {
    id: text('id').primaryKey(),
    loginId: text('login_id')
      .notNull()
      .references(() => logins.id),
    tokenHash: text('token_hash').notNull(),
    createdAt: instant('created_at').notNull(),
    expiresAt: instant('expires_at').notNull(),
    usedAt: instant('used_at'),
  },
  (t) => [
    index('reset_tokens_login_at_idx').on(t.loginId, t.createdAt),
    // Housekeeping deletes links long expired.
    index('reset_tokens_expires_idx').on(t.expiresAt),
  ],
);

/** Same key from the same staff member → the stored result, the action done once (SPEC §6). */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    staffId: text('staff_id').notNull(),
    key: text('key').notNull(),
    procedure: text('procedure').notNull(),
    /** SHA-256 of the canonical input: a reused key with another input is refused. */
    requestHash: text('request_hash').notNull(),
    /** The JSON result, or the refusal, returned again on replay. */
    response: text('response').notNull(),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.staffId, t.key] }),
    index('idempotency_created_idx').on(t.createdAt),
  ],
);

/** Server secrets generated on first start (the identifier-hash key, …), unless given. */
export const serverSecrets = pgTable('server_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: instant('created_at').notNull(),
});
