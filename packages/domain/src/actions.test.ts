import { describe, expect, it } from 'vitest';
import {
  assertBlockLiftable,
  assertExpectedVersion,
  assertResetLinkAllowed,
  assertTeamMember,
  decideIdentityCheck,
  identityCheckDueAt,
  isIdentityCheckOverdue,
  nextResetLinkAllowedAt,
  planBlockLift,
  planDetach,
  planUnlock,
} from './actions.ts';
import { DomainError } from './errors.ts';
import {
  aBlock,
  anAccount,
  anIdentityCheck,
  anOwnerLogin,
  aTeamMemberLogin,
  NOW,
} from './test-factories.ts';
import { HOUR, MINUTE } from './time.ts';

function refusal(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error.reason;
    throw error;
  }
  return undefined;
}

describe('detach team member', () => {
  it('removes a team-member login', () => {
    expect(planDetach(aTeamMemberLogin(), NOW)).toEqual({ removedAt: NOW });
  });

  it('refuses an owner login', () => {
    expect(refusal(() => assertTeamMember(anOwnerLogin()))).toBe('NOT_TEAM_MEMBER');
  });

  it('answers a login already removed with VERSION_CONFLICT: the asker read a stale account', () => {
    expect(refusal(() => assertTeamMember(aTeamMemberLogin({ removedAt: NOW - HOUR })))).toBe(
      'VERSION_CONFLICT',
    );
    // Removed a moment ago by the winner of a race: the same answer.
    expect(refusal(() => planDetach(aTeamMemberLogin({ removedAt: NOW }), NOW))).toBe(
      'VERSION_CONFLICT',
    );
  });
});

describe('unlock', () => {
  it('clears lock and counters and says what it was', () => {
    const login = anOwnerLogin({ lockoutCount: 3, failedAttempts: 2, firstFailedAt: NOW });
    expect(planUnlock(login, NOW)).toEqual({
      changes: { failedAttempts: 0, firstFailedAt: null, lockedUntil: null, lockoutCount: 0 },
      wasLocked: true,
      wasPermanent: true,
    });
    expect(planUnlock(anOwnerLogin({ failedAttempts: 2, firstFailedAt: NOW }), NOW).wasLocked).toBe(
      false,
    );
    expect(refusal(() => planUnlock(anOwnerLogin({ removedAt: NOW }), NOW))).toBe('NOT_FOUND');
  });

  it('refuses an unlock with nothing to clear: another agent just did it', () => {
    expect(refusal(() => planUnlock(anOwnerLogin(), NOW))).toBe('VERSION_CONFLICT');
    // Any one leftover is something to clear.
    for (const leftover of [
      { failedAttempts: 1 },
      { firstFailedAt: NOW - HOUR },
      { lockedUntil: NOW - HOUR },
      { lockoutCount: 1 },
    ]) {
      expect(planUnlock(anOwnerLogin(leftover), NOW).changes.lockoutCount).toBe(0);
    }
  });
});

describe('reset links', () => {
  it('allows 3 per login per rolling hour', () => {
    const two = [NOW - 50 * MINUTE, NOW - 10 * MINUTE];
    expect(nextResetLinkAllowedAt(two, NOW)).toBeNull();
    const three = [NOW - 50 * MINUTE, NOW - 20 * MINUTE, NOW - 10 * MINUTE];
    expect(nextResetLinkAllowedAt(three, NOW)).toBe(NOW + 10 * MINUTE);
    expect(refusal(() => assertResetLinkAllowed(three, NOW))).toBe('RATE_LIMITED');
    expect(refusal(() => assertResetLinkAllowed(three, NOW + 10 * MINUTE))).toBeUndefined();
  });
});

describe('assertBlockLiftable', () => {
  it('self-block: any agent, with a verified owner', () => {
    const block = aBlock('self_block', { accountId: 'acc_a' });
    expect(assertBlockLiftable(block, 'agent', null)).toEqual({
      verification: { kind: 'owner_of_account', accountId: 'acc_a' },
    });
  });

  it('suspicious activity: leads only, with a note', () => {
    const block = aBlock('suspicious_activity');
    expect(refusal(() => assertBlockLiftable(block, 'agent', 'checked'))).toBe('FORBIDDEN_ROLE');
    expect(refusal(() => assertBlockLiftable(block, 'lead', '  '))).toBe('INVALID_INPUT');
    // Invisible characters are no note either, even from a caller that skipped the API schema.
    expect(refusal(() => assertBlockLiftable(block, 'lead', '\u200B\u202E '))).toBe(
      'INVALID_INPUT',
    );
    expect(assertBlockLiftable(block, 'lead', 'Spoke to the bank')).toEqual({
      verification: null,
    });
    expect(assertBlockLiftable(block, 'admin', 'ok').verification).toBeNull();
  });

  it('identity check: only through the check', () => {
    const pending = aBlock('identity_check_required', {
      identityCheck: anIdentityCheck({ status: 'submitted', submittedAt: NOW - HOUR }),
    });
    expect(refusal(() => assertBlockLiftable(pending, 'admin', 'ok'))).toBe('BLOCK_NOT_LIFTABLE');
    const approved = aBlock('identity_check_required', {
      identityCheck: anIdentityCheck({ status: 'approved', decidedAt: NOW - HOUR }),
    });
    expect(assertBlockLiftable(approved, 'agent', null)).toEqual({ verification: null });
  });

  it('refuses a block already lifted', () => {
    const lifted = aBlock('self_block', { liftedAt: NOW - HOUR, liftedBy: 'stf_1' });
    expect(refusal(() => assertBlockLiftable(lifted, 'admin', 'x'))).toBe('BLOCK_NOT_LIFTABLE');
  });

  it('records who lifted it and when', () => {
    expect(planBlockLift('stf_1', NOW)).toEqual({ liftedAt: NOW, liftedBy: 'stf_1' });
  });
});

describe('identity checks', () => {
  const submitted = anIdentityCheck({ status: 'submitted', submittedAt: NOW - 30 * HOUR });

  it('are due 48 hours after submission and overdue only after that', () => {
    expect(identityCheckDueAt(submitted)).toBe(NOW + 18 * HOUR);
    expect(isIdentityCheckOverdue(submitted, NOW)).toBe(false);
    expect(isIdentityCheckOverdue(submitted, NOW + 18 * HOUR)).toBe(false);
    expect(isIdentityCheckOverdue(submitted, NOW + 18 * HOUR + 1)).toBe(true);
    expect(identityCheckDueAt(anIdentityCheck())).toBeNull();
  });

  it('approval records the decision and lifts the block', () => {
    const input = {
      decision: 'approved',
      note: 'ID matches',
      staffId: 'stf_l',
      role: 'lead',
    } as const;
    expect(decideIdentityCheck(submitted, input, NOW)).toEqual({
      check: { status: 'approved', decidedAt: NOW, decidedBy: 'stf_l' },
      liftBlock: true,
    });
  });

  it('rejection keeps the block', () => {
    const input = { decision: 'rejected', note: 'Blurry', staffId: 'stf_l', role: 'lead' } as const;
    expect(decideIdentityCheck(submitted, input, NOW).liftBlock).toBe(false);
  });

  it('only a submitted check, by a lead, with a note', () => {
    const input = { decision: 'approved', note: 'ok', staffId: 's', role: 'lead' } as const;
    for (const status of ['not_started', 'approved', 'rejected'] as const) {
      expect(refusal(() => decideIdentityCheck(anIdentityCheck({ status }), input, NOW))).toBe(
        'BLOCK_NOT_LIFTABLE',
      );
    }
    expect(refusal(() => decideIdentityCheck(submitted, { ...input, role: 'agent' }, NOW))).toBe(
      'FORBIDDEN_ROLE',
    );
    expect(refusal(() => decideIdentityCheck(submitted, { ...input, note: '' }, NOW))).toBe(
      'INVALID_INPUT',
    );
    expect(
      refusal(() => decideIdentityCheck(submitted, { ...input, note: '\uFEFF\u200B' }, NOW)),
    ).toBe('INVALID_INPUT');
  });
});

describe('preconditions shared by every action', () => {
  it('a stale version is a conflict', () => {
    expect(refusal(() => assertExpectedVersion(anAccount({ version: 4 }), 3))).toBe(
      'VERSION_CONFLICT',
    );
    expect(refusal(() => assertExpectedVersion(anAccount({ version: 4 }), 4))).toBeUndefined();
  });
});
