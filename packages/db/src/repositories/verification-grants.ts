import type { VerificationGrant } from '@lifeline/domain';
import { eq } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { firstOrNull, tables } from '../tables.ts';

/** A passed verification as the domain's grant, or null when missing or not passed. */
export async function findVerificationGrant(
  db: Db,
  verificationId: string,
): Promise<(VerificationGrant & { id: string; method: string; createdAt: number }) | null> {
  const { logins, verifications } = tables(db);
  const row = firstOrNull(
    await db
      .select({
        id: verifications.id,
        staffId: verifications.staffId,
        ticketRef: verifications.ticketRef,
        loginId: verifications.loginId,
        accountId: verifications.accountId,
        outcome: verifications.outcome,
        method: verifications.method,
        createdAt: verifications.createdAt,
        expiresAt: verifications.expiresAt,
        identifier: logins.identifier,
        role: logins.role,
      })
      .from(verifications)
      .innerJoin(logins, eq(logins.id, verifications.loginId))
      .where(eq(verifications.id, verificationId))
      .limit(1),
  );
  if (row?.outcome !== 'passed' || row.expiresAt === null) return null;
  return {
    id: row.id,
    staffId: row.staffId,
    ticketRef: row.ticketRef,
    loginId: row.loginId,
    accountId: row.accountId,
    identifier: row.identifier,
    role: row.role,
    expiresAt: row.expiresAt,
    method: row.method,
    createdAt: row.createdAt,
  };
}
