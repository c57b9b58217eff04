import type { ActionKind, StaffRole } from './codes.ts';
import { DomainError } from './errors.ts';
import type { AccountFacts, BlockFacts, IdentityCheckFacts, LoginFacts } from './facts.ts';
import { clearLock, type LockFields, lockState } from './lockout.ts';
import { assertCan } from './permissions.ts';
import { nextSendAllowedAt } from './send-limits.ts';
import { isBlankText } from './text.ts';
import { HOUR } from './time.ts';
import type { VerificationTarget } from './verification.ts';

/** The longest ticket reference (SPEC §6); its shape is `TICKET_REF_PATTERN` (ticket-ref.ts). */
export const TICKET_REF_MAX_LENGTH = 64;
export const RESET_LINK_LIMIT = 3;
export const RESET_LINK_WINDOW = HOUR;
/** The promise to the customer: a decision within 48 hours of submission (SPEC §2). */
export const IDENTITY_CHECK_SLA = 48 * HOUR;

/**
 * Which actions need a verified caller (SPEC §5, §6). Lifting a suspicious-activity block is a
 * lead's judgement with a note; an approved identity check already proved who the caller is; a
 * reset link goes only to the address on file.
 */
export const ACTION_NEEDS_VERIFICATION: Readonly<Record<ActionKind, boolean>> = {
  reactivate: true,
  detach_team_member: true,
  unlock_login: true,
  send_password_reset: false,
  lift_self_block: true,
  lift_identity_check_block: false,
  lift_suspicious_block: false,
  decide_identity_check: false,
};

/** Two agents on one account: the second write sees a version it did not read. */
export function assertExpectedVersion(account: Pick<AccountFacts, 'version'>, expected: number) {
  if (account.version !== expected) {
    throw new DomainError(
      'VERSION_CONFLICT',
      'Someone else changed this account; review it again.',
      {
        expected,
        actual: account.version,
      },
    );
  }
}

function assertLoginPresent(login: LoginFacts): void {
  if (login.removedAt !== null) {
    throw new DomainError('NOT_FOUND', 'This login has been removed.', { loginId: login.id });
  }
}

/**
 * Only a live team-member login may be detached; an owner login is the account itself.
 * A login already removed is VERSION_CONFLICT, not NOT_FOUND: removal is final and the console
 * offers no detach on a removed login, so whoever asks to detach one read the account before
 * someone removed it — typically the second of two agents detaching at once (SPEC §6: the other
 * gets VERSION_CONFLICT and reloads the fresh state). NOT_FOUND stays for an id naming no login.
 */
export function assertTeamMember(login: LoginFacts): void {
  if (login.removedAt !== null) {
    throw new DomainError(
      'VERSION_CONFLICT',
      'This login has already been removed, perhaps by someone a moment ago: review the account again.',
      { loginId: login.id, removedAt: login.removedAt },
    );
  }
  if (login.role !== 'team_member') {
    throw new DomainError('NOT_TEAM_MEMBER', 'Only a team-member login can be detached.', {
      loginId: login.id,
    });
  }
}

export function planDetach(login: LoginFacts, now: number): { removedAt: number } {
  assertTeamMember(login);
  return { removedAt: now };
}

export interface UnlockPlan {
  changes: LockFields;
  /** Whether it was locked at all: unlocking a free login still clears its counters. */
  wasLocked: boolean;
  wasPermanent: boolean;
}

/**
 * Unlock clears the lock and its counters. With nothing to clear, another agent unlocked it a
 * moment ago (SPEC §6: the second of two agents gets VERSION_CONFLICT): going on would bump the
 * version and tell the customer of an unlock that changed nothing.
 */
export function planUnlock(login: LoginFacts, now: number): UnlockPlan {
  assertLoginPresent(login);
  if (!hasLockOrCounters(login)) {
    throw new DomainError(
      'VERSION_CONFLICT',
      'This login is not locked and has no failed attempts to clear: someone may have just unlocked it. Review it again.',
    );
  }
  const state = lockState(login, now);
  const { failedAttempts, firstFailedAt, lockedUntil, lockoutCount } = clearLock(login);
  return {
    changes: { failedAttempts, firstFailedAt, lockedUntil, lockoutCount },
    wasLocked: state.locked,
    wasPermanent: state.permanent,
  };
}

function hasLockOrCounters(login: LockFields): boolean {
  return (
    login.lockedUntil !== null ||
    login.lockoutCount > 0 ||
    login.failedAttempts > 0 ||
    login.firstFailedAt !== null
  );
}

/** When the next reset link may go out, or null if one may go now (3 per login per hour). */
export function nextResetLinkAllowedAt(
  previousSendTimes: readonly number[],
  now: number,
): number | null {
  return nextSendAllowedAt(previousSendTimes, now, {
    limit: RESET_LINK_LIMIT,
    window: RESET_LINK_WINDOW,
  });
}

export function assertResetLinkAllowed(previousSendTimes: readonly number[], now: number): void {
  const allowedAt = nextResetLinkAllowedAt(previousSendTimes, now);
  if (allowedAt !== null) {
    throw new DomainError(
      'RATE_LIMITED',
      'Three reset links were already sent for this login in the last hour.',
      { retryAt: allowedAt },
    );
  }
}

export interface BlockLiftRequirement {
  /** What the caller must have been verified as, if anything. */
  verification: VerificationTarget | null;
}

function blockNotLiftable(block: BlockFacts, message: string): DomainError {
  return new DomainError('BLOCK_NOT_LIFTABLE', message, { blockId: block.id, kind: block.kind });
}

/**
 * Who may lift which block (SPEC §6). The verification itself is checked by the caller with
 * `verificationCovers`, against the requirement returned here.
 * - self_block: agent+, verified owner of the account;
 * - suspicious_activity: lead+, a note saying why;
 * - identity_check_required: only through the check. Deciding it approves and lifts in one go;
 *   the one case lifted directly is a check already approved whose block is still open.
 */
export function assertBlockLiftable(
  block: BlockFacts,
  role: StaffRole,
  note: string | null | undefined,
): BlockLiftRequirement {
  if (block.liftedAt !== null) throw blockNotLiftable(block, 'This block was already lifted.');
  switch (block.kind) {
    case 'self_block':
      assertCan(role, 'actions.liftSelfBlock');
      return { verification: { kind: 'owner_of_account', accountId: block.accountId } };
    case 'suspicious_activity':
      assertCan(role, 'actions.liftSuspiciousBlock');
      if (isBlankText(note)) {
        throw new DomainError('INVALID_INPUT', 'Lifting a suspicious-activity block needs a note.');
      }
      return { verification: null };
    case 'identity_check_required':
      if (block.identityCheck?.status !== 'approved') {
        throw blockNotLiftable(block, 'This block is lifted by approving the identity check.');
      }
      assertCan(role, 'actions.liftIdentityCheckBlock');
      return { verification: null };
  }
}

export function planBlockLift(
  staffId: string,
  now: number,
): Pick<BlockFacts, 'liftedAt' | 'liftedBy'> {
  return { liftedAt: now, liftedBy: staffId };
}

export function identityCheckDueAt(check: Pick<IdentityCheckFacts, 'submittedAt'>): number | null {
  return check.submittedAt === null ? null : check.submittedAt + IDENTITY_CHECK_SLA;
}

/** Overdue strictly after the 48 hours; a decision at the 48th hour is on time. */
export function isIdentityCheckOverdue(
  check: Pick<IdentityCheckFacts, 'status' | 'submittedAt'>,
  now: number,
): boolean {
  const dueAt = identityCheckDueAt(check);
  return check.status === 'submitted' && dueAt !== null && now > dueAt;
}

export interface IdentityCheckDecision {
  decision: 'approved' | 'rejected';
  note: string;
  staffId: string;
  role: StaffRole;
}

export interface IdentityCheckOutcome {
  check: Pick<IdentityCheckFacts, 'status' | 'decidedAt' | 'decidedBy'>;
  /** Approval lifts the account's identity-check block in the same transaction. */
  liftBlock: boolean;
}

/** Only a submitted check can be decided: there is nothing to look at before, nothing to redo after. */
export function decideIdentityCheck(
  check: IdentityCheckFacts,
  input: IdentityCheckDecision,
  now: number,
): IdentityCheckOutcome {
  assertCan(input.role, 'identityChecks.decide');
  if (check.status !== 'submitted') {
    throw new DomainError('BLOCK_NOT_LIFTABLE', 'Only a submitted identity check can be decided.', {
      checkId: check.id,
      status: check.status,
    });
  }
  if (isBlankText(input.note)) {
    throw new DomainError('INVALID_INPUT', 'A decision on an identity check needs a note.');
  }
  return {
    check: { status: input.decision, decidedAt: now, decidedBy: input.staffId },
    liftBlock: input.decision === 'approved',
  };
}
