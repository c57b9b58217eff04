import {
  type AccountSnapshot,
  type DiagnosisInput,
  emailLocalPart,
  nearMatchVariants,
  normaliseIdentifier,
  type TombstoneFacts,
} from '@lifeline/domain';
import { and, asc, desc, eq, gte, inArray, lt } from 'drizzle-orm';
import type { Db } from '../client.ts';
import {
  accounts,
  billingAddresses,
  blocks,
  cards,
  charges,
  identityChecks,
  logins,
  tombstoneIdentifiers,
  tombstones,
} from '../schema/index.ts';
import { identifierHash } from '../secrets.ts';

/** Charges a snapshot carries: enough for the dunning facts and the billing summary. */
const RECENT_CHARGES = 20;
const NEAR_MATCH_CANDIDATES = 50;

/** Every account with a login matching `identifier`, or whose contact email it is. */
export async function accountIdsForIdentifier(db: Db, identifier: string): Promise<string[]> {
  const byLogin = db
    .select({ accountId: logins.accountId })
    .from(logins)
    .where(eq(logins.identifier, identifier))
    .all();
  const byContact = db
    .select({ accountId: accounts.id })
    .from(accounts)
    .where(eq(accounts.contactEmail, identifier))
    .all();
  return [...new Set([...byLogin, ...byContact].map((row) => row.accountId))];
}

/** Loads whole snapshots (account, logins, blocks with checks, billing) in one query per table. */
export async function loadAccountSnapshots(
  db: Db,
  accountIds: readonly string[],
): Promise<AccountSnapshot[]> {
  if (accountIds.length === 0) return [];
  const ids = [...accountIds];
  const accountRows = db.select().from(accounts).where(inArray(accounts.id, ids)).all();
  const loginRows = db
    .select()
    .from(logins)
    .where(inArray(logins.accountId, ids))
    .orderBy(asc(logins.createdAt))
    .all();
  const blockRows = db
    .select()
    .from(blocks)
    .where(inArray(blocks.accountId, ids))
    .orderBy(asc(blocks.placedAt))
    .all();
  const checkRows = db
    .select()
    .from(identityChecks)
    .where(inArray(identityChecks.accountId, ids))
    .all();
  const cardRows = db.select().from(cards).where(inArray(cards.accountId, ids)).all();
  const addressRows = db
    .select()
    .from(billingAddresses)
    .where(inArray(billingAddresses.accountId, ids))
    .all();

  return accountRows.map((row) => {
    const chargeRows = db
      .select({
        at: charges.at,
        amountCents: charges.amountCents,
        outcome: charges.outcome,
        failureCode: charges.failureCode,
      })
      .from(charges)
      .where(eq(charges.accountId, row.id))
      .orderBy(desc(charges.at))
      .limit(RECENT_CHARGES)
      .all()
      .reverse();
    const card = cardRows.find((c) => c.accountId === row.id);
    const address = addressRows.find((a) => a.accountId === row.id);
    return {
      account: {
        id: row.id,
        contactEmail: row.contactEmail,
        plan: row.plan,
        status: row.status,
        createdAt: row.createdAt,
        trialEndsAt: row.trialEndsAt,
        balanceCents: row.balanceCents,
        deactivatedAt: row.deactivatedAt,
        deactivationReason: row.deactivationReason,
        purgeAfter: row.purgeAfter,
        paymentFailedAt: row.paymentFailedAt,
        version: row.version,
        data: { contacts: row.contactsCount, lists: row.listsCount, campaigns: row.campaignsCount },
      },
      logins: loginRows
        .filter((login) => login.accountId === row.id)
        .map((login) => ({
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
      blocks: blockRows
        .filter((block) => block.accountId === row.id)
        .map((block) => {
          const check = checkRows.find((c) => c.blockId === block.id);
          return {
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
          };
        }),
      billing: {
        card: card ? { brand: card.brand, last4: card.last4 } : null,
        address: address
          ? {
              line1: address.line1,
              postalCode: address.postalCode,
              city: address.city,
              country: address.country,
            }
          : null,
        charges: chargeRows,
      },
    };
  });
}

export async function findTombstones(
  db: Db,
  identifierHashValue: string,
): Promise<TombstoneFacts[]> {
  return db
    .select({
      accountId: tombstones.accountId,
      deactivatedAt: tombstones.deactivatedAt,
      purgedAt: tombstones.purgedAt,
    })
    .from(tombstoneIdentifiers)
    .innerJoin(tombstones, eq(tombstones.accountId, tombstoneIdentifiers.accountId))
    .where(eq(tombstoneIdentifiers.identifierHash, identifierHashValue))
    .all();
}

/**
 * Identifiers near the query, found by index only: the exact variants the domain proposes,
 * the same local part at any domain, and the same first three characters. The domain then
 * keeps those within edit distance 2. A full scan would be exact but cost seconds at 1M rows.
 */
export async function findNearMatchCandidates(db: Db, query: string): Promise<string[]> {
  const found = new Set<string>();
  const add = (rows: { identifier: string }[]) => {
    for (const row of rows) found.add(row.identifier);
  };
  const variants = nearMatchVariants(query);
  if (variants.length > 0) {
    add(
      db
        .select({ identifier: logins.identifier })
        .from(logins)
        .where(inArray(logins.identifier, variants))
        .limit(NEAR_MATCH_CANDIDATES)
        .all(),
    );
  }
  const ranges: Array<[string, string]> = [];
  const local = emailLocalPart(query);
  if (local !== null && local.length > 0) ranges.push([`${local}@`, `${local}@\u{10FFFF}`]);
  else ranges.push([`${query}@`, `${query}@\u{10FFFF}`]);
  const prefix = Array.from(query).slice(0, 3).join('');
  if (prefix.length === 3) ranges.push([prefix, `${prefix}\u{10FFFF}`]);
  for (const [from, to] of ranges) {
    add(
      db
        .select({ identifier: logins.identifier })
        .from(logins)
        .where(and(gte(logins.identifier, from), lt(logins.identifier, to)))
        .limit(NEAR_MATCH_CANDIDATES)
        .all(),
    );
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
  const hasLiveLogin = snapshots.some((s) =>
    s.logins.some((l) => l.identifier === query && l.removedAt === null),
  );
  const nearMatches =
    hasLiveLogin || tombstoneMatches.length > 0 ? [] : await findNearMatchCandidates(db, query);
  return { query: rawQuery, snapshots, tombstoneMatches, nearMatches };
}
