import { createHash, randomBytes } from 'node:crypto';
import {
  appendAuditEvent,
  bumpAccountVersion,
  type Db,
  enqueueEmail,
  findAccountForOutput,
  findAccountIdOfBlock,
  findAccountIdOfLogin,
  findVerificationGrant,
  insertReactivationReview,
  insertResetToken,
  liveLoginRolesElsewhere,
  loadAccountSnapshots,
  resetLinkTimesSince,
  writeBlockLifted,
  writeLoginLock,
  writeLoginRemoved,
  writeReactivation,
} from '@lifeline/db';
import {
  type AccountFacts,
  type AccountSnapshot,
  assertBlockLiftable,
  assertExpectedVersion,
  assertResetLinkAllowed,
  assertVerificationCovers,
  type BlockFacts,
  DomainError,
  emailCodeAddress,
  HOUR,
  type LoginFacts,
  type LoginRole,
  lockState,
  planBlockLift,
  planDetach,
  planReactivation,
  planUnlock,
  RESET_LINK_WINDOW,
  VERIFICATION_METHODS,
  type VerificationMethod,
  type VerificationTarget,
} from '@lifeline/domain';
import type { z } from 'zod';
import type {
  detachTeamMemberInput,
  liftBlockInput,
  reactivateInput,
  sendPasswordResetInput,
  unlockLoginInput,
} from '../schemas.ts';
import type { StaffContext } from '../trpc.ts';
import { runAction } from './action-runner.ts';
import { recoveryRecipients, renderEmail, sendRecoveryEmails } from './emails.ts';

/**
 * The support actions of SPEC §6. Each runs through `runAction` (idempotency key, one
 * transaction, refusals audited) and inside it: load the snapshot in the transaction →
 * check the caller verification → domain decision → conditional write (0 rows means someone
 * else got there first: VERSION_CONFLICT) → audit event → outbox emails.
 */

/** A reset link works once, within an hour (the email says so). */
export const RESET_LINK_VALIDITY = HOUR;

export type ReactivateInput = z.output<typeof reactivateInput>;
export type DetachTeamMemberInput = z.output<typeof detachTeamMemberInput>;
export type UnlockLoginInput = z.output<typeof unlockLoginInput>;
export type SendPasswordResetInput = z.output<typeof sendPasswordResetInput>;
export type LiftBlockInput = z.output<typeof liftBlockInput>;

export async function reactivateAccount(ctx: StaffContext, input: ReactivateInput) {
  const staffId = ctx.staff.id;
  return runAction(
    ctx,
    {
      procedure: 'actions.reactivate',
      auditAction: 'account.reactivate',
      idempotencyKey: input.idempotencyKey,
      input,
      ticketRef: input.ticketRef,
      accountId: input.accountId,
      verificationId: input.verificationId,
      metricKind: 'reactivate',
    },
    async (tx, now) => {
      const snapshot = await loadSnapshot(tx, input.accountId);
      const grant = await requireVerification(tx, input.verificationId, {
        target: { kind: 'owner_of_account', accountId: input.accountId },
        staffId,
        ticketRef: input.ticketRef,
        now,
      });
      // Before the rules: the agent decided on what they saw, so a changed account is a conflict
      // to review even if it would still be reactivatable.
      assertExpectedVersion(snapshot.account, input.expectedVersion);
      const plan = planReactivation(snapshot.account, now);
      // Logins are not touched: sign-in follows the account's status, so they work again as
      // soon as it is active or limited. A removed team member stays removed (that was deliberate).
      const version = await writeReactivation(tx, {
        accountId: input.accountId,
        expectedVersion: input.expectedVersion,
        changes: plan.changes,
      });
      if (version === null) throw versionConflict();

      const changedKeys = Object.keys(plan.changes) as (keyof typeof plan.changes)[];
      const before = pickAccountFields(snapshot.account, changedKeys);
      const event = await appendAuditEvent(tx, {
        at: now,
        staffId,
        action: 'account.reactivate',
        outcome: 'succeeded',
        accountId: input.accountId,
        loginId: grant.loginId,
        ticketRef: input.ticketRef,
        verificationId: grant.id,
        details: {
          before: { ...before, version: snapshot.account.version },
          after: { ...plan.changes, version },
          daysLeft: plan.daysLeft,
          purgeAfter: plan.purgeAfter,
          restored: plan.restored,
          note: input.note ?? null,
        },
      });
      const reviewId = await insertReactivationReview(tx, {
        auditEventId: event.id,
        accountId: input.accountId,
        agentId: staffId,
        ticketRef: input.ticketRef,
        verificationId: grant.id,
        verificationMethod: asVerificationMethod(grant.method),
        verifiedAt: grant.createdAt,
        deactivationReason: plan.reason,
        daysLeft: plan.daysLeft,
        reactivatedAt: now,
      });
      const verifiedLogin = snapshot.logins.find((l) => l.id === grant.loginId);
      const emailIds = await sendRecoveryEmails(tx, {
        template: 'account_reactivated',
        recipients: recoveryRecipients(snapshot, verifiedLogin),
        facts: {
          accountId: input.accountId,
          ticketRef: input.ticketRef,
          status: plan.changes.status,
        },
        accountId: input.accountId,
        loginId: grant.loginId,
        auditEventId: event.id,
        now,
      });
      const account = await findAccountForOutput(tx, input.accountId);
      if (!account) throw new Error('reactivated account vanished inside its transaction');
      return {
        account: { ...account, data: plan.restored },
        previousReason: plan.reason,
        daysLeft: plan.daysLeft,
        review: { id: reviewId, status: 'open' as const },
        emailsQueued: emailIds.length,
      };
    },
  );
}

export async function detachTeamMember(ctx: StaffContext, input: DetachTeamMemberInput) {
  const staffId = ctx.staff.id;
  return runAction(
    ctx,
    {
      procedure: 'actions.detachTeamMember',
      auditAction: 'login.detach_team_member',
      idempotencyKey: input.idempotencyKey,
      input,
      ticketRef: input.ticketRef,
      // Read outside the transaction only to name the account on a refusal's audit event.
      accountId: await findAccountIdOfLogin(ctx.deps.db.read, input.loginId),
      loginId: input.loginId,
      verificationId: input.verificationId,
      metricKind: 'detach_team_member',
    },
    async (tx, now) => {
      const { snapshot, login } = await loadLogin(tx, input.loginId);
      // Whoever holds that email may ask: through their owner login elsewhere or an email code.
      const grant = await requireVerification(tx, input.verificationId, {
        target: { kind: 'holder_of_email', email: login.identifier },
        staffId,
        ticketRef: input.ticketRef,
        now,
      });
      const { removedAt } = planDetach(login, now);
      if (!(await writeLoginRemoved(tx, login.id, removedAt))) throw versionConflict();
      const version = await bumpAccountVersion(tx, snapshot.account.id, snapshot.account.version);
      if (version === null) throw versionConflict();

      const event = await appendAuditEvent(tx, {
        at: now,
        staffId,
        action: 'login.detach_team_member',
        outcome: 'succeeded',
        accountId: snapshot.account.id,
        loginId: login.id,
        ticketRef: input.ticketRef,
        verificationId: grant.id,
        details: {
          before: { removedAt: null, accountVersion: snapshot.account.version },
          after: { removedAt, accountVersion: version },
          role: login.role,
          verifiedThroughLoginId: grant.loginId,
        },
      });
      // The owner learns who was removed from their account and why; the removed address too.
      const elsewhere = await liveLoginRolesElsewhere(tx, login.identifier, snapshot.account.id);
      await sendRecoveryEmails(tx, {
        template: 'team_member_detached',
        recipients: recoveryRecipients(snapshot, login),
        facts: {
          identifier: login.identifier,
          accountId: snapshot.account.id,
          ticketRef: input.ticketRef,
          why: detachReason(elsewhere),
        },
        accountId: snapshot.account.id,
        loginId: login.id,
        auditEventId: event.id,
        now,
      });
      return { login: loginOutput({ ...login, removedAt }, now) };
    },
  );
}

export async function unlockLogin(ctx: StaffContext, input: UnlockLoginInput) {
  const staffId = ctx.staff.id;
  return runAction(
    ctx,
    {
      procedure: 'actions.unlockLogin',
      auditAction: 'login.unlock',
      idempotencyKey: input.idempotencyKey,
      input,
      ticketRef: input.ticketRef,
      accountId: await findAccountIdOfLogin(ctx.deps.db.read, input.loginId),
      loginId: input.loginId,
      verificationId: input.verificationId,
      metricKind: 'unlock_login',
    },
    async (tx, now) => {
      const { snapshot, login } = await loadLogin(tx, input.loginId);
      const grant = await requireVerification(tx, input.verificationId, {
        target: { kind: 'holder_of_login', loginId: login.id },
        staffId,
        ticketRef: input.ticketRef,
        now,
      });
      const plan = planUnlock(login, now);
      // Nothing to clear: another agent unlocked it a moment ago (SPEC §6: the second of two
      // agents gets VERSION_CONFLICT). Going on would bump the version and tell the customer of
      // an unlock that changed nothing.
      if (!hasLockOrCounters(login)) {
        throw new DomainError(
          'VERSION_CONFLICT',
          'This login is not locked and has no failed attempts to clear: someone may have just unlocked it. Review it again.',
        );
      }
      if (!(await writeLoginLock(tx, login.id, plan.changes))) throw versionConflict();
      const version = await bumpAccountVersion(tx, snapshot.account.id, snapshot.account.version);
      if (version === null) throw versionConflict();

      const event = await appendAuditEvent(tx, {
        at: now,
        staffId,
        action: 'login.unlock',
        outcome: 'succeeded',
        accountId: snapshot.account.id,
        loginId: login.id,
        ticketRef: input.ticketRef,
        verificationId: grant.id,
        details: {
          before: { ...lockFieldsOf(login), accountVersion: snapshot.account.version },
          after: { ...plan.changes, accountVersion: version },
          wasLocked: plan.wasLocked,
          wasPermanent: plan.wasPermanent,
          sendResetLink: input.sendResetLink,
        },
      });
      await sendRecoveryEmails(tx, {
        template: 'login_unlocked',
        recipients: recoveryRecipients(snapshot, login),
        facts: { identifier: login.identifier, ticketRef: input.ticketRef },
        accountId: snapshot.account.id,
        loginId: login.id,
        auditEventId: event.id,
        now,
      });
      // In the same transaction: if the link is refused (3 already this hour) nothing is
      // unlocked either, and the agent can retry without the link.
      const resetLink = input.sendResetLink
        ? await issueResetLink(tx, {
            staffId,
            snapshot,
            login,
            ticketRef: input.ticketRef,
            verificationId: grant.id,
            resetLinkBase: ctx.deps.resetLinkBase,
            now,
          })
        : null;
      return {
        login: loginOutput({ ...login, ...plan.changes }, now),
        wasLocked: plan.wasLocked,
        wasPermanent: plan.wasPermanent,
        resetLink,
      };
    },
  );
}

export async function sendPasswordReset(ctx: StaffContext, input: SendPasswordResetInput) {
  const staffId = ctx.staff.id;
  return runAction(
    ctx,
    {
      procedure: 'actions.sendPasswordReset',
      auditAction: 'login.send_password_reset',
      idempotencyKey: input.idempotencyKey,
      input,
      ticketRef: input.ticketRef,
      accountId: await findAccountIdOfLogin(ctx.deps.db.read, input.loginId),
      loginId: input.loginId,
      metricKind: 'send_password_reset',
    },
    async (tx, now) => {
      const { snapshot, login } = await loadLogin(tx, input.loginId);
      if (login.removedAt !== null) {
        throw new DomainError('NOT_FOUND', 'This login has been removed.', { loginId: login.id });
      }
      // No verification: the link goes only to the address on file. Nothing on the account
      // changes, so its version stays and a reactivation in flight is not disturbed.
      return issueResetLink(tx, {
        staffId,
        snapshot,
        login,
        ticketRef: input.ticketRef,
        verificationId: null,
        resetLinkBase: ctx.deps.resetLinkBase,
        now,
      });
    },
  );
}

export async function liftBlock(ctx: StaffContext, input: LiftBlockInput) {
  const staffId = ctx.staff.id;
  return runAction(
    ctx,
    {
      procedure: 'actions.liftBlock',
      auditAction: 'block.lift',
      idempotencyKey: input.idempotencyKey,
      input,
      ticketRef: input.ticketRef,
      accountId: await findAccountIdOfBlock(ctx.deps.db.read, input.blockId),
      verificationId: input.verificationId ?? null,
      metricKind: 'lift_block',
    },
    async (tx, now) => {
      const accountId = await findAccountIdOfBlock(tx, input.blockId);
      const snapshot = accountId === null ? null : await loadSnapshot(tx, accountId);
      const block = snapshot?.blocks.find((b) => b.id === input.blockId);
      if (!snapshot || !block) throw notFound('block');
      // Which capability and which verification depend on the kind: the procedure's meta only
      // lets in the roles that may lift at least a self-block.
      const requirement = assertBlockLiftable(block, ctx.staff.role, input.note);
      const grant =
        requirement.verification === null
          ? null
          : await requireVerification(tx, input.verificationId, {
              target: requirement.verification,
              staffId,
              ticketRef: input.ticketRef,
              now,
            });
      const lift = planBlockLift(staffId, now);
      if (!(await writeBlockLifted(tx, block.id, lift))) throw versionConflict();
      const version = await bumpAccountVersion(tx, snapshot.account.id, snapshot.account.version);
      if (version === null) throw versionConflict();

      const event = await appendAuditEvent(tx, {
        at: now,
        staffId,
        action: 'block.lift',
        outcome: 'succeeded',
        accountId: snapshot.account.id,
        loginId: grant?.loginId ?? null,
        ticketRef: input.ticketRef,
        verificationId: grant?.id ?? null,
        details: {
          blockId: block.id,
          kind: block.kind,
          before: { liftedAt: null, liftedBy: null, accountVersion: snapshot.account.version },
          after: { ...lift, accountVersion: version },
          note: input.note ?? null,
        },
      });
      const verifiedLogin = snapshot.logins.find((l) => l.id === grant?.loginId);
      await sendRecoveryEmails(tx, {
        template: 'block_lifted',
        recipients: recoveryRecipients(snapshot, verifiedLogin),
        facts: { accountId: snapshot.account.id, ticketRef: input.ticketRef },
        accountId: snapshot.account.id,
        loginId: grant?.loginId ?? null,
        auditEventId: event.id,
        now,
      });
      return { block: blockOutput({ ...block, ...lift }) };
    },
  );
}

/**
 * A single-use reset link: 32 random bytes, only their SHA-256 stored, the link itself only in
 * the outbox row's secret (filled into the body at delivery). At most 3 per login per hour,
 * counted from the tokens table, so an unlock's link counts too.
 */
async function issueResetLink(
  tx: Db,
  input: {
    staffId: string;
    snapshot: AccountSnapshot;
    login: LoginFacts;
    ticketRef: string;
    verificationId: string | null;
    resetLinkBase: string;
    now: number;
  },
): Promise<{ outboxId: string; expiresAt: number }> {
  const { login, snapshot, now } = input;
  const toAddress = emailCodeAddress(snapshot, login);
  if (toAddress === null) {
    throw new DomainError('NOT_FOUND', 'This login has no email address to send a link to.', {
      loginId: login.id,
    });
  }
  assertResetLinkAllowed(await resetLinkTimesSince(tx, login.id, now - RESET_LINK_WINDOW), now);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = now + RESET_LINK_VALIDITY;
  const tokenId = await insertResetToken(tx, {
    loginId: login.id,
    tokenHash: createHash('sha256').update(token).digest('hex'),
    createdAt: now,
    expiresAt,
  });
  const event = await appendAuditEvent(tx, {
    at: now,
    staffId: input.staffId,
    action: 'login.send_password_reset',
    outcome: 'succeeded',
    accountId: snapshot.account.id,
    loginId: login.id,
    ticketRef: input.ticketRef,
    verificationId: input.verificationId,
    details: { tokenId, expiresAt },
  });
  const outboxId = await enqueueEmail(
    tx,
    {
      template: 'password_reset',
      toAddress,
      ...renderEmail('password_reset', { identifier: login.identifier }),
      secret: `${input.resetLinkBase}?token=${token}`,
      accountId: snapshot.account.id,
      loginId: login.id,
      auditEventId: event.id,
    },
    now,
  );
  return { outboxId, expiresAt };
}

/** The sentence of the detach email that says why, from where else that address signs in. */
function detachReason(rolesElsewhere: readonly LoginRole[]): string {
  if (rolesElsewhere.includes('owner')) {
    return 'The same email address is the main login of another account, so it could not sign in to either reliably.';
  }
  if (rolesElsewhere.length > 0) {
    return 'The same email address is also a team member of another account, so it could not sign in to either reliably.';
  }
  return 'The person who holds that email address asked us to remove it.';
}

async function loadSnapshot(tx: Db, accountId: string): Promise<AccountSnapshot> {
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

/** The passed verification the action rests on, or the domain's refusal. */
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

function asVerificationMethod(method: string): VerificationMethod {
  const known = VERIFICATION_METHODS.find((m) => m === method);
  if (!known) throw new Error(`unknown verification method ${method}`);
  return known;
}

function notFound(what: 'account' | 'login' | 'block'): DomainError {
  return new DomainError('NOT_FOUND', `No such ${what}.`);
}

function versionConflict(): DomainError {
  return new DomainError(
    'VERSION_CONFLICT',
    'Someone else changed this account a moment ago; review it again.',
  );
}

function pickAccountFields<K extends keyof AccountFacts>(
  account: AccountFacts,
  keys: readonly K[],
): Pick<AccountFacts, K> {
  const picked = {} as Pick<AccountFacts, K>;
  for (const key of keys) picked[key] = account[key];
  return picked;
}

function hasLockOrCounters(login: LoginFacts): boolean {
  return (
    login.lockedUntil !== null ||
    login.lockoutCount > 0 ||
    login.failedAttempts > 0 ||
    login.firstFailedAt !== null
  );
}

function lockFieldsOf(login: LoginFacts) {
  const { failedAttempts, firstFailedAt, lockedUntil, lockoutCount } = login;
  return { failedAttempts, firstFailedAt, lockedUntil, lockoutCount };
}

function loginOutput(login: LoginFacts, now: number) {
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
function blockOutput(block: BlockFacts) {
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
