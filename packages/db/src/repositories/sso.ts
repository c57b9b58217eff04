import { and, eq, lt } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { firstOrNull, tables } from '../tables.ts';
import { staffColumnsOf } from './staff.ts';

// Data access of single sign-on (SPEC §13): the sign-ins a browser started, and the provider
// identities staff members are found by.

export interface PendingSsoSignIn {
  idHash: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  createdAt: number;
  expiresAt: number;
}

/** Records a started sign-in, and clears the ones that expired (they can never finish). */
export async function insertPendingSsoSignIn(tx: Db, row: PendingSsoSignIn): Promise<void> {
  const { ssoPendingSignIns } = tables(tx);
  await tx.delete(ssoPendingSignIns).where(lt(ssoPendingSignIns.expiresAt, row.createdAt));
  await tx.insert(ssoPendingSignIns).values(row);
}

/**
 * The started sign-in behind a browser's cookie, deleted as it is read: whatever the callback
 * decides, it can be tried once. Null when there is none (never started, or used already).
 */
export async function takePendingSsoSignIn(
  tx: Db,
  idHash: string,
): Promise<PendingSsoSignIn | null> {
  const { ssoPendingSignIns: p } = tables(tx);
  return firstOrNull(
    await tx.delete(p).where(eq(p.idHash, idHash)).returning({
      idHash: p.idHash,
      state: p.state,
      nonce: p.nonce,
      codeVerifier: p.codeVerifier,
      createdAt: p.createdAt,
      expiresAt: p.expiresAt,
    }),
  );
}

/** The staff member with this provider identity, or null. */
export async function findStaffByIdentity(db: Db, issuer: string, subject: string) {
  const schema = tables(db);
  const { staff, staffIdentities } = schema;
  return firstOrNull(
    await db
      .select(staffColumnsOf(schema))
      .from(staffIdentities)
      .innerJoin(staff, eq(staff.id, staffIdentities.staffId))
      .where(and(eq(staffIdentities.issuer, issuer), eq(staffIdentities.subject, subject)))
      .limit(1),
  );
}

export async function insertStaffIdentity(
  tx: Db,
  row: { staffId: string; issuer: string; subject: string; createdAt: number },
): Promise<void> {
  const { staffIdentities } = tables(tx);
  await tx.insert(staffIdentities).values(row);
}
