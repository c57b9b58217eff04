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

/**
 * Whether the outbox shows this role full recipient addresses. Agents read addresses to callers,
 * so they see them masked, in the recipient column and inside bodies and errors alike.
 */
export function outboxAddressesVisible(role: StaffRole): boolean {
  return can(role, 'outbox.readAddresses');
}
