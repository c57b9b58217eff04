import type { EscalationOutcome, EscalationReason, EscalationStatus } from '@lifeline/domain';
import { aliasedTable, and, asc, desc, eq, inArray, ne, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { newId } from '../ids.ts';
import { firstOrNull, tables } from '../tables.ts';

export interface NewEscalation {
  accountId: string;
  loginId: string | null;
  ticketRef: string;
  reason: EscalationReason;
  note: string;
  openedBy: string;
  openedAt: number;
}

export async function insertEscalation(tx: Db, input: NewEscalation): Promise<string> {
  const { escalations } = tables(tx);
  const id = newId('esc');
  await tx.insert(escalations).values({ id, ...input, status: 'open' });
  return id;
}

/** Escalations with the names of their account and of the staff involved, to filter. */
function selectEscalations(db: Db) {
  const { escalations, staff, accounts } = tables(db);
  const opener = aliasedTable(staff, 'opener');
  const holder = aliasedTable(staff, 'holder');
  const closer = aliasedTable(staff, 'closer');
  return db
    .select({
      id: escalations.id,
      accountId: escalations.accountId,
      accountName: accounts.displayName,
      loginId: escalations.loginId,
      ticketRef: escalations.ticketRef,
      reason: escalations.reason,
      note: escalations.note,
      status: escalations.status,
      openedBy: escalations.openedBy,
      openedByName: opener.displayName,
      openedAt: escalations.openedAt,
      takenBy: escalations.takenBy,
      takenByName: holder.displayName,
      takenAt: escalations.takenAt,
      closedBy: escalations.closedBy,
      closedByName: closer.displayName,
      closedAt: escalations.closedAt,
      outcome: escalations.outcome,
      outcomeNote: escalations.outcomeNote,
    })
    .from(escalations)
    .innerJoin(accounts, eq(accounts.id, escalations.accountId))
    .leftJoin(opener, eq(opener.id, escalations.openedBy))
    .leftJoin(holder, eq(holder.id, escalations.takenBy))
    .leftJoin(closer, eq(closer.id, escalations.closedBy));
}

export async function findEscalation(db: Db, id: string) {
  const { escalations } = tables(db);
  return firstOrNull(await selectEscalations(db).where(eq(escalations.id, id)).limit(1));
}

/**
 * The leads' queue: open and taken escalations, oldest first (the longest wait at the top), or
 * the closed ones, newest first.
 */
export async function listEscalations(
  db: Db,
  filter: { status: 'active' | 'closed'; limit: number },
) {
  const { escalations } = tables(db);
  const active = filter.status === 'active';
  return await selectEscalations(db)
    .where(
      active ? inArray(escalations.status, ['open', 'taken']) : eq(escalations.status, 'closed'),
    )
    .orderBy(active ? asc(escalations.openedAt) : desc(escalations.closedAt), asc(escalations.id))
    .limit(filter.limit);
}

/** The account's escalations that a lead has not closed yet: the diagnosis says one is open. */
export async function activeEscalationsOfAccount(db: Db, accountId: string) {
  const { escalations } = tables(db);
  return await selectEscalations(db)
    .where(and(eq(escalations.accountId, accountId), ne(escalations.status, 'closed')))
    .orderBy(asc(escalations.openedAt))
    .limit(10);
}

/**
 * Moves an escalation on, only from the status it was read in: false when another lead's step
 * committed first (the caller re-reads and says who won).
 */
export async function writeEscalationStep(
  tx: Db,
  input: {
    id: string;
    expectedStatus: EscalationStatus;
    set:
      | { status: 'taken'; takenBy: string; takenAt: number }
      | {
          status: 'closed';
          takenBy: string;
          takenAt: number;
          closedBy: string;
          closedAt: number;
          outcome: EscalationOutcome;
          outcomeNote: string | null;
        };
  },
): Promise<boolean> {
  const { escalations } = tables(tx);
  const conditions: SQL[] = [
    eq(escalations.id, input.id),
    eq(escalations.status, input.expectedStatus),
  ];
  const written = await tx
    .update(escalations)
    .set(input.set)
    .where(and(...conditions))
    .returning({ id: escalations.id });
  return written.length === 1;
}
