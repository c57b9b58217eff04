import type Database from 'better-sqlite3';

// Bulk seeding uses raw prepared statements: a million accounts through the query builder
// would spend most of its time building SQL strings. Column names follow the schema.

export interface AccountRow {
  id: string;
  contactEmail: string;
  plan: 'free' | 'trial' | 'paid';
  status: 'active' | 'limited' | 'deactivated';
  createdAt: number;
  trialEndsAt: number | null;
  balanceCents: number;
  deactivatedAt: number | null;
  deactivationReason: string | null;
  purgeAfter: number | null;
  paymentFailedAt: number | null;
  contactsCount: number;
  listsCount: number;
  campaignsCount: number;
}

export interface LoginRow {
  id: string;
  accountId: string;
  identifier: string;
  identifierKind: 'email' | 'username';
  role: 'owner' | 'team_member';
  createdAt: number;
  passwordChangedAt: number | null;
  failedAttempts: number;
  firstFailedAt: number | null;
  lockedUntil: number | null;
  lockoutCount: number;
}

export interface ChargeRow {
  accountId: string;
  at: number;
  amountCents: number;
  outcome: 'succeeded' | 'failed';
  failureCode: string | null;
}

export interface BlockRow {
  id: string;
  accountId: string;
  kind: 'identity_check_required' | 'suspicious_activity' | 'self_block';
  placedAt: number;
  placedBy: string;
  note: string | null;
  customerNotifiedAt: number | null;
}

export interface IdentityCheckRow {
  id: string;
  blockId: string;
  accountId: string;
  status: 'not_started' | 'submitted' | 'approved' | 'rejected';
  submittedAt: number | null;
}

export interface TombstoneRow {
  accountId: string;
  deactivatedAt: number | null;
  deactivationReason: string | null;
  purgedAt: number;
  identifierHashes: string[];
}

export type SeedWriter = ReturnType<typeof createSeedWriter>;

export function createSeedWriter(connection: Database.Database) {
  const account = connection.prepare(
    `INSERT INTO accounts (id, contact_email, plan, status, created_at, trial_ends_at, balance_cents,
       deactivated_at, deactivation_reason, purge_after, payment_failed_at, version,
       contacts_count, lists_count, campaigns_count)
     VALUES (@id, @contactEmail, @plan, @status, @createdAt, @trialEndsAt, @balanceCents,
       @deactivatedAt, @deactivationReason, @purgeAfter, @paymentFailedAt, 1,
       @contactsCount, @listsCount, @campaignsCount)`,
  );
  const login = connection.prepare(
    `INSERT INTO logins (id, account_id, identifier, identifier_kind, role, created_at,
       password_changed_at, failed_attempts, first_failed_at, locked_until, lockout_count)
     VALUES (@id, @accountId, @identifier, @identifierKind, @role, @createdAt,
       @passwordChangedAt, @failedAttempts, @firstFailedAt, @lockedUntil, @lockoutCount)`,
  );
  const card = connection.prepare('INSERT INTO cards (account_id, brand, last4) VALUES (?, ?, ?)');
  const address = connection.prepare(
    `INSERT INTO billing_addresses (account_id, line1, postal_code, city, country)
     VALUES (?, ?, ?, ?, ?)`,
  );
  const charge = connection.prepare(
    `INSERT INTO charges (account_id, at, amount_cents, outcome, failure_code)
     VALUES (@accountId, @at, @amountCents, @outcome, @failureCode)`,
  );
  const block = connection.prepare(
    `INSERT INTO blocks (id, account_id, kind, placed_at, placed_by, note, customer_notified_at)
     VALUES (@id, @accountId, @kind, @placedAt, @placedBy, @note, @customerNotifiedAt)`,
  );
  const identityCheck = connection.prepare(
    `INSERT INTO identity_checks (id, block_id, account_id, status, submitted_at)
     VALUES (@id, @blockId, @accountId, @status, @submittedAt)`,
  );
  const tombstone = connection.prepare(
    `INSERT INTO tombstones (account_id, deactivated_at, deactivation_reason, purged_at)
     VALUES (@accountId, @deactivatedAt, @deactivationReason, @purgedAt)`,
  );
  const tombstoneIdentifier = connection.prepare(
    'INSERT INTO tombstone_identifiers (identifier_hash, account_id) VALUES (?, ?)',
  );

  return {
    account: (row: AccountRow) => account.run(row),
    login: (row: LoginRow) => login.run(row),
    card: (accountId: string, brand: string, last4: string) => card.run(accountId, brand, last4),
    address: (
      accountId: string,
      line1: string,
      postalCode: string,
      city: string,
      country: string,
    ) => address.run(accountId, line1, postalCode, city, country),
    charge: (row: ChargeRow) => charge.run(row),
    block: (row: BlockRow) => block.run(row),
    identityCheck: (row: IdentityCheckRow) => identityCheck.run(row),
    tombstone: (row: TombstoneRow) => {
      const { identifierHashes, ...rest } = row;
      tombstone.run(rest);
      for (const hash of identifierHashes) tombstoneIdentifier.run(hash, row.accountId);
    },
  };
}
