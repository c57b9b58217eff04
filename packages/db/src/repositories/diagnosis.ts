import {
  type AccountSnapshot,
  type DiagnosisInput,
  emailLocalPart,
  nearMatchVariants,
  normaliseIdentifier,
  type TombstoneFacts,
  wantsNearMatches,
} from '@lifeline/domain';
import { and, asc, desc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { preparedFor } from '../prepared.ts';
import { identifierHash } from '../secrets.ts';
import { tables } from '../tables.ts';
import { accountFactsOf } from './facts.ts';

/** Charges a snapshot carries: enough for the dunning facts and the billing summary. */
const RECENT_CHARGES = 20;
const NEAR_MATCH_CANDIDATES = 50;

const byIdentifier = (db: Db, { logins } = tables(db)) =>
  db
    .select({ accountId: logins.accountId })
    .from(logins)
    .where(eq(logins.identifier, sql.placeholder('identifier')));
const byContactEmail = (db: Db, { accounts } = tables(db)) =>
  db
    .select({ accountId: accounts.id })
    .from(accounts)
    .where(eq(accounts.contactEmail, sql.placeholder('identifier')));

/** Every account with a login matching `identifier`, or whose contact email it is. */
export async function accountIdsForIdentifier(db: Db, identifier: string): Promise<string[]> {
  const byLogin = await preparedFor(db, 'diagnosis.byIdentifier', byIdentifier).all({
    identifier,
  });
  const byContact = await preparedFor(db, 'diagnosis.byContactEmail', byContactEmail).all({
    identifier,
  });
  return [...new Set([...byLogin, ...byContact].map((row) => row.accountId))];
}

// One account's rows in four prepared statements: the account with its card and address,
// its logins, its blocks with their identity checks, and its recent charges.
const accountWithBilling = (db: Db, { accounts, billingAddresses, cards } = tables(db)) =>
  db
    .select({
      account: accounts,
      cardBrand: cards.brand,
      cardLast4: cards.last4,
      line1: billingAddresses.line1,
      postalCode: billingAddresses.postalCode,
      city: billingAddresses.city,
      country: billingAddresses.country,
    })
    .from(accounts)
    .leftJoin(cards, eq(cards.accountId, accounts.id))
    .leftJoin(billingAddresses, eq(billingAddresses.accountId, accounts.id))
    .where(eq(accounts.id, sql.placeholder('accountId')));
const loginsOfAccount = (db: Db, { logins } = tables(db)) =>
  db
    .select()
    .from(logins)
    .where(eq(logins.accountId, sql.placeholder('accountId')))
    .orderBy(asc(logins.createdAt));
const blocksOfAccount = (db: Db, { blocks, identityChecks } = tables(db)) =>
  db
    .select({ block: blocks, check: identityChecks })
    .from(blocks)
    .leftJoin(identityChecks, eq(identityChecks.blockId, blocks.id))
    .where(eq(blocks.accountId, sql.placeholder('accountId')))
    .orderBy(asc(blocks.placedAt));
const recentCharges = (db: Db, { charges } = tables(db)) =>
  db
    .select({
      at: charges.at,
      amountCents: charges.amountCents,
      outcome: charges.outcome,
      failureCode: charges.failureCode,
    })
    .from(charges)
    .where(eq(charges.accountId, sql.placeholder('accountId')))
    .orderBy(desc(charges.at))
    .limit(RECENT_CHARGES);

/** Loads whole snapshots (account, logins, blocks with checks, billing) of a few accounts. */
export async function loadAccountSnapshots(
  db: Db,
  accountIds: readonly string[],
): Promise<AccountSnapshot[]> {
  const snapshots: AccountSnapshot[] = [];
  for (const accountId of new Set(accountIds)) {
    const head = await preparedFor(db, 'diagnosis.account', accountWithBilling).get({ accountId });
    if (!head) continue;
    const row = head.account;
    const loginRows = await preparedFor(db, 'diagnosis.logins', loginsOfAccount).all({ accountId });
    const blockRows = await preparedFor(db, 'diagnosis.blocks', blocksOfAccount).all({ accountId });
    const chargeRows = (
      await preparedFor(db, 'diagnosis.charges', recentCharges).all({ accountId })
    ).reverse();
    snapshots.push({
      account: accountFactsOf(row),
      logins: loginRows.map((login) => ({
        id: login.id,
        accountId: login.accountId,
        identifier: login.identifier,
        identifierKind: login.identifierKind,
        role: login.role,
        passwordChangedAt: login.passwordChangedAt,
        failedAttempts: login.failedAttempts,
        firstFailedAt: login.firstFailedAt,
        lockedUntil: login.lockedUntil,
        lockoutCount: login.lockoutCount,
        removedAt: login.removedAt,
      })),
      blocks: blockRows.map(({ block, check }) => ({
        id: block.id,
        accountId: block.accountId,
        kind: block.kind,
        placedAt: block.placedAt,
        placedBy: block.placedBy,
        note: block.note,
        customerNotifiedAt: block.customerNotifiedAt,
        liftedAt: block.liftedAt,
        liftedBy: block.liftedBy,
        identityCheck: check
          ? {
              id: check.id,
              status: check.status,
              submittedAt: check.submittedAt,
              decidedAt: check.decidedAt,
              decidedBy: check.decidedBy,
            }
          : null,
      })),
      billing: {
        card:
          head.cardBrand !== null && head.cardLast4 !== null
            ? { brand: head.cardBrand, last4: head.cardLast4 }
            : null,
        address:
          head.line1 !== null &&
          head.postalCode !== null &&
          head.city !== null &&
          head.country !== null
            ? {
                line1: head.line1,
                postalCode: head.postalCode,
                city: head.city,
                country: head.country,
              }
            : null,
        charges: chargeRows,
      },
    });
  }
  return snapshots;
}

const tombstonesByHash = (db: Db, { tombstoneIdentifiers, tombstones } = tables(db)) =>
  db
    .select({
      accountId: tombstones.accountId,
      deactivatedAt: tombstones.deactivatedAt,
      purgedAt: tombstones.purgedAt,
    })
    .from(tombstoneIdentifiers)
    .innerJoin(tombstones, eq(tombstones.accountId, tombstoneIdentifiers.accountId))
    .where(eq(tombstoneIdentifiers.identifierHash, sql.placeholder('hash')));

export async function findTombstones(
  db: Db,
  identifierHashValue: string,
): Promise<TombstoneFacts[]> {
  return await preparedFor(db, 'diagnosis.tombstones', tombstonesByHash).all({
    hash: identifierHashValue,
  });
}

const nearExact = (db: Db, { logins } = tables(db)) =>
  db
    .select({ identifier: logins.identifier })
    .from(logins)
    .where(eq(logins.identifier, sql.placeholder('identifier')))
    .limit(NEAR_MATCH_CANDIDATES);
const nearRange = (db: Db, { logins } = tables(db)) =>
  db
    .select({ identifier: logins.identifier })
    .from(logins)
    .where(
      and(
        gte(logins.identifier, sql.placeholder('from')),
        lt(logins.identifier, sql.placeholder('to')),
      ),
    )
    .limit(NEAR_MATCH_CANDIDATES);

/**
 * Identifiers near the query, found by index only: the exact variants the domain proposes,
 * the same local part at any domain, and the same first three characters. The domain then
 * keeps those within edit distance 2. A full scan would be exact but cost seconds at 1M rows.
 */
export async function findNearMatchCandidates(db: Db, query: string): Promise<string[]> {
  const found = new Set<string>();
  const exact = preparedFor(db, 'diagnosis.nearExact', nearExact);
  for (const variant of nearMatchVariants(query)) {
    for (const row of await exact.all({ identifier: variant })) found.add(row.identifier);
  }
  const local = emailLocalPart(query);
  const ranges: Array<[string, string]> = [];
  if (local !== null && local.length > 0) ranges.push([`${local}@`, `${local}@\u{10FFFF}`]);
  else ranges.push([`${query}@`, `${query}@\u{10FFFF}`]);
  const prefix = Array.from(query).slice(0, 3).join('');
  if (prefix.length === 3) ranges.push([prefix, `${prefix}\u{10FFFF}`]);
  const range = preparedFor(db, 'diagnosis.nearRange', nearRange);
  for (const [from, to] of ranges) {
    for (const row of await range.all({ from, to })) found.add(row.identifier);
  }
  found.delete(query);
  return [...found];
}

/** Everything `diagnose` needs for one query, gathered by indexed lookups. */
export async function loadDiagnosisInput(
  db: Db,
  rawQuery: string,
  identifierHashKey: string,
): Promise<DiagnosisInput> {
  const query = normaliseIdentifier(rawQuery);
  const accountIds = await accountIdsForIdentifier(db, query);
  const snapshots = await loadAccountSnapshots(db, accountIds);
  const tombstoneMatches = await findTombstones(db, identifierHash(identifierHashKey, query));
  const nearMatches = wantsNearMatches(query, snapshots, tombstoneMatches.length)
    ? await findNearMatchCandidates(db, query)
    : [];
  return { query: rawQuery, snapshots, tombstoneMatches, nearMatches };
}
