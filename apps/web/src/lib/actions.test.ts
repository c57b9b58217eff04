import { describe, expect, it } from 'vitest';
import {
  canAs,
  DUAL_MEMBER,
  DUAL_OWNER,
  diagnosisOf,
  FINDINGS,
  NOW,
  OWNER,
  passFor,
} from '../components/FindingCard/fixtures.ts';
import {
  type ActionContext,
  actionState,
  actionStates,
  coveringVerification,
  type DiagnosedLogin,
  type FindingAction,
} from './actions.ts';

const MINUTE = 60_000;

function context(
  logins: DiagnosedLogin[],
  passes: ReturnType<typeof passFor>[] = [],
  options: {
    ticketRef?: string;
    role?: 'agent' | 'lead';
    lockedUntil?: Record<string, number>;
  } = {},
): ActionContext {
  return {
    diagnosis: diagnosisOf(logins, [], {
      passes,
      ...(options.lockedUntil ? { lockedUntil: options.lockedUntil } : {}),
    }),
    ticketRef: options.ticketRef ?? 'T-1',
    now: NOW,
    can: canAs(options.role ?? 'agent'),
  };
}

const reactivate = (accountId: string): FindingAction => ({
  kind: 'reactivate',
  needsVerification: true,
  minRole: 'agent',
  accountId,
});
const unlock = (login: DiagnosedLogin): FindingAction => ({
  kind: 'unlock_login',
  needsVerification: true,
  minRole: 'agent',
  accountId: login.accountId,
  loginId: login.loginId,
});
const detach = (login: DiagnosedLogin): FindingAction => ({
  kind: 'detach_team_member',
  needsVerification: true,
  minRole: 'agent',
  accountId: login.accountId,
  loginId: login.loginId,
});
const liftSelfBlock: FindingAction = {
  kind: 'lift_self_block',
  needsVerification: true,
  minRole: 'agent',
  accountId: OWNER.accountId,
  blockId: 'blk_self0001',
};

describe('coveringVerification: what a pass proves (SPEC §5)', () => {
  it('an owner pass covers reactivating and lifting a self-block on its own account', () => {
    const pass = passFor(OWNER);
    const ctx = context([OWNER], [pass]);
    expect(coveringVerification(reactivate(OWNER.accountId), ctx)).toEqual(pass);
    expect(coveringVerification(liftSelfBlock, ctx)).toEqual(pass);
  });

  it('an owner pass does not cover another account', () => {
    const ctx = context([OWNER, DUAL_OWNER], [passFor(OWNER)]);
    expect(coveringVerification(reactivate(DUAL_OWNER.accountId), ctx)).toBeNull();
  });

  it('a team-member pass does not cover reactivating that account', () => {
    const ctx = context([DUAL_OWNER, DUAL_MEMBER], [passFor(DUAL_MEMBER)]);
    expect(coveringVerification(reactivate(DUAL_MEMBER.accountId), ctx)).toBeNull();
  });

  it('unlock needs a pass on that very login, not on another login of the same person', () => {
    const onLogin = passFor(DUAL_MEMBER);
    expect(
      coveringVerification(unlock(DUAL_MEMBER), context([DUAL_OWNER, DUAL_MEMBER], [onLogin])),
    ).toEqual(onLogin);
    expect(
      coveringVerification(
        unlock(DUAL_MEMBER),
        context([DUAL_OWNER, DUAL_MEMBER], [passFor(DUAL_OWNER)]),
      ),
    ).toBeNull();
  });

  it('detach is covered by a pass on any login with that email: the owner login elsewhere', () => {
    const onOwnerLogin = passFor(DUAL_OWNER);
    expect(
      coveringVerification(detach(DUAL_MEMBER), context([DUAL_OWNER, DUAL_MEMBER], [onOwnerLogin])),
    ).toEqual(onOwnerLogin);
    // Someone else's email proves nothing about this one.
    expect(
      coveringVerification(detach(DUAL_MEMBER), context([OWNER, DUAL_MEMBER], [passFor(OWNER)])),
    ).toBeNull();
  });

  it('an expired pass covers nothing (at its expiry instant too)', () => {
    for (const expiresAt of [NOW - MINUTE, NOW]) {
      const ctx = context([OWNER], [passFor(OWNER, 'T-1', expiresAt)]);
      expect(coveringVerification(reactivate(OWNER.accountId), ctx)).toBeNull();
      expect(coveringVerification(unlock(OWNER), ctx)).toBeNull();
    }
  });

  it('a pass on another ticket covers nothing; the same ticket with spaces around does', () => {
    const ctx = context([OWNER], [passFor(OWNER, 'T-2')]);
    expect(coveringVerification(reactivate(OWNER.accountId), ctx)).toBeNull();
    expect(coveringVerification(unlock(OWNER), ctx)).toBeNull();
    const spaced = context([OWNER], [passFor(OWNER, 'T-1')], { ticketRef: '  T-1 ' });
    expect(coveringVerification(reactivate(OWNER.accountId), spaced)).not.toBeNull();
  });

  it('a pass on a login the diagnosis does not show proves nothing', () => {
    const ctx = context([OWNER], [{ ...passFor(OWNER), loginId: 'lgn_elsewhere1' }]);
    expect(coveringVerification(reactivate(OWNER.accountId), ctx)).toBeNull();
  });
});

describe('actionState: whether a fix is offered, and what stands in the way', () => {
  it('offers a covered action with the verification it rests on', () => {
    const pass = passFor(OWNER);
    const state = actionState(reactivate(OWNER.accountId), context([OWNER], [pass]));
    expect(state).toMatchObject({
      enabled: true,
      blockedBy: null,
      verificationId: pass.verificationId,
    });
  });

  it('role: an agent may not lift a suspicious-activity block; a lead may', () => {
    const [lift] = FINDINGS.suspicious_activity.actions;
    if (!lift) throw new Error('fixture has no action');
    expect(actionState(lift, context([OWNER]))).toMatchObject({
      enabled: false,
      blockedBy: 'role',
    });
    expect(actionState(lift, context([OWNER], [], { role: 'lead' }))).toMatchObject({
      enabled: true,
      blockedBy: null,
    });
  });

  it('ticket: nothing is offered before a ticket is typed', () => {
    const ctx = context([OWNER], [passFor(OWNER)], { ticketRef: '   ' });
    expect(actionState(reactivate(OWNER.accountId), ctx).blockedBy).toBe('ticket');
  });

  it('verify_owner: reactivate asks for the owner of the account', () => {
    const state = actionState(
      reactivate(DUAL_MEMBER.accountId),
      context([DUAL_OWNER, DUAL_MEMBER], [passFor(DUAL_MEMBER)]),
    );
    expect(state).toMatchObject({ enabled: false, blockedBy: 'verify_owner' });
  });

  it('verify_login: unlock asks for that login', () => {
    const state = actionState(unlock(OWNER), context([OWNER]));
    expect(state).toMatchObject({
      enabled: false,
      blockedBy: 'verify_login',
      verifyLoginId: OWNER.loginId,
    });
  });

  it('verify_email: detach asks for the holder of the email, through their owner login', () => {
    const state = actionState(detach(DUAL_MEMBER), context([DUAL_OWNER, DUAL_MEMBER]));
    expect(state).toMatchObject({
      enabled: false,
      blockedBy: 'verify_email',
      verifyLoginId: DUAL_OWNER.loginId,
    });
  });

  it('verification_locked: a locked account says so instead of asking to verify', () => {
    const ctx = context([OWNER], [], { lockedUntil: { [OWNER.accountId]: NOW + 30 * MINUTE } });
    expect(actionState(reactivate(OWNER.accountId), ctx).blockedBy).toBe('verification_locked');
    const over = context([OWNER], [], { lockedUntil: { [OWNER.accountId]: NOW - MINUTE } });
    expect(actionState(reactivate(OWNER.accountId), over).blockedBy).toBe('verify_owner');
  });

  it('lead_decides: an identity check is decided by a lead', () => {
    const finding = FINDINGS.identity_check_required;
    expect(actionStates(finding, context([OWNER]))[0]).toMatchObject({
      enabled: false,
      blockedBy: 'lead_decides',
    });
    expect(actionStates(finding, context([OWNER], [], { role: 'lead' }))[0]).toMatchObject({
      enabled: true,
      blockedBy: null,
    });
  });

  it('an action that needs no verification is offered with a ticket alone', () => {
    const [, reset] = actionStates(FINDINGS.login_locked, context([OWNER]));
    expect(reset).toMatchObject({ enabled: true, blockedBy: null, verificationId: null });
  });
});
