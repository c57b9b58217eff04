import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** The hash of the (empty) event before the first one. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an event that its hash covers, as stored (details as JSON text). */
export interface HashedAuditFields {
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
export function auditHash(prevHash: string, event: HashedAuditFields): string {
  const canonical = canonicalize({ ...event, details: JSON.parse(event.details) as unknown });
  return createHash('sha256')
    .update(prevHash + (canonical ?? ''))
    .digest('hex');
}
