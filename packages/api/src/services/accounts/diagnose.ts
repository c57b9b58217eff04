import {
  type Db,
  findAccountHeader,
  findTombstoneById,
  loadDiagnosisInput,
  recentSupportActions,
  wasReactivatedAt,
} from '@lifeline/db';
import {
  type AccountSnapshot,
  type AuditAction,
  BLOCK_KINDS,
  type BlockKind,
  diagnose,
  isRecent,
  maskEmail,
  normaliseIdentifier,
  RECENT_SUPPORT_ACTION_WINDOW,
  type RecentActionKind,
  type RecentSupportAction,
} from '@lifeline/domain';
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
  const recentActions = await recentActionsOn(db, staff.id, loaded.snapshots, now);
  const diagnosisInput = {
    ...loaded,
    unknownAccountId: await isUnknownAccountId(db, input.identifier),
    dunningRestartedByReactivation: await restartedByReactivation(db, loaded.snapshots),
    recentActions,
  };
  const diagnosis = diagnose(diagnosisInput, now);
  const snapshots = new Map(diagnosisInput.snapshots.map((s) => [s.account.id, s]));
  const logins = diagnosis.logins.map((diagnosed) => {
    const snapshot = snapshots.get(diagnosed.accountId);
    const login = snapshot?.logins.find((l) => l.id === diagnosed.loginId);
    return {
      ...diagnosed,
      // "Already sent at HH:MM" beside every reset-link button of this login.
      resetLinkSentAt: lastResetLinkAt(recentActions, diagnosed.loginId, now),
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

const RECENT_KIND_OF: Partial<Record<AuditAction, RecentActionKind>> = {
  'account.reactivate': 'reactivate',
  'login.detach_team_member': 'detach_team_member',
  'login.unlock': 'unlock_login',
  'login.send_password_reset': 'send_password_reset',
  'block.lift': 'lift_block',
};

/**
 * The fixes that succeeded on these accounts within the window, from the audit log: who did it is
 * only "you" or not (agents do not see which colleague acted), the ticket as recorded.
 */
async function recentActionsOn(
  db: Db,
  staffId: string,
  snapshots: readonly AccountSnapshot[],
  now: number,
): Promise<RecentSupportAction[]> {
  const rows = await recentSupportActions(
    db,
    snapshots.map((s) => s.account.id),
    now - RECENT_SUPPORT_ACTION_WINDOW,
  );
  return rows.flatMap((row) => {
    const kind =
      row.action === 'identity_check.decide'
        ? liftedByDecision(row.details)
        : RECENT_KIND_OF[row.action];
    if (kind === undefined || row.accountId === null) return [];
    return [
      {
        kind,
        at: row.at,
        accountId: row.accountId,
        loginId: row.loginId,
        byYou: row.staffId === staffId,
        ticketRef: row.ticketRef,
        blockKind: kind === 'lift_block' ? blockKindOf(row.details) : null,
      },
    ];
  });
}

function parsedDetails(details: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(details);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** A lift's block kind; an approved identity check's lift is of its identity-check block. */
function blockKindOf(details: string): BlockKind | null {
  const parsed = parsedDetails(details);
  if (parsed.decision === 'approve') return 'identity_check_required';
  return BLOCK_KINDS.find((k) => k === parsed.kind) ?? null;
}

/** A decision is a fix only when it approved the check and so lifted the block. */
function liftedByDecision(details: string): RecentActionKind | undefined {
  return parsedDetails(details).blockLifted === true ? 'lift_block' : undefined;
}

function lastResetLinkAt(
  actions: readonly RecentSupportAction[],
  loginId: string,
  now: number,
): number | null {
  const times = actions
    .filter((a) => a.kind === 'send_password_reset' && a.loginId === loginId && isRecent(a.at, now))
    .map((a) => a.at);
  return times.length === 0 ? null : Math.max(...times);
}
