import { and, asc, count, eq, gt, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { preparedFor } from '../prepared.ts';
import { firstOrNull, tables } from '../tables.ts';
import { staffColumnsOf } from './staff.ts';

export async function findStaffById(db: Db, id: string) {
  const t = tables(db);
  return firstOrNull(
    await db.select(staffColumnsOf(t)).from(t.staff).where(eq(t.staff.id, id)).limit(1),
  );
}

export async function insertSession(
  tx: Db,
  row: {
    idHash: string;
    staffId: string;
    createdAt: number;
    expiresAt: number;
    userAgent: string;
    ip: string;
    /** A password sign-in still owing its second factor (SPEC §13). */
    secondFactorPending?: boolean;
    /** A sign-in that counts as a second factor (single sign-on): the step-up window starts. */
    secondFactorAt?: number;
    secondFactorMethod?: string;
  },
): Promise<void> {
  const { staffSessions } = tables(tx);
  await tx.insert(staffSessions).values({ ...row, lastSeenAt: row.createdAt, lastIp: row.ip });
}

const sessionWithStaff = (db: Db, t = tables(db), { staff, staffSessions } = t) =>
  db
    .select({
      idHash: staffSessions.idHash,
      createdAt: staffSessions.createdAt,
      lastSeenAt: staffSessions.lastSeenAt,
      expiresAt: staffSessions.expiresAt,
      revokedAt: staffSessions.revokedAt,
      lastIp: staffSessions.lastIp,
      secondFactorPending: staffSessions.secondFactorPending,
      secondFactorAt: staffSessions.secondFactorAt,
      secondFactorMethod: staffSessions.secondFactorMethod,
      staff: staffColumnsOf(t),
    })
    .from(staffSessions)
    .innerJoin(staff, eq(staff.id, staffSessions.staffId))
    .where(eq(staffSessions.idHash, sql.placeholder('idHash')));

/** The session and its staff member: one prepared, indexed lookup per request. */
export async function findSessionWithStaff(db: Db, idHash: string) {
  return (await preparedFor(db, 'auth.session', sessionWithStaff).get({ idHash })) ?? null;
}

export async function touchSession(
  tx: Db,
  idHash: string,
  now: number,
  ip?: string,
): Promise<void> {
  const { staffSessions } = tables(tx);
  await tx
    .update(staffSessions)
    .set(ip === undefined ? { lastSeenAt: now } : { lastSeenAt: now, lastIp: ip })
    .where(eq(staffSessions.idHash, idHash));
}

/**
 * A staff member's sessions not revoked and not past their absolute end, oldest first (the
 * idle limit is the service's rule). Their hashes are for the service only: it names each
 * session to the client by a keyed hash of it, never by the hash itself.
 */
export async function listOpenSessionsOfStaff(db: Db, staffId: string, now: number) {
  const { staffSessions } = tables(db);
  return db
    .select({
      idHash: staffSessions.idHash,
      createdAt: staffSessions.createdAt,
      lastSeenAt: staffSessions.lastSeenAt,
      expiresAt: staffSessions.expiresAt,
      userAgent: staffSessions.userAgent,
      ip: staffSessions.ip,
      lastIp: staffSessions.lastIp,
    })
    .from(staffSessions)
    .where(
      and(
        eq(staffSessions.staffId, staffId),
        isNull(staffSessions.revokedAt),
        gt(staffSessions.expiresAt, now),
      ),
    )
    .orderBy(asc(staffSessions.createdAt), asc(staffSessions.idHash));
}

export async function revokeSession(tx: Db, idHash: string, now: number): Promise<void> {
  const { staffSessions } = tables(tx);
  await tx.update(staffSessions).set({ revokedAt: now }).where(eq(staffSessions.idHash, idHash));
}

/** Revokes a staff member's sessions not yet revoked or expired; returns the hashes revoked. */
export async function revokeSessionsOfStaff(
  tx: Db,
  staffId: string,
  now: number,
): Promise<string[]> {
  const { staffSessions } = tables(tx);
  const revoked = await tx
    .update(staffSessions)
    .set({ revokedAt: now })
    .where(
      and(
        eq(staffSessions.staffId, staffId),
        isNull(staffSessions.revokedAt),
        gt(staffSessions.expiresAt, now),
      ),
    )
    .returning({ idHash: staffSessions.idHash });
  return revoked.map((row) => row.idHash);
}

export async function insertSignInAttempt(
  tx: Db,
  row: { emailHash: string; ip: string; at: number; succeeded: boolean },
): Promise<number> {
  const { signInAttempts } = tables(tx);
  const [inserted] = await tx
    .insert(signInAttempts)
    .values(row)
    .returning({ id: signInAttempts.id });
  if (!inserted) throw new Error('sign-in attempt not recorded');
  return inserted.id;
}

export async function markSignInSucceeded(tx: Db, id: number): Promise<void> {
  const { signInAttempts } = tables(tx);
  await tx.update(signInAttempts).set({ succeeded: true }).where(eq(signInAttempts.id, id));
}

/**
 * Failed (or still pending) sign-ins since `since`, exclusive: a failure exactly one window old
 * has left it, as in every other rolling window (verification, reset links). With `upToId`,
 * only those recorded up to that attempt: its place in the run of failures.
 */
export async function countFailedSignIns(
  db: Db,
  by: { emailHash: string; ip?: string } | { ip: string },
  since: number,
  upToId?: number,
): Promise<number> {
  const { signInAttempts } = tables(db);
  const subject = and(
    'emailHash' in by ? eq(signInAttempts.emailHash, by.emailHash) : undefined,
    by.ip === undefined ? undefined : eq(signInAttempts.ip, by.ip),
  );
  const [row] = await db
    .select({ n: count() })
    .from(signInAttempts)
    .where(
      and(
        subject,
        eq(signInAttempts.succeeded, false),
        gt(signInAttempts.at, since),
        upToId === undefined ? undefined : lte(signInAttempts.id, upToId),
      ),
    );
  return row?.n ?? 0;
}
