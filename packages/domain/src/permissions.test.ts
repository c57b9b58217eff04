import { describe, expect, it } from 'vitest';
import { ACTION_KINDS, STAFF_ROLES, type StaffRole } from './codes.ts';
import { DomainError } from './errors.ts';
import {
  ACTION_CAPABILITY,
  assertCan,
  CAPABILITIES,
  can,
  minRoleFor,
  roleAtLeast,
} from './permissions.ts';

describe('permissions', () => {
  it('are cumulative: agent ⊂ lead ⊂ admin', () => {
    for (const capability of CAPABILITIES) {
      if (can('agent', capability)) expect(can('lead', capability)).toBe(true);
      if (can('lead', capability)) expect(can('admin', capability)).toBe(true);
    }
  });

  it('give agents the recovery actions but not the lead pages', () => {
    expect(can('agent', 'actions.reactivate')).toBe(true);
    expect(can('agent', 'actions.liftSelfBlock')).toBe(true);
    expect(can('agent', 'audit.readOwn')).toBe(true);
    expect(can('agent', 'audit.readAll')).toBe(false);
    expect(can('agent', 'actions.liftSuspiciousBlock')).toBe(false);
    expect(can('agent', 'identityChecks.decide')).toBe(false);
    expect(can('agent', 'outbox.read')).toBe(true);
  });

  it('keep staff management to admins', () => {
    expect(can('lead', 'staff.manage')).toBe(false);
    expect(can('admin', 'staff.manage')).toBe(true);
    expect(minRoleFor('staff.manage')).toBe('admin');
  });

  it('deny an unknown role', () => {
    expect(can('ghost' as StaffRole, 'accounts.read')).toBe(false);
    expect(() => assertCan('agent', 'reviews.mark')).toThrowError(DomainError);
  });

  it('map every action kind to a capability some role holds', () => {
    for (const kind of ACTION_KINDS) {
      expect(STAFF_ROLES.some((role) => can(role, ACTION_CAPABILITY[kind]))).toBe(true);
    }
    expect(minRoleFor(ACTION_CAPABILITY.lift_suspicious_block)).toBe('lead');
    expect(minRoleFor(ACTION_CAPABILITY.decide_identity_check)).toBe('lead');
    expect(minRoleFor(ACTION_CAPABILITY.reactivate)).toBe('agent');
  });

  it('rank roles', () => {
    expect(roleAtLeast('admin', 'lead')).toBe(true);
    expect(roleAtLeast('agent', 'lead')).toBe(false);
  });
});
