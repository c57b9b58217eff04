import {
  type Db,
  findTombstoneById,
  listAccountAuditEvents,
  listAccountEmails,
  loadAccountSnapshots,
  wasReactivatedAt,
} from '@lifeline/db';
import {
  ACCOUNT_FAILURE_LIMIT,
  type AccountSnapshot,
  type AccountStatus,
  type AuditAction,
  type AuditOutcome,
  actorAsSeenBy,
  actorVisible,
  billingVisibleUntil,
  blockNoteVisible,
  type DeactivationReason,
  DomainError,
  daysLeftInWindow,
  decideReactivation,
  dunningState,
  effectivePurgeAfter,
  identityCheckDueAt,
  isIdentityCheckOverdue,
  lockState,
  maskCard,
  maskEmail,
  type OutboxStatus,
  type OutboxTemplate,
  type Plan,
  purgeAfterFor,
  type ReactivationRefusal,
} from '@lifeline/domain';
import type { z } from 'zod';
import type { StaffPrincipal } from '../../context.ts';
import type { ApiDeps } from '../../deps.ts';
import type { getAccountInput } from '../../schemas.ts';
import { verificationMethodsOf, verificationStateFor } from '../verification/state.ts';

const TIMELINE_LIMIT = 50;
const CHARGES_SHOWN = 5;

/** Who is looking: what they may see of the account depends on it. */
type Viewer = Pick<StaffPrincipal, 'id' | 'role'>;

export type TimelineEntry =
  | {
      kind: 'event';
      id: string;
      at: number;
      action: AuditAction;
      outcome: AuditOutcome;
      reason: string | null;
      staffId: string;
      staffName: string;
      ticketRef: string | null;
      loginId: string | null;
    }
  | {
      kind: 'email';
      id: string;
      at: number;
      template: OutboxTemplate;
      to: string;
      status: OutboxStatus;
      sentAt: number | null;
    };

function actorName(staffId: string, displayName: string | null): string {
  if (displayName !== null) return displayName;
  return staffId === 'system' ? 'System' : staffId;
}

/**
 * Audit events and emails of the account, merged newest first. An agent needs the account's
 * history ("unlocked yesterday") but sees only their own audit events in full (SPEC §7): other
 * staff members' events show what happened and when, not who or on which ticket.
 */
async function timelineOf(db: Db, accountId: string, viewer: Viewer): Promise<TimelineEntry[]> {
  const visible = (staffId: string) => actorVisible(viewer, staffId);
  const events = await listAccountAuditEvents(db, accountId, TIMELINE_LIMIT);
  const emails = await listAccountEmails(db, accountId, TIMELINE_LIMIT);
  const entries: TimelineEntry[] = [
    ...events.map((e) => ({
      kind: 'event' as const,
      id: `evt_${e.id}`,
      at: e.at,
      action: e.action,
      outcome: e.outcome,
      reason: e.reason,
      staffId: actorAsSeenBy(viewer, e.staffId),
      staffName: visible(e.staffId) ? actorName(e.staffId, e.staffName) : 'Another staff member',
      ticketRef: visible(e.staffId) ? e.ticketRef : null,
      loginId: e.loginId,
    })),
    ...emails.map((m) => ({
      kind: 'email' as const,
      id: m.id,
      at: m.createdAt,
      template: m.template,
      to: maskEmail(m.toAddress),
      status: m.status,
      sentAt: m.sentAt,
    })),
  ];
  // Stable sort: at equal instants an event stays before the email it caused.
  return entries.sort((a, b) => b.at - a.at).slice(0, TIMELINE_LIMIT);
}

export interface AccountView {
  id: string;
  status: AccountStatus;
  plan: Plan | null;
  version: number | null;
  createdAt: number | null;
  trialEndsAt: number | null;
  deactivatedAt: number | null;
  deactivationReason: DeactivationReason | null;
  purgeAfter: number | null;
  /** Days left in the reactivation window while deactivated, else null. */
  daysLeft: number | null;
  /**
   * While deactivated, whether the console may reactivate it and, if not, why (the domain's
   * `decideReactivation`): the account view renders this, it never decides it again.
   */
  reactivation: { allowed: boolean; refusal: ReactivationRefusal['reason'] | null } | null;
  purgedAt: number | null;
  balanceCents: number | null;
  paymentFailedAt: number | null;
  dunning: {
    dayOfDunning: number;
    deactivatesAt: number;
    nextRetryAt: number | null;
    retriesDone: number;
    /** How the unpaid run began: a failed charge, or a reactivation while still owing. */
    startedBy: 'failed_charge' | 'reactivation';
  } | null;
  data: { contacts: number; lists: number; campaigns: number } | null;
  contactEmail: string | null;
}

/**
 * One account for the account view. Billing details appear only while this staff member holds a
 * pass for an owner of this account on the ticket the page is open for (`billingVisibleUntil`,
 * the actions' rule: billing belongs to the owner, and another ticket is another call). Suspicious-activity notes are for those who may lift
 * such blocks (leads): an agent must have nothing to read out about the signals. Who placed,
 * lifted or decided shows to an agent only when it is them, the system or the customer.
 */
export async function getAccount(
  deps: ApiDeps,
  viewer: Viewer,
  input: z.infer<typeof getAccountInput>,
): Promise<AccountDetails> {
  const db = deps.db.read;
  const [snapshot] = await loadAccountSnapshots(db, [input.accountId]);
  return snapshot === undefined
    ? purgedAccount(db, input.accountId, viewer)
    : liveAccount(deps, viewer, snapshot, input.ticketRef ?? null);
}

function reactivationOutlook(account: AccountSnapshot['account'], now: number) {
  if (account.status !== 'deactivated') return null;
  const decision = decideReactivation(account, now);
  return decision.ok
    ? { allowed: true, refusal: null }
    : { allowed: false, refusal: decision.reason };
}

export type AccountDetails = Awaited<ReturnType<typeof liveAccount>>;

async function liveAccount(
  deps: ApiDeps,
  staff: Viewer,
  snapshot: AccountSnapshot,
  ticketRef: string | null,
) {
  const db = deps.db.read;
  const now = deps.clock();
  const { account } = snapshot;
  const state = await verificationStateFor(db, staff.id, [account.id], now);
  const accountState = state.accounts[0] ?? {
    lockedUntil: null,
    failedTries: 0,
    triesAllowed: ACCOUNT_FAILURE_LIMIT,
    passed: [],
  };
  const ownerVerifiedUntil = billingVisibleUntil(snapshot.logins, accountState.passed, {
    staffId: staff.id,
    ticketRef,
    now,
  });
  const ownerVerified = ownerVerifiedUntil !== null;
  const purgeAfter = effectivePurgeAfter(account);
  const { card, address } = snapshot.billing;

  const view: AccountView = {
    id: account.id,
    status: account.status,
    plan: account.plan,
    version: account.version,
    createdAt: account.createdAt,
    trialEndsAt: account.trialEndsAt,
    deactivatedAt: account.deactivatedAt,
    deactivationReason: account.deactivationReason,
    purgeAfter: account.purgeAfter,
    daysLeft:
      account.status === 'deactivated' && purgeAfter !== null
        ? daysLeftInWindow(purgeAfter, now)
        : null,
    reactivation: reactivationOutlook(account, now),
    purgedAt: null,
    balanceCents: account.balanceCents,
    paymentFailedAt: account.paymentFailedAt,
    dunning:
      account.status === 'limited' && account.paymentFailedAt !== null
        ? {
            ...dunningState(account.paymentFailedAt, now),
            startedBy: (await wasReactivatedAt(db, account.id, account.paymentFailedAt))
              ? 'reactivation'
              : 'failed_charge',
          }
        : null,
    data: account.data,
    contactEmail: account.contactEmail,
  };
  return {
    account: view,
    logins: snapshot.logins.map((login) => {
      const lock = lockState(login, now);
      return {
        id: login.id,
        identifier: login.identifier,
        identifierKind: login.identifierKind,
        role: login.role,
        locked: lock.locked,
        lockPermanent: lock.permanent,
        lockedUntil: lock.lockedUntil,
        failedAttempts: login.failedAttempts,
        lockoutCount: login.lockoutCount,
        passwordChangedAt: login.passwordChangedAt,
        removedAt: login.removedAt,
        verificationMethods: verificationMethodsOf(snapshot, login),
      };
    }),
    blocks: snapshot.blocks.map((block) => {
      const hidden = !blockNoteVisible(staff.role, block.kind);
      return {
        id: block.id,
        kind: block.kind,
        placedAt: block.placedAt,
        placedBy: actorAsSeenBy(staff, block.placedBy),
        note: hidden ? null : block.note,
        noteHidden: hidden && block.note !== null,
        customerNotifiedAt: block.customerNotifiedAt,
        liftedAt: block.liftedAt,
        liftedBy: block.liftedBy === null ? null : actorAsSeenBy(staff, block.liftedBy),
        identityCheckId: block.identityCheck?.id ?? null,
      };
    }),
    identityChecks: snapshot.blocks.flatMap((block) => {
      const check = block.identityCheck;
      if (check === null) return [];
      return [
        {
          id: check.id,
          blockId: block.id,
          status: check.status,
          submittedAt: check.submittedAt,
          dueAt: identityCheckDueAt(check),
          overdue: isIdentityCheckOverdue(check, now),
          decidedAt: check.decidedAt,
          decidedBy: check.decidedBy === null ? null : actorAsSeenBy(staff, check.decidedBy),
        },
      ];
    }),
    billing: {
      ownerVerified,
      /** Until when the details stay shown: the end of the pass on this call's ticket. */
      ownerVerifiedUntil,
      card: {
        onFile: card !== null,
        brand: ownerVerified && card ? card.brand : null,
        masked: ownerVerified && card ? maskCard(card) : null,
      },
      address: {
        onFile: address !== null,
        city: ownerVerified && address ? address.city : null,
        country: ownerVerified && address ? address.country : null,
      },
      charges: snapshot.billing.charges
        .slice(-CHARGES_SHOWN)
        .reverse()
        .map((charge) => ({
          at: charge.at,
          amountCents: charge.amountCents,
          outcome: charge.outcome,
          failureCode: charge.failureCode,
        })),
    },
    verification: {
      staffThrottledUntil: state.staffThrottledUntil,
      lockedUntil: accountState.lockedUntil,
      failedTries: accountState.failedTries,
      triesAllowed: accountState.triesAllowed,
      passed: accountState.passed,
    },
    timeline: await timelineOf(db, account.id, staff),
  };
}

/** What is left of a purged account: its id, its dates and its history. Unknown → NOT_FOUND. */
async function purgedAccount(db: Db, accountId: string, viewer: Viewer): Promise<AccountDetails> {
  const tombstone = await findTombstoneById(db, accountId);
  if (tombstone === null) throw new DomainError('NOT_FOUND', 'No account has this id.');
  const view: AccountView = {
    id: tombstone.accountId,
    status: 'purged',
    plan: null,
    version: null,
    createdAt: null,
    trialEndsAt: null,
    deactivatedAt: tombstone.deactivatedAt,
    deactivationReason: tombstone.deactivationReason,
    purgeAfter: tombstone.deactivatedAt === null ? null : purgeAfterFor(tombstone.deactivatedAt),
    daysLeft: null,
    reactivation: null,
    purgedAt: tombstone.purgedAt,
    balanceCents: null,
    paymentFailedAt: null,
    dunning: null,
    data: null,
    contactEmail: null,
  };
  return {
    account: view,
    logins: [],
    blocks: [],
    identityChecks: [],
    billing: {
      ownerVerified: false,
      ownerVerifiedUntil: null,
      card: { onFile: false, brand: null, masked: null },
      address: { onFile: false, city: null, country: null },
      charges: [],
    },
    verification: {
      staffThrottledUntil: null,
      lockedUntil: null,
      failedTries: 0,
      triesAllowed: ACCOUNT_FAILURE_LIMIT,
      passed: [],
    },
    timeline: await timelineOf(db, tombstone.accountId, viewer),
  };
}
