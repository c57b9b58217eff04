import {
  type Db,
  findAccountHeader,
  findTombstoneById,
  loadDiagnosisInput,
  wasReactivatedAt,
} from '@lifeline/db';
import { type AccountSnapshot, diagnose, maskEmail, normaliseIdentifier } from '@lifeline/domain';
import type { z } from 'zod';
import type { StaffPrincipal } from '../../context.ts';
import type { ApiDeps } from '../../deps.ts';
import { accountIdInput, type diagnoseInput } from '../../schemas.ts';
import { ownerEmailOf } from '../emails.ts';
import { verificationMethodsOf, verificationStateFor } from '../verification/state.ts';

/**
 * The diagnosis of SPEC §4 as the domain gives it (its facts hold no secrets: a suspicious-
 * activity finding carries no note), plus what the verification panel needs per login and the
 * lock and pass state of this staff member on the matched accounts.
 */
export async function diagnoseIdentifier(
  deps: ApiDeps,
  staff: Pick<StaffPrincipal, 'id'>,
  input: z.infer<typeof diagnoseInput>,
) {
  const now = deps.clock();
  const db = deps.db.read;
  const loaded = await loadDiagnosisInput(db, input.identifier, deps.identifierHashKey);
  const diagnosisInput = {
    ...loaded,
    unknownAccountId: await isUnknownAccountId(db, input.identifier),
    dunningRestartedByReactivation: await restartedByReactivation(db, loaded.snapshots),
  };
  const diagnosis = diagnose(diagnosisInput, now);
  const snapshots = new Map(diagnosisInput.snapshots.map((s) => [s.account.id, s]));
  const logins = diagnosis.logins.map((diagnosed) => {
    const snapshot = snapshots.get(diagnosed.accountId);
    const login = snapshot?.logins.find((l) => l.id === diagnosed.loginId);
    return {
      ...diagnosed,
      verificationMethods:
        snapshot && login
          ? verificationMethodsOf(snapshot, login)
          : { cardLast4: false, billingAddress: false, emailCode: false, emailCodeSentTo: null },
    };
  });
  const accountIds = [...new Set(diagnosis.logins.map((l) => l.accountId))];
  // What the console's cards and confirmations state: the version the agent decided on (sent
  // back as reactivate's expectedVersion) and where the owner's email goes, masked.
  const accounts = accountIds.flatMap((accountId) => {
    const snapshot = snapshots.get(accountId);
    if (!snapshot) return [];
    const { status, plan, version } = snapshot.account;
    return [{ accountId, status, plan, version, ownerEmail: maskEmail(ownerEmailOf(snapshot)) }];
  });
  return {
    query: diagnosis.query,
    logins,
    accounts,
    findings: diagnosis.findings,
    verification: await verificationStateFor(db, staff.id, accountIds, now),
  };
}

/** An account id (by its shape) that no account, live or purged, has. */
async function isUnknownAccountId(db: Db, identifier: string): Promise<boolean> {
  const id = normaliseIdentifier(identifier);
  if (!accountIdInput.safeParse(id).success) return false;
  return (await findAccountHeader(db, id)) === null && (await findTombstoneById(db, id)) === null;
}

/** Limited accounts whose unpaid run began with a reactivation, not with a failed charge. */
async function restartedByReactivation(
  db: Db,
  snapshots: readonly AccountSnapshot[],
): Promise<string[]> {
  const restarted: string[] = [];
  for (const { account } of snapshots) {
    if (account.status !== 'limited' || account.paymentFailedAt === null) continue;
    if (await wasReactivatedAt(db, account.id, account.paymentFailedAt)) restarted.push(account.id);
  }
  return restarted;
}
