import type Database from 'better-sqlite3';
import type { LifelineDb } from '../client.ts';
import type {
  AccountRow,
  BlockRow,
  BulkSeedWriter,
  ChargeRow,
  IdentityCheckRow,
  LoginRow,
  SeedWriter,
  TombstoneRow,
} from './writer.ts';

/**
 * SQLite's bulk writer: raw prepared statements on `connection`, the database's write
 * connection, run inside the database's own IMMEDIATE transaction on it. Column names follow the schema.
 */
export function createSqliteBulkWriter(
  db: LifelineDb,
  connection: Database.Database,
): BulkSeedWriter {
  const account = connection.prepare(
    `INSERT INTO accounts (id, contact_email, plan, status, created_at, trial_ends_at, balance_cents,
       deactivated_at, deactivation_reason, purge_after, payment_failed_at, version,
       contacts_count, lists_count, campaigns_count, display_name, time_zone, language)
     VALUES (@id, @contactEmail, @plan, @status, @createdAt, @trialEndsAt, @balanceCents,
       @deactivatedAt, @deactivationReason, @purgeAfter, @paymentFailedAt, 1,
       @contactsCount, @listsCount, @campaignsCount, @displayName, @timeZone, @language)`,
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

  const write: SeedWriter = {
    account: (row: AccountRow) => {
      account.run(row);
    },
    login: (row: LoginRow) => {
      login.run(row);
    },
    card: (accountId, brand, last4) => {
      card.run(accountId, brand, last4);
    },
    address: (accountId, line1, postalCode, city, country) => {
      address.run(accountId, line1, postalCode, city, country);
    },
    charge: (row: ChargeRow) => {
      charge.run(row);
    },
    block: (row: BlockRow) => {
      block.run(row);
    },
    identityCheck: (row: IdentityCheckRow) => {
      identityCheck.run(row);
    },
    tombstone: (row: TombstoneRow) => {
      const { identifierHashes, ...rest } = row;
      tombstone.run(rest);
      for (const hash of identifierHashes) tombstoneIdentifier.run(hash, row.accountId);
    },
  };

  // Random text keys land all over the indexes: a large page cache keeps them in memory
  // while seeding (the default 2 MiB makes a million accounts several times slower).
  const previousCacheSize = connection.pragma('cache_size', { simple: true });
  connection.pragma('cache_size = -1048576');

  return {
    // The statements run on the write connection, inside the transaction this opens on it.
    batch: (fill) =>
      db.transaction(async () => {
        fill(write);
      }),
    async close() {
      connection.pragma(`cache_size = ${Number(previousCacheSize)}`);
    },
  };
}
