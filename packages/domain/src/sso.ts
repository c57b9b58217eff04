import { STAFF_ROLES, type StaffRole } from './codes.ts';

/** Higher is more: when several of a person's groups map to roles, the highest wins. */
export const STAFF_ROLE_RANK: Readonly<Record<StaffRole, number>> = { agent: 0, lead: 1, admin: 2 };

/** The provider's groups → Lifeline role mapping (OIDC_ROLE_MAP). */
export type RoleMap = Readonly<Record<string, StaffRole>>;

/**
 * `support-agents=agent,support-leads=lead,it-admins=admin` as a mapping, or the problems with
 * it. A group named twice is an error (which role would it mean?), as is an unknown role.
 */
export function parseRoleMap(text: string): { map: RoleMap } | { errors: string[] } {
  const map: Record<string, StaffRole> = {};
  const errors: string[] = [];
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) errors.push('must map at least one group, e.g. support-agents=agent');
  for (const entry of entries) {
    const at = entry.lastIndexOf('=');
    const group = at > 0 ? entry.slice(0, at).trim() : '';
    const role = at > 0 ? entry.slice(at + 1).trim() : '';
    if (group === '' || role === '') {
      errors.push(`"${entry}" is not group=role`);
    } else if (!(STAFF_ROLES as readonly string[]).includes(role)) {
      errors.push(`"${entry}": the role must be one of ${STAFF_ROLES.join(', ')}`);
    } else if (Object.hasOwn(map, group)) {
      errors.push(`the group "${group}" is mapped twice`);
    } else {
      map[group] = role as StaffRole;
    }
  }
  return errors.length > 0 ? { errors } : { map };
}

/**
 * The groups a claim names: a JSON array of strings (Okta, Entra, Keycloak) or one string
 * (some providers send a single group so). Anything else names none.
 */
export function groupsOfClaim(claim: unknown): string[] {
  if (typeof claim === 'string') return [claim];
  if (Array.isArray(claim)) return claim.filter((item): item is string => typeof item === 'string');
  return [];
}

/** The role the groups give, the highest of those that map; null when none maps. */
export function roleFromGroups(groups: readonly string[], map: RoleMap): StaffRole | null {
  let best: StaffRole | null = null;
  for (const group of groups) {
    const role = Object.hasOwn(map, group) ? map[group] : undefined;
    if (role !== undefined && (best === null || STAFF_ROLE_RANK[role] > STAFF_ROLE_RANK[best])) {
      best = role;
    }
  }
  return best;
}
