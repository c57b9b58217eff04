import type { LifelineDb } from '../client.ts';
import { createPostgresBulkWriter } from './pg-writer.ts';
import { createSqliteBulkWriter } from './sqlite-writer.ts';

// What seeding writes, and the seam between the seed (scenarios, generated accounts) and the
// engine: the rows go through a bulk writer of the engine's own, never through the query
// builder — a million accounts that way would spend most of their time building SQL strings.

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
  /** The company or workspace name (issue 13). */
  displayName: string;
  timeZone: string;
  language: 'en' | 'fr';
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

/**
 * Takes the rows of one batch, one call per row. Synchronous, so the scenarios and the
 * generator stay plain loops: an engine writes each row at once (SQLite's prepared statements)
 * or buffers it until the batch ends (PostgreSQL, several rows per round trip).
 */
export interface SeedWriter {
  account(row: AccountRow): void;
  login(row: LoginRow): void;
  card(accountId: string, brand: string, last4: string): void;
  address(
    accountId: string,
    line1: string,
    postalCode: string,
    city: string,
    country: string,
  ): void;
  charge(row: ChargeRow): void;
  block(row: BlockRow): void;
  identityCheck(row: IdentityCheckRow): void;
  /** The tombstone and its keyed identifier hashes. */
  tombstone(row: TombstoneRow): void;
}

/**
 * One engine's bulk writer: what `seedDemoData` writes through. Each implementation owns its
 * speed-ups (SQLite: raw prepared statements on the write connection and a large page cache)
 * and undoes them in `close`.
 */
export interface BulkSeedWriter {
  /**
   * Runs `fill`, which hands the batch's rows to the writer, and commits them as one
   * transaction: all of the batch is written, or none of it.
   */
  batch(fill: (write: SeedWriter) => void): Promise<void>;
  /** Ends seeding: settings changed for it are restored. The database stays open. */
  close(): Promise<void>;
}

/**
 * The bulk writer of the database's engine. PostgreSQL has none yet: its implementation of
 * `BulkSeedWriter` (multi-row INSERT or COPY per batch, in one transaction) belongs here.
 */
export function bulkSeedWriterFor(db: LifelineDb): BulkSeedWriter {
  if (db.engine === 'sqlite' && db.sqliteWriter) return createSqliteBulkWriter(db, db.sqliteWriter);
  return createPostgresBulkWriter(db);
}
