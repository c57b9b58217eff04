import { STAFF_ROLES } from '@lifeline/domain';
import { bigint, boolean, index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { oneOf } from './checks.ts';
import { instant } from './columns.ts';

export const staff = pgTable(
  'staff',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    role: text('role', { enum: STAFF_ROLES }).notNull(),
    /** argon2id, encoded string (algorithm, parameters and salt included). */
    passwordHash: text('password_hash').notNull(),
    createdAt: instant('created_at').notNull(),
    disabledAt: instant('disabled_at'),
  },
  (t) => [
    uniqueIndex('staff_email_uq').on(t.email),
    oneOf('staff_role_check', t.role, STAFF_ROLES),
  ],
);

/** Sessions are found by the SHA-256 of their cookie value: a leaked table opens nothing. */
export const staffSessions = pgTable(
  'staff_sessions',
  {
    idHash: text('id_hash').primaryKey(),
    staffId: text('staff_id')
      .notNull()
      .references(() => staff.id),
    createdAt: instant('created_at').notNull(),
    lastSeenAt: instant('last_seen_at').notNull(),
    /** The absolute limit (created + 12 h); the idle limit is computed from lastSeenAt. */
    expiresAt: instant('expires_at').notNull(),
    revokedAt: instant('revoked_at'),
  },
  (t) => [
    index('staff_sessions_staff_idx').on(t.staffId),
    // Housekeeping deletes sessions long past their end.
    index('staff_sessions_expires_idx').on(t.expiresAt),
  ],
);

/** Every staff sign-in attempt, for the per-email and per-IP throttles (SPEC §13). */
export const signInAttempts = pgTable(
  'sign_in_attempts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    /** Keyed hash (HMAC-SHA-256, the server's identifier key) of the email as typed. */
    emailHash: text('email_hash').notNull().default(''),
    ip: text('ip').notNull(),
    at: instant('at').notNull(),
    succeeded: boolean('succeeded').notNull(),
  },
  (t) => [
    index('sign_in_attempts_email_hash_at_idx').on(t.emailHash, t.at),
    index('sign_in_attempts_ip_at_idx').on(t.ip, t.at),
    // Housekeeping deletes attempts past their retention.
    index('sign_in_attempts_at_idx').on(t.at),
  ],
);
