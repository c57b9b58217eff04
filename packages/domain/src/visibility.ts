import type { BlockKind, StaffRole } from './codes.ts';
import type { LoginFacts } from './facts.ts';
import { can } from './permissions.ts';
import { type VerificationGrant, verificationCovers } from './verification.ts';

/** One of this staff member's passed verifications, as the verification read model lists it. */
export interface OwnPass {
  loginId: string;
  ticketRef: string;
  expiresAt: number;
}

/**
 * Billing belongs to the owner (SPEC §5): its details show when this staff member's pass would let
 * them act for the account's owner on this ticket, by the same rule as the actions
 * (`verificationCovers`: their own pass, on this ticket, on a live owner login, not expired). A
 * pass taken on another ticket is another call, and with no ticket there is no call at all; a
 * team member's email code shows nothing of the owner's billing.
 */
export function billingVisible(
  logins: readonly LoginFacts[],
  passes: readonly OwnPass[],
  use: BillingUse,
): boolean {
  return billingVisibleUntil(logins, passes, use) !== null;
}

export interface BillingUse {
  staffId: string;
  ticketRef: string | null;
  now: number;
}

/** Until when billing stays visible (the latest covering pass's expiry), or null: hidden now. */
export function billingVisibleUntil(
  logins: readonly LoginFacts[],
  passes: readonly OwnPass[],
  use: BillingUse,
): number | null {
  const { ticketRef } = use;
  if (ticketRef === null) return null;
  const covering = passes.filter((pass) => {
    const login = logins.find((l) => l.id === pass.loginId && l.removedAt === null);
    if (login === undefined) return false;
    const grant: VerificationGrant = {
      staffId: use.staffId,
      ticketRef: pass.ticketRef,
      loginId: login.id,
      accountId: login.accountId,
      identifier: login.identifier,
      role: login.role,
      expiresAt: pass.expiresAt,
    };
    return verificationCovers(grant, {
      target: { kind: 'owner_of_account', accountId: login.accountId },
      staffId: use.staffId,
      ticketRef,
      now: use.now,
    }).ok;
  });
  return covering.length === 0 ? null : Math.max(...covering.map((pass) => pass.expiresAt));
}

/**
 * A suspicious-activity block's note holds the signals: only those who may lift such a block
 * read it, so an agent has nothing to read out to the caller (SPEC §4). Other notes are open.
 */
export function blockNoteVisible(role: StaffRole, kind: BlockKind): boolean {
  return kind !== 'suspicious_activity' || can(role, 'actions.liftSuspiciousBlock');
}

/** What an agent sees instead of another staff member's id. */
export const OTHER_STAFF = 'other';

/**
 * Who acted on an account (a block's `placedBy`/`liftedBy`, a check's `decidedBy`, an audit
 * event's staff), as this viewer may see it. Agents see their own audit events only (SPEC §7), so
 * another staff member shows as `other`: what happened and when, not who. `system` and
 * `customer` are not staff and stay; leads and admins see everyone.
 */
export function actorAsSeenBy(viewer: { id: string; role: StaffRole }, actor: string): string {
  return actorVisible(viewer, actor) ? actor : OTHER_STAFF;
}

export function actorVisible(viewer: { id: string; role: StaffRole }, actor: string): boolean {
  return (
    actor === 'system' ||
    actor === 'customer' ||
    actor === viewer.id ||
    can(viewer.role, 'audit.readAll')
  );
}

/**
 * Whether the outbox shows this role full recipient addresses. Agents read addresses to callers,
 * so they see them masked, in the recipient column and inside bodies and errors alike.
 */
export function outboxAddressesVisible(role: StaffRole): boolean {
  return can(role, 'outbox.readAddresses');
}
