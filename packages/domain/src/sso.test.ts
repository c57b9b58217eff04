import { describe, expect, it } from 'vitest';
import { groupsOfClaim, parseRoleMap, roleFromGroups } from './sso.ts';

describe('single sign-on role mapping', () => {
  const parsed = parseRoleMap('support-agents=agent, support-leads=lead,it-admins=admin');
  const map = 'map' in parsed ? parsed.map : {};

  it('reads group=role pairs', () => {
    expect(map).toEqual({
      'support-agents': 'agent',
      'support-leads': 'lead',
      'it-admins': 'admin',
    });
  });

  it('refuses unknown roles, missing parts, groups named twice and an empty map', () => {
    expect(parseRoleMap('a=root')).toEqual({ errors: [expect.stringContaining('role must be')] });
    expect(parseRoleMap('a=agent,=lead,b')).toEqual({
      errors: ['"=lead" is not group=role', '"b" is not group=role'],
    });
    expect(parseRoleMap('a=agent,a=lead')).toEqual({
      errors: ['the group "a" is mapped twice'],
    });
    expect('errors' in parseRoleMap(' , ')).toBe(true);
  });

  it('gives the highest role among the groups that map, none when none maps', () => {
    expect(roleFromGroups(['support-agents'], map)).toBe('agent');
    expect(roleFromGroups(['support-leads', 'support-agents', 'other'], map)).toBe('lead');
    expect(roleFromGroups(['it-admins', 'support-agents'], map)).toBe('admin');
    expect(roleFromGroups(['marketing', 'constructor', '__proto__'], map)).toBeNull();
    expect(roleFromGroups([], map)).toBeNull();
  });

  it('reads a claim as an array of strings or a single string', () => {
    expect(groupsOfClaim(['a', 2, 'b'])).toEqual(['a', 'b']);
    expect(groupsOfClaim('a')).toEqual(['a']);
    expect(groupsOfClaim(undefined)).toEqual([]);
    expect(groupsOfClaim({ a: 1 })).toEqual([]);
  });
});
