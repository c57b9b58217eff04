import { AUDIT_ACTIONS, CAPABILITIES } from '@lifeline/domain';
import { describe, expect, it } from 'vitest';
import { appRouter } from './root.ts';
import type { Meta } from './trpc.ts';

const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { type: string; meta?: Meta } }>,
).map(([path, procedure]) => ({ path, type: procedure._def.type, meta: procedure._def.meta }));

/** The procedures anyone may call: signing in, and how signing in works here. */
const PUBLIC = ['auth.login', 'auth.config'];

describe('procedure meta', () => {
  it('every procedure but the public ones declares who may call it', () => {
    const undeclared = procedures
      .filter((p) => !PUBLIC.includes(p.path))
      .filter((p) => p.meta?.access === undefined)
      .map((p) => p.path);
    expect(undeclared).toEqual([]);
    for (const { meta } of procedures) {
      if (meta?.access !== undefined && meta.access !== 'signed_in') {
        expect(CAPABILITIES).toContain(meta.access);
      }
    }
  });

  it('every state change but sign-in declares what it is audited as, and no query does', () => {
    const mutations = procedures.filter((p) => p.type === 'mutation' && p.path !== 'auth.login');
    expect(mutations.length).toBeGreaterThan(10);
    expect(mutations.filter((p) => p.meta?.audit === undefined).map((p) => p.path)).toEqual([]);
    for (const { meta } of mutations) expect(AUDIT_ACTIONS).toContain(meta?.audit);
    const auditedQueries = procedures.filter((p) => p.type === 'query' && p.meta?.audit);
    expect(auditedQueries.map((p) => p.path)).toEqual([]);
  });

  it('names the audit actions the refusals have always been recorded under', () => {
    const auditOf = Object.fromEntries(procedures.map((p) => [p.path, p.meta?.audit]));
    // Written out by hand: a refusal's event is what leads filter the log by.
    expect(auditOf).toMatchObject({
      'actions.reactivate': 'account.reactivate',
      'actions.detachTeamMember': 'login.detach_team_member',
      'actions.unlockLogin': 'login.unlock',
      'actions.sendPasswordReset': 'login.send_password_reset',
      'actions.liftBlock': 'block.lift',
      'identityChecks.decide': 'identity_check.decide',
      'reviews.mark': 'review.mark',
      'staff.create': 'staff.create',
      'staff.setRole': 'staff.set_role',
      'staff.disable': 'staff.disable',
      'verification.sendCode': 'verification.send_code',
      'verification.check': 'verification.check',
      'auth.logout': 'auth.logout',
    });
  });
});
