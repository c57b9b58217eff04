import {
  ACTION_CAPABILITY,
  type ActionKind,
  type VerificationGrant,
  type VerificationTarget,
  verificationCovers,
} from '@lifeline/domain';
import type { Capability } from '../app/session.tsx';
import type { RouterOutputs } from '../trpc.ts';

// What the lookup screen derives from a diagnosis: who is verified for what, and whether each
// fix may be offered now. The server decides again on every call; this only shapes the buttons.

export type Diagnosis = RouterOutputs['accounts']['diagnose'];
export type Finding = Diagnosis['findings'][number];
export type FindingAction = Finding['actions'][number];
export type DiagnosedLogin = Diagnosis['logins'][number];
export type AccountState = Diagnosis['accounts'][number];
export type PassedVerification = Diagnosis['verification']['accounts'][number]['passed'][number];

/** Why a fix cannot be offered right now; the card says it in words. */
export type BlockedBy =
  | 'role'
  | 'ticket'
  | 'verify_owner'
  | 'verify_login'
  | 'verify_email'
  | 'verification_locked'
  | 'lead_decides';

export interface ActionState {
  action: FindingAction;
  enabled: boolean;
  blockedBy: BlockedBy | null;
  /** The passed verification the call rests on, when it needs one. */
  verificationId: string | null;
  /** The login the caller should be verified as, to unblock a verification refusal. */
  verifyLoginId: string | null;
}

export interface ActionContext {
  diagnosis: Pick<Diagnosis, 'logins' | 'verification'>;
  ticketRef: string;
  now: number;
  can: (capability: Capability) => boolean;
}

// The API returns only the caller's own passes: one placeholder on grant and use alike says so,
// where the session's staff id would be plumbing for a check that always holds.
const THIS_STAFF_MEMBER = 'signed-in staff member';

function loginOf(ctx: ActionContext, loginId: string | undefined) {
  return ctx.diagnosis.logins.find((login) => login.loginId === loginId);
}

/** Each pass of the diagnosis as the domain's grant: who passed, as which login, for what. */
function grantsOf(ctx: ActionContext): { pass: PassedVerification; grant: VerificationGrant }[] {
  return ctx.diagnosis.verification.accounts.flatMap((account) =>
    account.passed.flatMap((pass) => {
      const login = loginOf(ctx, pass.loginId);
      // A pass on a login this diagnosis does not show proves nothing the console can offer.
      if (login === undefined) return [];
      const grant: VerificationGrant = {
        staffId: THIS_STAFF_MEMBER,
        ticketRef: pass.ticketRef,
        loginId: pass.loginId,
        accountId: account.accountId,
        identifier: login.identifier,
        role: login.role,
        expiresAt: pass.expiresAt,
      };
      return [{ pass, grant }];
    }),
  );
}

/** What the action needs a verification to prove (SPEC §5, last paragraph), or null if none. */
function targetOf(action: FindingAction, ctx: ActionContext): VerificationTarget | null {
  switch (action.kind) {
    case 'reactivate':
    case 'lift_self_block':
      return action.accountId === undefined
        ? null
        : { kind: 'owner_of_account', accountId: action.accountId };
    case 'unlock_login':
      return action.loginId === undefined
        ? null
        : { kind: 'holder_of_login', loginId: action.loginId };
    case 'detach_team_member': {
      const email = loginOf(ctx, action.loginId)?.identifier;
      return email === undefined ? null : { kind: 'holder_of_email', email };
    }
    default:
      return null;
  }
}

/** The pass that proves what this action needs, by the domain's one rule, or null. */
export function coveringVerification(
  action: FindingAction,
  ctx: ActionContext,
): PassedVerification | null {
  const target = targetOf(action, ctx);
  if (target === null) return null;
  const use = { target, staffId: THIS_STAFF_MEMBER, ticketRef: ctx.ticketRef, now: ctx.now };
  return grantsOf(ctx).find(({ grant }) => verificationCovers(grant, use).ok)?.pass ?? null;
}

/**
 * Whether the caller is verified, on this ticket and by this staff member, as the holder of a
 * login: what a script needs before it reads out something only the holder may hear (a username
 * reached through the contact email).
 */
export function callerHoldsLogin(loginId: string, ctx: ActionContext): boolean {
  const use = {
    target: { kind: 'holder_of_login', loginId } as const,
    staffId: THIS_STAFF_MEMBER,
    ticketRef: ctx.ticketRef,
    now: ctx.now,
  };
  return grantsOf(ctx).some(({ grant }) => verificationCovers(grant, use).ok);
}

function verifyBlock(kind: ActionKind): BlockedBy {
  if (kind === 'unlock_login') return 'verify_login';
  if (kind === 'detach_team_member') return 'verify_email';
  return 'verify_owner';
}

/** The login to verify to unblock an action: the target login, or the account's owner. */
function loginToVerify(action: FindingAction, ctx: ActionContext): string | null {
  if (action.kind === 'unlock_login' || action.kind === 'detach_team_member') {
    // Detach: the holder of that email may be verified through any of its logins; the owner
    // login elsewhere offers more methods than the team-member login (email code only).
    if (action.kind === 'detach_team_member') {
      const email = loginOf(ctx, action.loginId)?.identifier;
      const owner = ctx.diagnosis.logins.find(
        (login) => login.identifier === email && login.role === 'owner',
      );
      if (owner) return owner.loginId;
    }
    return action.loginId ?? null;
  }
  const owner = ctx.diagnosis.logins.find(
    (login) => login.accountId === action.accountId && login.role === 'owner',
  );
  return owner?.loginId ?? null;
}

function isLocked(action: FindingAction, ctx: ActionContext, loginId: string | null): boolean {
  const accountId = loginOf(ctx, loginId ?? undefined)?.accountId ?? action.accountId;
  const state = ctx.diagnosis.verification.accounts.find((a) => a.accountId === accountId);
  return state?.lockedUntil != null && state.lockedUntil > ctx.now;
}

/** Whether a fix can be offered now, and if not, the first thing standing in the way. */
export function actionState(action: FindingAction, ctx: ActionContext): ActionState {
  const base = { action, verificationId: null, verifyLoginId: null };
  if (action.kind === 'decide_identity_check') {
    return ctx.can('identityChecks.decide')
      ? { ...base, enabled: true, blockedBy: null }
      : { ...base, enabled: false, blockedBy: 'lead_decides' };
  }
  if (!ctx.can(ACTION_CAPABILITY[action.kind])) {
    return { ...base, enabled: false, blockedBy: 'role' };
  }
  if (ctx.ticketRef.trim() === '') return { ...base, enabled: false, blockedBy: 'ticket' };
  if (!action.needsVerification) return { ...base, enabled: true, blockedBy: null };
  const pass = coveringVerification(action, ctx);
  if (pass) {
    return { ...base, enabled: true, blockedBy: null, verificationId: pass.verificationId };
  }
  const verifyLoginId = loginToVerify(action, ctx);
  return {
    ...base,
    enabled: false,
    verifyLoginId,
    blockedBy: isLocked(action, ctx, verifyLoginId)
      ? 'verification_locked'
      : verifyBlock(action.kind),
  };
}

/** The state of every action of a finding, in the order the API gives them (the fix first). */
export function actionStates(finding: Finding, ctx: ActionContext): ActionState[] {
  return finding.actions.map((action) => actionState(action, ctx));
}

/** The identifier to diagnose for a search result: what the caller would sign in with. */
export function identifierToDiagnose(
  item: RouterOutputs['accounts']['search']['items'][number],
  typed: string,
): string | null {
  // A contact email leads to a username account: diagnose the caller's own words, so the
  // script does not read the username out before they are verified.
  if (item.matchedBy === 'contact_email') return typed.trim();
  return item.identifier;
}
