import {
  appendAuditEvent,
  type Db,
  findAccountIdOfLogin,
  findVerificationGrant,
  loadAccountSnapshots,
  updateAccountAtVersion,
} from '@lifeline/db';
import {
  type AccountChanges,
  type AccountSnapshot,
  type AccountStatus,
  type AuditAction,
  assertVerificationCovers,
  type BlockFacts,
  DomainError,
  type LoginFacts,
  lockState,
  type OutboxTemplate,
  type VerificationTarget,
} from '@lifeline/domain';
import type { StaffPrincipal } from '../../context.ts';
import type { ApiDeps } from '../../deps.ts';
import { type ChangeSpec, runChange } from '../audited-change.ts';
import { sendRecoveryEmails } from '../emails.ts';

/**
 * What the support actions of SPEC §6 share. Each runs through `runChange` with its
 * idempotency key, and inside it: load the snapshot in the transaction → check the caller
 * verification → domain decision → its own conditional write → `commitRecovery` (the account's
 * versioned update, the audit event, the emails). A write that matches no row means someone
 * else got there first: VERSION_CONFLICT.
 */

export type Staff = Pick<StaffPrincipal, 'id' | 'role'>;

/** The input every support action carries (SPEC §11). */
interface ActionInput {
  ticketRef: string;
  idempotencyKey: string;
  verificationId?: string | undefined;
  accountId?: string | undefined;
  loginId?: string | undefined;
}

/** What a support action's work gets: its transaction, its instant, its verification check. */
export interface ActionStep {
  tx: Db;
  now: number;
  /** The caller verification this action rests on, proving `target`, or the domain's refusal. */
  verify(target: VerificationTarget): Promise<VerificationGrantRow>;
}

/** Runs a support action: its procedure scopes the key; its refusals are audited as `audit`. */
export function runSupportAction<T>(
  deps: ApiDeps,
  staff: Staff,
  action: { procedure: string; audit: AuditAction; metric: string },
  input: ActionInput,
  work: (step: ActionStep) => Promise<T>,
  identify?: ChangeSpec['identify'],
): Promise<T> {
  const spec: ChangeSpec = {
    ...(identify ? { identify } : {}),
    audit: action.audit,
    idempotency: { procedure: action.procedure, key: input.idempotencyKey, input },
    // What the input names; `identify` adds the account of a login or a block.
    subject: {
      accountId: input.accountId ?? null,
      loginId: input.loginId ?? null,
      ticketRef: input.ticketRef,
      verificationId: input.verificationId ?? null,
    },
    metric: action.metric,
  };
  return runChange(deps, staff, spec, (tx, now) =>
    work({
      tx,
      now,
      verify: (target) =>
        requireVerification(tx, input.verificationId, {
          target,
          staffId: staff.id,
          ticketRef: input.ticketRef,
          now,
        }),
    }),
  );
}

/**
 * A support action on one login (detach, unlock, reset link): `work` gets the login and its
 * account, loaded in the transaction; a refusal names the account even before they load.
 */
export function runLoginAction<T>(
  deps: ApiDeps,
  staff: Staff,
  action: { procedure: string; audit: AuditAction; metric: string },
  input: ActionInput & { loginId: string },
  work: (step: ActionStep & { snapshot: AccountSnapshot; login: LoginFacts }) => Promise<T>,
): Promise<T> {
  return runSupportAction(
    deps,
    staff,
    action,
    input,
    async (step) => work({ ...step, ...(await loadLogin(step.tx, input.loginId)) }),
    async (tx) => ({ accountId: await findAccountIdOfLogin(tx, input.loginId) }),
  );
}

export interface RecoveryCommit {
  now: number;
  staffId: string;
  snapshot: AccountSnapshot;
  /** What the action changes on the account itself, if anything: the version moves either way. */
  accountChanges?: AccountChanges;
  /** Write only while the account is still in this status. */
  whenStatus?: AccountStatus;
  audit: {
    action: AuditAction;
    loginId: string | null;
    ticketRef: string;
    verificationId: string | null;
    /** The event's details, given the account's new version. */
    details: (version: number) => Record<string, unknown>;
  };
  /** SPEC §6: every recovery action tells the owner and, where different, the login's address. */
  emails: {
    template: OutboxTemplate;
    recipients: string[];
    facts: Record<string, string | number | null | undefined>;
  };
}

/**
 * The tail every recovery action shares: the account's versioned update (so two agents on one
 * account cannot both act), the audit event, the customer emails. All in the caller's
 * transaction.
 */
export async function commitRecovery(tx: Db, commit: RecoveryCommit) {
  const { snapshot, audit, now } = commit;
  const accountId = snapshot.account.id;
  const version = await updateAccountAtVersion(tx, {
    accountId,
    expectedVersion: snapshot.account.version,
    ...(commit.accountChanges ? { changes: commit.accountChanges } : {}),
    ...(commit.whenStatus ? { whenStatus: commit.whenStatus } : {}),
  });
  if (version === null) throw versionConflict();
  const event = await appendAuditEvent(tx, {
    at: now,
    staffId: commit.staffId,
    action: audit.action,
    outcome: 'succeeded',
    accountId,
    loginId: audit.loginId,
    ticketRef: audit.ticketRef,
    verificationId: audit.verificationId,
    details: audit.details(version),
  });
  const emailIds = await sendRecoveryEmails(tx, {
    ...commit.emails,
    accountId,
    loginId: audit.loginId,
    auditEventId: event.id,
    now,
    language: snapshot.account.language,
  });
  return { version, event, emailIds };
}

export async function loadSnapshot(tx: Db, accountId: string): Promise<AccountSnapshot> {
  const [snapshot] = await loadAccountSnapshots(tx, [accountId]);
  if (!snapshot) throw notFound('account');
  return snapshot;
}

async function loadLogin(
  tx: Db,
  loginId: string,
): Promise<{ snapshot: AccountSnapshot; login: LoginFacts }> {
  const accountId = await findAccountIdOfLogin(tx, loginId);
  const snapshot = accountId === null ? null : await loadSnapshot(tx, accountId);
  const login = snapshot?.logins.find((l) => l.id === loginId);
  if (!snapshot || !login) throw notFound('login');
  return { snapshot, login };
}

type VerificationGrantRow = NonNullable<Awaited<ReturnType<typeof findVerificationGrant>>>;

async function requireVerification(
  tx: Db,
  verificationId: string | undefined,
  use: { target: VerificationTarget; staffId: string; ticketRef: string; now: number },
) {
  const grant =
    verificationId === undefined ? null : await findVerificationGrant(tx, verificationId);
  assertVerificationCovers(grant, use);
  if (grant === null) throw new Error('unreachable: a covering verification exists');
  return grant;
}

export function notFound(what: 'account' | 'login' | 'block'): DomainError {
  return new DomainError('NOT_FOUND', `No such ${what}.`);
}

export function versionConflict(): DomainError {
  return new DomainError(
    'VERSION_CONFLICT',
    'Someone else changed this account a moment ago; review it again.',
  );
}

export function loginOutput(login: LoginFacts, now: number) {
  const state = lockState(login, now);
  return {
    id: login.id,
    accountId: login.accountId,
    identifier: login.identifier,
    identifierKind: login.identifierKind,
    role: login.role,
    removedAt: login.removedAt,
    failedAttempts: login.failedAttempts,
    lockedUntil: login.lockedUntil,
    lockoutCount: login.lockoutCount,
    locked: state.locked,
    permanentlyLocked: state.permanent,
  };
}

/** The placement note is left out: for a suspicious-activity block it holds the signals. */
export function blockOutput(block: BlockFacts) {
  return {
    id: block.id,
    accountId: block.accountId,
    kind: block.kind,
    placedAt: block.placedAt,
    placedBy: block.placedBy,
    liftedAt: block.liftedAt,
    liftedBy: block.liftedBy,
  };
}
