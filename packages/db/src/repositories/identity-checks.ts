import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { accounts, blocks, identityChecks, logins } from '../schema/index.ts';

/** The account's owner login, for showing who the check is about (one indexed lookup per row). */
const ownerIdentifier = sql<string | null>`(
  SELECT ${logins.identifier} FROM ${logins}
  WHERE ${logins.accountId} = ${identityChecks.accountId}
    AND ${logins.role} = 'owner' AND ${logins.removedAt} IS NULL
  ORDER BY ${logins.createdAt} LIMIT 1
)`;

const queueColumns = {
  checkId: identityChecks.id,
  blockId: identityChecks.blockId,
  accountId: identityChecks.accountId,
  status: identityChecks.status,
  submittedAt: identityChecks.submittedAt,
  blockPlacedAt: blocks.placedAt,
  ownerIdentifier,
};

/**
 * The leads' queue: submitted checks oldest submission first (= earliest due), then the ones
 * still waiting for the customer. Only checks whose block is still open: a lifted block has
 * nothing left to decide.
 */
export async function listIdentityCheckQueue(db: Db, limit: number) {
  const submitted = db
    .select(queueColumns)
    .from(identityChecks)
    .innerJoin(blocks, eq(blocks.id, identityChecks.blockId))
    .where(and(eq(identityChecks.status, 'submitted'), isNull(blocks.liftedAt)))
    .orderBy(asc(identityChecks.submittedAt), asc(identityChecks.id))
    .limit(limit)
    .all();
  const room = limit - submitted.length;
  const notStarted =
    room <= 0
      ? []
      : db
          .select(queueColumns)
          .from(identityChecks)
          .innerJoin(blocks, eq(blocks.id, identityChecks.blockId))
          .where(and(eq(identityChecks.status, 'not_started'), isNull(blocks.liftedAt)))
          .orderBy(asc(blocks.placedAt), asc(identityChecks.id))
          .limit(room)
          .all();
  return [...submitted, ...notStarted];
}

/** One check with its block and the account's version, for deciding it. */
export async function findIdentityCheckForDecision(db: Db, checkId: string) {
  return (
    db
      .select({
        id: identityChecks.id,
        status: identityChecks.status,
        submittedAt: identityChecks.submittedAt,
        decidedAt: identityChecks.decidedAt,
        decidedBy: identityChecks.decidedBy,
        accountId: identityChecks.accountId,
        blockId: blocks.id,
        blockLiftedAt: blocks.liftedAt,
        accountVersion: accounts.version,
      })
      .from(identityChecks)
      .innerJoin(blocks, eq(blocks.id, identityChecks.blockId))
      .innerJoin(accounts, eq(accounts.id, identityChecks.accountId))
      .where(eq(identityChecks.id, checkId))
      .get() ?? null
  );
}

export interface IdentityCheckDecisionWrite {
  checkId: string;
  status: 'approved' | 'rejected';
  decidedAt: number;
  decidedBy: string;
  note: string;
  accountId: string;
  /** Set when the approval lifts the block. */
  liftBlock: { blockId: string } | null;
}

/**
 * Writes the decision and, on approval, lifts the block. Either way the account's version is
 * bumped: an agent holding the old diagnosis should see the account changed under them.
 */
export async function writeIdentityCheckDecision(
  tx: Db,
  input: IdentityCheckDecisionWrite,
): Promise<{ accountVersion: number | null }> {
  tx.update(identityChecks)
    .set({
      status: input.status,
      decidedAt: input.decidedAt,
      decidedBy: input.decidedBy,
      decisionNote: input.note,
    })
    .where(eq(identityChecks.id, input.checkId))
    .run();
  if (input.liftBlock) {
    tx.update(blocks)
      .set({ liftedAt: input.decidedAt, liftedBy: input.decidedBy })
      .where(and(eq(blocks.id, input.liftBlock.blockId), isNull(blocks.liftedAt)))
      .run();
  }
  const row = tx
    .update(accounts)
    .set({ version: sql`${accounts.version} + 1` })
    .where(eq(accounts.id, input.accountId))
    .returning({ version: accounts.version })
    .get();
  return { accountVersion: row?.version ?? null };
}
