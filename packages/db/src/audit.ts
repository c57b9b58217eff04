import { createHash } from 'node:crypto';
import type { AuditAction, AuditOutcome } from '@lifeline/domain';
import canonicalize from 'canonicalize';
import { asc, desc, gt } from 'drizzle-orm';
import type { Db } from './client.ts';
import { auditEvents } from './schema/index.ts';

/** The hash of the (empty) event before the first one. */
export const GENESIS_HASH = '0'.repeat(64);

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

interface HashedFields {
  id: number;
  at: number;
  staffId: string;
  action: string;
  outcome: string;
  accountId: string | null;
  loginId: string | null;
  ticketRef: string | null;
  verificationId: string | null;
  reason: string | null;
  details: string;
}

/** SHA-256(prevHash + canonical JSON of the event), the id included so reordering shows. */
export function auditHash(prevHash: string, event: HashedFields): string {
  const canonical = canonicalize({ ...event, details: JSON.parse(event.details) as unknown });
  return createHash('sha256')
    .update(prevHash + (canonical ?? ''))
    .digest('hex');
}

/**
 * The newest event's id and hash, or null for an empty log. Kept outside the database (logs,
 * metrics), it anchors the chain: removing events from the end leaves a chain that still
 * verifies, but no longer reaches a head recorded earlier.
 */
export async function findAuditHead(db: Db): Promise<{ id: number; hash: string } | null> {
  return (
    db
      .select({ id: auditEvents.id, hash: auditEvents.hash })
      .from(auditEvents)
      .orderBy(desc(auditEvents.id))
      .limit(1)
      .get() ?? null
  );
}

/**
 * Appends one event to the chain. Call it inside `transaction()`: the IMMEDIATE write lock
 * makes "read the last hash, insert the next" atomic across processes.
 */
export async function appendAuditEvent(
  tx: Db,
  input: AuditEventInput,
): Promise<{ id: number; hash: string }> {
  const last = await findAuditHead(tx);
  const prevHash = last?.hash ?? GENESIS_HASH;
  const fields: HashedFields = {
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
  tx.insert(auditEvents)
    .values({ ...fields, action: input.action, outcome: input.outcome, prevHash, hash })
    .run();
  return { id: fields.id, hash };
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  firstBrokenId?: number;
}

/** Walks the whole chain in id order, a page at a time, and names the first broken link. */
export async function verifyAuditChain(db: Db, pageSize = 5000): Promise<ChainVerification> {
  let prevHash = GENESIS_HASH;
  let previousId = 0;
  let checked = 0;
  for (;;) {
    const page = db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.id, previousId))
      .orderBy(asc(auditEvents.id))
      .limit(pageSize)
      .all();
    for (const row of page) {
      const { prevHash: storedPrev, hash, ...fields } = row;
      // A gap in ids means a row was removed (bypassing the triggers), so the link is broken.
      if (
        row.id !== previousId + 1 ||
        storedPrev !== prevHash ||
        auditHash(prevHash, fields) !== hash
      ) {
        return { ok: false, checked, firstBrokenId: row.id };
      }
      prevHash = hash;
      previousId = row.id;
      checked += 1;
    }
    if (page.length < pageSize) return { ok: true, checked };
  }
}
