import { STAFF_FACTOR_KINDS, STAFF_ROLES } from '@lifeline/domain';
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
    /**
     * Signed in with a password while a second factor is required, and none has passed yet:
     * the session may only pass one (or enrol its first), nothing else (SPEC §13).
     */
    secondFactorPending: integer('second_factor_pending', { mode: 'boolean' })
      .notNull()
      .default(false),
    /** When a second factor or a provider sign-in last passed: step-up is 5 minutes from it. */
    secondFactorAt: integer('second_factor_at'),
    /** How (`sso`, `totp`, `passkey`, `recovery_code`): the audit of a step-up says it. */
    secondFactorMethod: text('second_factor_method'),
    /** The WebAuthn challenge this session was last given, and until when it is good. */
    challenge: text('challenge'),
    challengeExpiresAt: integer('challenge_expires_at'),
    /** A TOTP secret being enrolled (encrypted), kept until a first code confirms it. */
    pendingTotpSecret: text('pending_totp_secret'),
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

/**
 * A staff member's second factor (SPEC §13): a TOTP secret (encrypted with the server's field
 * key, never shown again after enrolment) or a passkey (WebAuthn credential: its id, public
 * key and signature counter; nothing secret).
 */
export const staffFactors = sqliteTable(
  'staff_factors',
  {
    id: text('id').primaryKey(),
    staffId: text('staff_id')
      .notNull()
      .references(() => staff.id),
    kind: text('kind', { enum: STAFF_FACTOR_KINDS }).notNull(),
    /** What the staff member called it ("Work laptop", "Phone"). */
    label: text('label').notNull(),
    createdAt: integer('created_at').notNull(),
    lastUsedAt: integer('last_used_at'),
    /** TOTP: the secret, encrypted. */
    totpSecret: text('totp_secret'),
    /** TOTP: the last time step accepted, so a code is good once. */
    totpLastStep: integer('totp_last_step'),
    /** Passkey: the credential id (base64url), unique across staff. */
    credentialId: text('credential_id'),
    /** Passkey: the COSE public key (base64url). */
    publicKey: text('public_key'),
    signCount: integer('sign_count').notNull().default(0),
    /** Passkey: JSON array of the authenticator's transports, for the next prompt. */
    transports: text('transports'),
  },
  (t) => [
    index('staff_factors_staff_idx').on(t.staffId),
    uniqueIndex('staff_factors_credential_uq').on(t.credentialId),
    oneOf('staff_factors_kind_check', t.kind, STAFF_FACTOR_KINDS),
  ],
);

/** Ten one-time recovery codes per staff member, each kept as an argon2id hash. */
export const staffRecoveryCodes = sqliteTable(
  'staff_recovery_codes',
  {
    id: text('id').primaryKey(),
    staffId: text('staff_id')
      .notNull()
      .references(() => staff.id),
    codeHash: text('code_hash').notNull(),
    createdAt: integer('created_at').notNull(),
    usedAt: integer('used_at'),
  },
  (t) => [index('staff_recovery_codes_staff_idx').on(t.staffId)],
);
