import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db, Schema } from '../client.ts';
import { firstOrNull, tables } from '../tables.ts';

/** The account's owner login, for showing who the check is about (one indexed lookup per row). */
const ownerIdentifierOf = ({ identityChecks, logins }: Schema) => sql<string | null>`(
  SELECT ${logins.identifier} FROM ${logins}
  WHERE ${logins.accountId} = ${identityChecks.accountId}
    AND ${logins.role} = 'owner' AND ${logins.removedAt} IS NULL
  ORDER BY ${logins.createdAt} LIMIT 1
)`;

const queueColumnsOf = (schema: Schema) => {
  const { blocks, identityChecks } = schema;
  return {
    checkId: identityChecks.id,
    blockId: identityChecks.blockId,
    accountId: identityChecks.accountId,
    status: identityChecks.status,
    submittedAt: identityChecks.submittedAt,
    blockPlacedAt: blocks.placedAt,
    ownerIdentifier: ownerIdentifierOf(schema),
  };
};

/**
 * The leads' queue: submitted checks oldest submission first (= earliest due), then the ones
 * still waiting for the customer. Only checks whose block is still open: a lifted block has
 * nothing left to decide.
 */
export async function listIdentityCheckQueue(db: Db, limit: number) {
  const schema = tables(db);
  const { blocks, identityChecks } = schema;
  const queueColumns = queueColumnsOf(schema);
  const submitted = await db
    .select(queueColumns)
    .from(identityChecks)
    .innerJoin(blocks, eq(blocks.id, identityChecks.blockId))
    .where(and(eq(identityChecks.status, 'submitted'), isNull(blocks.liftedAt)))
    .orderBy(asc(identityChecks.submittedAt), asc(identityChecks.id))
    .limit(limit);
  const room = limit - submitted.length;
  const notStarted =
    room <= 0
      ? []
      : await db
          .select(queueColumns)
          .from(identityChecks)
          .innerJoin(blocks, eq(blocks.id, identityChecks.blockId))
          .where(and(eq(identityChecks.status, 'not_started'), isNull(blocks.liftedAt)))
          .orderBy(asc(blocks.placedAt), asc(identityChecks.id))
          .limit(room);
  return [...submitted, ...notStarted];
}

/** One check with its block and the account's version, for deciding it. */
export async function findIdentityCheckForDecision(db: Db, checkId: string) {
  const { accounts, blocks, identityChecks } = tables(db);
  return firstOrNull(
    await db
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
      .limit(1),
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
  const { accounts, blocks, identityChecks } = tables(tx);
  await tx
    .update(identityChecks)
    .set({
      status: input.status,
      decidedAt: input.decidedAt,
      decidedBy: input.decidedBy,
      decisionNote: input.note,
    })
    .where(eq(identityChecks.id, input.checkId));
  if (input.liftBlock) {
    await tx
      .update(blocks)
      .set({ liftedAt: input.decidedAt, liftedBy: input.decidedBy })
      .where(and(eq(blocks.id, input.liftBlock.blockId), isNull(blocks.liftedAt)));
  }
  const row = firstOrNull(
    await tx
      .update(accounts)
      .set({ version: sql`${accounts.version} + 1` })
      .where(eq(accounts.id, input.accountId))
      .returning({ version: accounts.version }),
  );
  return { accountVersion: row?.version ?? null };
}
