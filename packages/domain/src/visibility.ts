import type { BlockKind, StaffRole } from './codes.ts';
import type { LoginFacts } from './facts.ts';
import { can } from './permissions.ts';

/**
 * Billing belongs to the owner (SPEC §5): its details show once this staff member holds a live
 * pass on a live owner login of the account. A team member's email code shows nothing of it.
 */
export function billingVisible(
  logins: readonly LoginFacts[],
  passedLoginIds: readonly string[],
): boolean {
  return logins.some(
    (login) =>
      login.role === 'owner' && login.removedAt === null && passedLoginIds.includes(login.id),
  );
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
