import { STAFF_ROLES } from '@lifeline/domain';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { oneOf } from './checks.ts';

export const staff = sqliteTable(
  'staff',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    role: text('role', { enum: STAFF_ROLES }).notNull(),
    /** argon2id, encoded string (algorithm, parameters and salt included). */
    passwordHash: text('password_hash').notNull(),
    createdAt: integer('created_at').notNull(),
    disabledAt: integer('disabled_at'),
    /**
     * A break-glass admin (made by `pnpm staff:create --break-glass`): may sign in with a
     * password when STAFF_PASSWORD_SIGN_IN=false, for the day the identity provider is down.
     */
    breakGlass: integer('break_glass', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [
    uniqueIndex('staff_email_uq').on(t.email),
    oneOf('staff_role_check', t.role, STAFF_ROLES),
  ],
);

/** Sessions are found by the SHA-256 of their cookie value: a leaked table opens nothing. */
export const staffSessions = sqliteTable(
  'staff_sessions',
  {
    idHash: text('id_hash').primaryKey(),
    staffId: text('staff_id')
      .notNull()
      .references(() => staff.id),
    createdAt: integer('created_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
    /** The absolute limit (created + 12 h); the idle limit is computed from lastSeenAt. */
    expiresAt: integer('expires_at').notNull(),
    revokedAt: integer('revoked_at'),
    /** The browser's User-Agent at sign-in, cut to SESSION_USER_AGENT_MAX: the device shown. */
    userAgent: text('user_agent').notNull().default(''),
    /** The client address at sign-in as the trusted proxy hops saw it (TRUST_PROXY). */
    ip: text('ip').notNull().default(''),
    /** The client address when lastSeenAt was last written (at most once a minute). */
    lastIp: text('last_ip').notNull().default(''),
  },
  (t) => [
    index('staff_sessions_staff_idx').on(t.staffId),
    // Housekeeping deletes sessions long past their end.
    index('staff_sessions_expires_idx').on(t.expiresAt),
  ],
);

/** Every staff sign-in attempt, for the per-email and per-IP throttles (SPEC §13). */
export const signInAttempts = sqliteTable(
  'sign_in_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /**
     * Keyed hash (HMAC-SHA-256, the server's identifier key) of the email as typed: the
     * per-email throttle counts by it, and a password typed into the email field is never kept.
     */
    emailHash: text('email_hash').notNull().default(''),
    ip: text('ip').notNull(),
    at: integer('at').notNull(),
    succeeded: integer('succeeded', { mode: 'boolean' }).notNull(),
  },
  (t) => [
    index('sign_in_attempts_email_hash_at_idx').on(t.emailHash, t.at),
    index('sign_in_attempts_ip_at_idx').on(t.ip, t.at),
    // Housekeeping deletes attempts past their retention.
    index('sign_in_attempts_at_idx').on(t.at),
  ],
);

/**
 * A staff member's identity at the company's OpenID provider: single sign-on finds the staff
 * member by (issuer, subject), never by email (SPEC §13).
 */
export const staffIdentities = sqliteTable(
  'staff_identities',
  {
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    staffId: text('staff_id')
      .notNull()
      .references(() => staff.id),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('staff_identities_issuer_subject_uq').on(t.issuer, t.subject),
    index('staff_identities_staff_idx').on(t.staffId),
  ],
);

/**
 * Single sign-ons started and not finished: what the callback must check (state, nonce, PKCE
 * verifier), found by the SHA-256 of the browser's short-lived cookie, so that any server
 * process can finish what another started. Used once: the callback deletes the row.
 */
export const ssoPendingSignIns = sqliteTable(
  'sso_pending_sign_ins',
  {
    idHash: text('id_hash').primaryKey(),
    state: text('state').notNull(),
    nonce: text('nonce').notNull(),
    codeVerifier: text('code_verifier').notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('sso_pending_sign_ins_expires_idx').on(t.expiresAt)],
);
