export { auditHash, GENESIS_HASH, type HashedAuditFields } from './audit-hash.ts';

import type { AuditAction, AuditOutcome } from '@lifeline/domain';
import { and, asc, desc, eq, gt, gte, lte, sql } from 'drizzle-orm';
import {
  CHECKPOINT_VERSION,
  type ChainEvent,
  type SignedCheckpoint,
  walkChain,
} from './audit-checkpoints.ts';
import { auditHash, GENESIS_HASH, type HashedAuditFields } from './audit-hash.ts';
import type { Db, Schema } from './client.ts';
import { preparedFor } from './prepared.ts';
import { tables } from './tables.ts';
import { enqueueWebhookEventsFor } from './webhook-outbox.ts';

export interface AuditEventInput {
  at: number;
  staffId: string;
  action: AuditAction;
  outcome: AuditOutcome;
  accountId?: string | null;
  loginId?: string | null;
  ticketRef?: string | null;
  verificationId?: string | null;
  reason?: string | null;
  details?: Record<string, unknown>;
}

/**
 * The newest event's id and hash, or null for an empty log. Kept outside the database (logs,
 * metrics), it anchors the chain: removing events from the end leaves a chain that still
 * verifies, but no longer reaches a head recorded earlier.
 */
export async function findAuditHead(db: Db): Promise<{ id: number; hash: string } | null> {
  return (await preparedFor(db, 'audit.head', headStatement).get()) ?? null;
}

// Prepared once per connection: every change appends an event, and a statement prepared per
// call holds native memory the garbage collector does not see until much later (measured: a
// loop of appends grew by ~19 KB per event without this).
const headStatement = (db: Db, { auditEvents } = tables(db)) =>
  db
    .select({ id: auditEvents.id, hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.id))
    .limit(1);
const insertStatement = (db: Db, { auditEvents } = tables(db)) =>
  db.insert(auditEvents).values({
    id: sql.placeholder('id'),
    at: sql.placeholder('at'),
    staffId: sql.placeholder('staffId'),
    action: sql.placeholder('action'),
    outcome: sql.placeholder('outcome'),
    accountId: sql.placeholder('accountId'),
    loginId: sql.placeholder('loginId'),
    ticketRef: sql.placeholder('ticketRef'),
    verificationId: sql.placeholder('verificationId'),
    reason: sql.placeholder('reason'),
    details: sql.placeholder('details'),
    prevHash: sql.placeholder('prevHash'),
    hash: sql.placeholder('hash'),
  });

/**
 * Appends one event to the chain. Call it inside `transaction()`: the IMMEDIATE write lock
 * makes "read the last hash, insert the next" atomic across processes. The webhook event it
 * emits, if any, is written with it (webhook-outbox.ts): the seam every change passes through.
 */
export async function appendAuditEvent(
  tx: Db,
  input: AuditEventInput,
): Promise<{ id: number; hash: string }> {
  const last = await findAuditHead(tx);
  const prevHash = last?.hash ?? GENESIS_HASH;
  const fields: HashedAuditFields = {
    id: (last?.id ?? 0) + 1,
    at: input.at,
    staffId: input.staffId,
    action: input.action,
    outcome: input.outcome,
    accountId: input.accountId ?? null,
    loginId: input.loginId ?? null,
    ticketRef: input.ticketRef ?? null,
    verificationId: input.verificationId ?? null,
    reason: input.reason ?? null,
    details: JSON.stringify(input.details ?? {}),
  };
  const hash = auditHash(prevHash, fields);
  await preparedFor(tx, 'audit.insert', insertStatement).run({ ...fields, prevHash, hash });
  await enqueueWebhookEventsFor(tx, {
    ...fields,
    action: input.action,
    outcome: input.outcome,
    details: input.details,
  });
  return { id: fields.id, hash };
}

export interface ChainVerification {
  ok: boolean;
  /** Events found intact before the first broken link (all of them when intact). */
  checked: number;
  firstBrokenId?: number;
}

/**
 * Walks the whole chain in id order, a page at a time, and names the first broken link (an
 * edited, moved or replaced event, or the event after a gap). Signed checkpoints, when given
 * (see audit-checkpoints.ts), are held to it too.
 */
export async function verifyAuditChain(
  db: Db,
  pageSize = 5000,
  checkpoints: readonly SignedCheckpoint[] = [],
): Promise<ChainVerification> {
  const report = await walkChain(auditEventsAfter(db, 0, pageSize), checkpoints);
  return {
    ok: report.ok,
    checked: report.intactEvents,
    ...(report.firstBrokenId !== undefined ? { firstBrokenId: report.firstBrokenId } : {}),
  };
}

/**
 * The events after `afterId` in id order, read a page at a time and handing the event loop
 * back between pages: a walk over a million events never holds a request up for long.
 */
export async function* auditEventsAfter(
  db: Db,
  afterId: number,
  pageSize = 1000,
  upToId: number = Number.MAX_SAFE_INTEGER,
): AsyncGenerator<ChainEvent> {
  const { auditEvents } = tables(db);
  let previousId = afterId;
  for (;;) {
    const page = await db
      .select()
      .from(auditEvents)
      .where(and(gt(auditEvents.id, previousId), lte(auditEvents.id, upToId)))
      .orderBy(asc(auditEvents.id))
      .limit(pageSize);
    yield* page;
    const last = page.at(-1);
    if (!last || page.length < pageSize) return;
    previousId = last.id;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The first event at or after an instant (an export's start), or null. */
export async function findFirstAuditEventIdAtOrAfter(db: Db, at: number): Promise<number | null> {
  const { auditEvents } = tables(db);
  const [row] = await db
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(gte(auditEvents.at, at))
    .orderBy(asc(auditEvents.id))
    .limit(1);
  return row?.id ?? null;
}

/** The hash of one event, or null when there is no such event. */
export async function findAuditEventHash(db: Db, id: number): Promise<string | null> {
  const { auditEvents } = tables(db);
  const [row] = await db
    .select({ hash: auditEvents.hash })
    .from(auditEvents)
    .where(eq(auditEvents.id, id))
    .limit(1);
  return row?.hash ?? null;
}

/** Every stored checkpoint, oldest first. */
export async function listAuditCheckpoints(db: Db): Promise<SignedCheckpoint[]> {
  const { auditCheckpoints } = tables(db);
  const rows = await db.select().from(auditCheckpoints).orderBy(asc(auditCheckpoints.lastEventId));
  return rows.map(checkpointOf);
}

export async function findLatestAuditCheckpoint(db: Db): Promise<SignedCheckpoint | null> {
  const { auditCheckpoints } = tables(db);
  const [row] = await db
    .select()
    .from(auditCheckpoints)
    .orderBy(desc(auditCheckpoints.lastEventId))
    .limit(1);
  return row ? checkpointOf(row) : null;
}

/** Stores a checkpoint; false when one for that event exists already (another server's). */
export async function insertAuditCheckpoint(
  tx: Db,
  checkpoint: SignedCheckpoint,
): Promise<boolean> {
  const { auditCheckpoints } = tables(tx);
  const inserted = await tx
    .insert(auditCheckpoints)
    .values({
      lastEventId: checkpoint.lastEventId,
      chainHash: checkpoint.chainHash,
      eventCount: checkpoint.count,
      signedAt: checkpoint.at,
      prev: checkpoint.prev,
      keyId: checkpoint.keyId,
      signature: checkpoint.signature,
    })
    .onConflictDoNothing({ target: auditCheckpoints.lastEventId })
    .returning({ id: auditCheckpoints.id });
  return inserted.length === 1;
}

function checkpointOf(row: Schema['auditCheckpoints']['$inferSelect']): SignedCheckpoint {
  return {
    v: CHECKPOINT_VERSION,
    lastEventId: row.lastEventId,
    chainHash: row.chainHash,
    count: row.eventCount,
    at: row.signedAt,
    prev: row.prev,
    keyId: row.keyId,
    signature: row.signature,
  };
}
