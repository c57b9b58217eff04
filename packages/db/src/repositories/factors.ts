import type { StaffFactorKind } from '@lifeline/domain';
import { and, asc, count, eq, isNull } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { newId } from '../ids.ts';
import { firstOrNull, tables } from '../tables.ts';

/**
 * Staff second factors (SPEC §13): TOTP secrets (encrypted by the caller), passkeys, one-time
 * recovery codes (argon2id hashes), and the second-factor state of a session.
 */

/** What the console may see of a factor: no secret, no key, no credential id. */
export async function listFactorsOfStaff(db: Db, staffId: string) {
  const { staffFactors } = tables(db);
  return db
    .select({
      id: staffFactors.id,
      kind: staffFactors.kind,
      label: staffFactors.label,
      createdAt: staffFactors.createdAt,
      lastUsedAt: staffFactors.lastUsedAt,
    })
    .from(staffFactors)
    .where(eq(staffFactors.staffId, staffId))
    .orderBy(asc(staffFactors.createdAt), asc(staffFactors.id));
}

/** Everything the server needs to check a factor; for the services only. */
export async function listFactorSecretsOfStaff(db: Db, staffId: string) {
  const { staffFactors } = tables(db);
  return db
    .select({
      id: staffFactors.id,
      kind: staffFactors.kind,
      label: staffFactors.label,
      totpSecret: staffFactors.totpSecret,
      totpLastStep: staffFactors.totpLastStep,
      credentialId: staffFactors.credentialId,
      publicKey: staffFactors.publicKey,
      signCount: staffFactors.signCount,
      transports: staffFactors.transports,
    })
    .from(staffFactors)
    .where(eq(staffFactors.staffId, staffId))
    .orderBy(asc(staffFactors.createdAt), asc(staffFactors.id));
}

export async function countFactorsOfStaff(db: Db, staffId: string): Promise<number> {
  const { staffFactors } = tables(db);
  const [row] = await db
    .select({ n: count() })
    .from(staffFactors)
    .where(eq(staffFactors.staffId, staffId));
  return row?.n ?? 0;
}

export interface NewFactor {
  staffId: string;
  kind: StaffFactorKind;
  label: string;
  createdAt: number;
  totpSecret?: string;
  totpLastStep?: number;
  credentialId?: string;
  publicKey?: string;
  signCount?: number;
  transports?: string;
}

export async function insertFactor(tx: Db, input: NewFactor): Promise<string> {
  const { staffFactors } = tables(tx);
  const id = newId('fac');
  await tx.insert(staffFactors).values({ id, ...input });
  return id;
}

/** Whether a credential id is registered already (to anyone): ids are unique across staff. */
export async function credentialIdTaken(db: Db, credentialId: string): Promise<boolean> {
  const { staffFactors } = tables(db);
  const row = firstOrNull(
    await db
      .select({ id: staffFactors.id })
      .from(staffFactors)
      .where(eq(staffFactors.credentialId, credentialId))
      .limit(1),
  );
  return row !== null;
}

/**
 * Records a TOTP code's time step as used, only if it is later than the last one used: false
 * when another request got there first with this step or a later one (a replayed code).
 */
export async function claimTotpStep(
  tx: Db,
  factorId: string,
  step: number,
  now: number,
): Promise<boolean> {
  const { staffFactors } = tables(tx);
  const factor = firstOrNull(
    await tx
      .select({ last: staffFactors.totpLastStep })
      .from(staffFactors)
      .where(eq(staffFactors.id, factorId))
      .limit(1),
  );
  if (!factor || (factor.last !== null && factor.last >= step)) return false;
  await tx
    .update(staffFactors)
    .set({ totpLastStep: step, lastUsedAt: now })
    .where(eq(staffFactors.id, factorId));
  return true;
}

/** A passkey's new signature counter after an assertion, and when it was used. */
export async function recordPasskeyUse(
  tx: Db,
  factorId: string,
  signCount: number,
  now: number,
): Promise<void> {
  const { staffFactors } = tables(tx);
  await tx
    .update(staffFactors)
    .set({ signCount, lastUsedAt: now })
    .where(eq(staffFactors.id, factorId));
}

/** Deletes one factor of a staff member; false when there is none with this id for them. */
export async function deleteFactorOfStaff(
  tx: Db,
  staffId: string,
  factorId: string,
): Promise<{ kind: StaffFactorKind; label: string } | null> {
  const { staffFactors } = tables(tx);
  const [deleted] = await tx
    .delete(staffFactors)
    .where(and(eq(staffFactors.id, factorId), eq(staffFactors.staffId, staffId)))
    .returning({ kind: staffFactors.kind, label: staffFactors.label });
  return deleted ?? null;
}

/** Deletes every factor and recovery code of a staff member; returns how many factors went. */
export async function deleteAllFactorsOfStaff(tx: Db, staffId: string): Promise<number> {
  const { staffFactors, staffRecoveryCodes } = tables(tx);
  const deleted = await tx
    .delete(staffFactors)
    .where(eq(staffFactors.staffId, staffId))
    .returning({ id: staffFactors.id });
  await tx.delete(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffId, staffId));
  return deleted.length;
}

// ── Recovery codes ─────────────────────────────────────────────────────────────────────────

/** Replaces a staff member's recovery codes with these hashes (the old ones stop working). */
export async function replaceRecoveryCodes(
  tx: Db,
  staffId: string,
  codeHashes: readonly string[],
  now: number,
): Promise<void> {
  const { staffRecoveryCodes } = tables(tx);
  await tx.delete(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffId, staffId));
  if (codeHashes.length === 0) return;
  await tx
    .insert(staffRecoveryCodes)
    .values(
      codeHashes.map((codeHash) => ({ id: newId('rec'), staffId, codeHash, createdAt: now })),
    );
}

export async function deleteRecoveryCodes(tx: Db, staffId: string): Promise<void> {
  const { staffRecoveryCodes } = tables(tx);
  await tx.delete(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffId, staffId));
}

export async function listUnusedRecoveryCodes(db: Db, staffId: string) {
  const { staffRecoveryCodes } = tables(db);
  return db
    .select({ id: staffRecoveryCodes.id, codeHash: staffRecoveryCodes.codeHash })
    .from(staffRecoveryCodes)
    .where(and(eq(staffRecoveryCodes.staffId, staffId), isNull(staffRecoveryCodes.usedAt)))
    .orderBy(asc(staffRecoveryCodes.id));
}

/** Marks a code used, only if it was not: false when another request used it first. */
export async function markRecoveryCodeUsed(tx: Db, id: string, now: number): Promise<boolean> {
  const { staffRecoveryCodes } = tables(tx);
  const updated = await tx
    .update(staffRecoveryCodes)
    .set({ usedAt: now })
    .where(and(eq(staffRecoveryCodes.id, id), isNull(staffRecoveryCodes.usedAt)))
    .returning({ id: staffRecoveryCodes.id });
  return updated.length === 1;
}

// ── A session's second-factor state ───────────────────────────────────────────────────────

export async function findSessionSecondFactorState(db: Db, idHash: string) {
  const { staffSessions } = tables(db);
  return firstOrNull(
    await db
      .select({
        secondFactorPending: staffSessions.secondFactorPending,
        secondFactorAt: staffSessions.secondFactorAt,
        secondFactorMethod: staffSessions.secondFactorMethod,
        challenge: staffSessions.challenge,
        challengeExpiresAt: staffSessions.challengeExpiresAt,
        pendingTotpSecret: staffSessions.pendingTotpSecret,
        revokedAt: staffSessions.revokedAt,
      })
      .from(staffSessions)
      .where(eq(staffSessions.idHash, idHash))
      .limit(1),
  );
}

export async function updateSessionSecondFactor(
  tx: Db,
  idHash: string,
  changes: {
    secondFactorPending?: boolean;
    secondFactorAt?: number | null;
    secondFactorMethod?: string | null;
    challenge?: string | null;
    challengeExpiresAt?: number | null;
    pendingTotpSecret?: string | null;
  },
): Promise<void> {
  const { staffSessions } = tables(tx);
  await tx.update(staffSessions).set(changes).where(eq(staffSessions.idHash, idHash));
}

/** The open session waiting for a provider step-up under this challenge, if any. */
export async function findSessionByChallenge(db: Db, challenge: string) {
  const { staffSessions } = tables(db);
  return firstOrNull(
    await db
      .select({
        idHash: staffSessions.idHash,
        staffId: staffSessions.staffId,
        challengeExpiresAt: staffSessions.challengeExpiresAt,
        revokedAt: staffSessions.revokedAt,
        expiresAt: staffSessions.expiresAt,
      })
      .from(staffSessions)
      .where(eq(staffSessions.challenge, challenge))
      .limit(1),
  );
}

/** Issuer-subject pairs linked to a staff member (single sign-on identities). */
export async function listIdentitiesOfStaff(db: Db, staffId: string) {
  const { staffIdentities } = tables(db);
  return db
    .select({ issuer: staffIdentities.issuer, subject: staffIdentities.subject })
    .from(staffIdentities)
    .where(eq(staffIdentities.staffId, staffId));
}
