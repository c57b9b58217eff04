import type { ActionKind, StaffRole } from './codes.ts';
import { DomainError } from './errors.ts';

/** What a staff member may do (SPEC §1, §7). The server checks one of these on every procedure. */
export const CAPABILITIES = [
  'accounts.read',
  'verification.perform',
  'actions.reactivate',
  'actions.detachTeamMember',
  'actions.unlockLogin',
  'actions.sendPasswordReset',
  'actions.liftSelfBlock',
  'actions.liftIdentityCheckBlock',
  'actions.liftSuspiciousBlock',
  'identityChecks.read',
  'identityChecks.decide',
  'reviews.read',
  'reviews.mark',
  'alerts.read',
  'audit.readOwn',
  'audit.readAll',
  'audit.verifyChain',
  'reports.read',
  'outbox.read',
  'outbox.readAddresses',
  'staff.manage',
  'staff.endSessions',
  // Issue 13: agents hand a case to the leads; leads take and close it.
  'escalations.open',
  'escalations.manage',
  // Webhook endpoints (issue 14): where signed events go, their secrets and delivery log.
  'webhooks.manage',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

const AGENT: readonly Capability[] = [
  'accounts.read',
  'verification.perform',
  'actions.reactivate',
  'actions.detachTeamMember',
  'actions.unlockLogin',
  'actions.sendPasswordReset',
  'actions.liftSelfBlock',
  'actions.liftIdentityCheckBlock',
  'escalations.open',
  'audit.readOwn',
  // The outbox never shows codes or reset links to anyone (they are delivered, not displayed),
  // so agents may read it to tell a caller which emails went out.
  'outbox.read',
];

const LEAD: readonly Capability[] = [
  ...AGENT,
  'actions.liftSuspiciousBlock',
  'identityChecks.read',
  'identityChecks.decide',
  'reviews.read',
  'reviews.mark',
  'alerts.read',
  'audit.readAll',
  'audit.verifyChain',
  'reports.read',
  'outbox.readAddresses',
  'escalations.manage',
];

const ADMIN: readonly Capability[] = [
  ...LEAD,
  'staff.manage',
  'staff.endSessions',
  'webhooks.manage',
];

/** Cumulative: each role has everything the one below has. Anything not listed is denied. */
export const ROLE_CAPABILITIES: Readonly<Record<StaffRole, ReadonlySet<Capability>>> = {
  agent: new Set(AGENT),
  lead: new Set(LEAD),
  admin: new Set(ADMIN),
};

const ROLE_RANK: Readonly<Record<StaffRole, number>> = { agent: 0, lead: 1, admin: 2 };

export function roleAtLeast(role: StaffRole, minimum: StaffRole): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[minimum];
}

/** Deny by default: an unknown role (say, from a stale session row) can do nothing. */
export function can(role: StaffRole, capability: Capability): boolean {
  return ROLE_CAPABILITIES[role]?.has(capability) ?? false;
}

export function assertCan(role: StaffRole, capability: Capability): void {
  if (!can(role, capability)) {
    throw new DomainError('FORBIDDEN_ROLE', `The ${role} role may not do this.`, { capability });
  }
}

/** The lowest role holding a capability; what the console shows next to an action. */
export function minRoleFor(capability: Capability): StaffRole {
  if (can('agent', capability)) return 'agent';
  return can('lead', capability) ? 'lead' : 'admin';
}

/** The capability each diagnosis action needs. */
export const ACTION_CAPABILITY: Readonly<Record<ActionKind, Capability>> = {
  reactivate: 'actions.reactivate',
  detach_team_member: 'actions.detachTeamMember',
  unlock_login: 'actions.unlockLogin',
  send_password_reset: 'actions.sendPasswordReset',
  lift_self_block: 'actions.liftSelfBlock',
  lift_identity_check_block: 'actions.liftIdentityCheckBlock',
  lift_suspicious_block: 'actions.liftSuspiciousBlock',
  decide_identity_check: 'identityChecks.decide',
};
