import { describe, expect, it } from 'vitest';
import {
  aBlock,
  anAccount,
  anOwnerLogin,
  aTeamMemberLogin,
  NOW,
  snapshotOf,
} from '../test-factories.ts';
import { HOUR, MINUTE } from '../time.ts';
import { diagnose } from './diagnose.ts';
import type { Finding } from './finding.ts';
import type { RecentSupportAction } from './recent-actions.ts';

function codes(findings: readonly Finding[]) {
  return findings.map((f) => f.code);
}

function recentOf(findings: readonly Finding[]) {
  const found = findings.filter(
    (f): f is Extract<Finding, { code: 'recent_support_action' }> =>
      f.code === 'recent_support_action',
  );
  expect(found).toHaveLength(1);
  const [first] = found;
  if (first === undefined) throw new Error('no recent_support_action');
  return first;
}

function done(
  kind: RecentSupportAction['kind'],
  at: number,
  target: { accountId: string; loginId?: string | null },
  more: Partial<RecentSupportAction> = {},
): RecentSupportAction {
  return {
    kind,
    at,
    accountId: target.accountId,
    loginId: target.loginId ?? null,
    byYou: true,
    ticketRef: 'T-1',
    blockKind: null,
    ...more,
  };
}

function run(
  query: string,
  snapshots: ReturnType<typeof snapshotOf>[],
  recent: RecentSupportAction[],
) {
  return diagnose(
    { query, snapshots, tombstoneMatches: [], nearMatches: [], recentActions: recent },
    NOW,
  );
}

describe('what was just done on the account (issue 13 bug 2)', () => {
  const email = 'locked.out@example.com';
  const account = anAccount({ contactEmail: email });
  const snapshot = snapshotOf(account);
  const login = snapshot.logins[0];
  if (login === undefined) throw new Error('no login');
  const target = { accountId: account.id, loginId: login.id };

  it('after an unlock with its reset link: says so, not "wrong password, send a link"', () => {
    const at = NOW - 2 * MINUTE;
    const result = run(
      email,
      [snapshot],
      [done('unlock_login', at, target), done('send_password_reset', at, target)],
    );
    // What was done first; SPEC §4's no_blocker_found stays, with a script for after a fix.
    expect(codes(result.findings)).toEqual(['recent_support_action', 'no_blocker_found']);
    const nothing = result.findings.find((f) => f.code === 'no_blocker_found');
    expect(nothing?.scriptKey).toBe('no_blocker_found_after_fix');
    // The link may be sent again, but it is not the next step: offered, not recommended.
    expect(nothing?.actions.map((a) => a.offeredOnly)).toEqual([true]);
    const recent = recentOf(result.findings);
    expect(recent.scriptKey).toBe('recent_support_action.unlocked_reset_sent');
    expect(recent.facts).toMatchObject({
      outcome: 'unlocked_reset_sent',
      at,
      byYou: true,
      ticketRef: 'T-1',
      resetLinkSentAt: at,
    });
    // Still possible to send another (within the hourly limit), no longer the recommendation.
    expect(recent.actions.map((a) => [a.kind, a.loginId, a.offeredOnly])).toEqual([
      ['send_password_reset', login.id, true],
    ]);
  });

  it('without any recent action the same login gets the usual no_blocker_found', () => {
    expect(codes(run(email, [snapshot], []).findings)).toEqual(['no_blocker_found']);
  });

  it('a reset link alone, by another staff member, is said as such', () => {
    const at = NOW - 20 * MINUTE;
    const recent = recentOf(
      run(email, [snapshot], [done('send_password_reset', at, target, { byYou: false })]).findings,
    );
    expect(recent.scriptKey).toBe('recent_support_action.reset_link_sent');
    expect(recent.facts).toMatchObject({ byYou: false, resetLinkSentAt: at });
  });

  it('forgets after the window: an hour later it is a new call', () => {
    const result = run(email, [snapshot], [done('unlock_login', NOW - HOUR, target)]);
    expect(codes(result.findings)).toEqual(['no_blocker_found']);
  });

  it('after a reactivation, a detach and a lift: each its own script', () => {
    const reactivated = recentOf(
      run(email, [snapshot], [done('reactivate', NOW - MINUTE, { accountId: account.id })])
        .findings,
    );
    expect(reactivated.scriptKey).toBe('recent_support_action.reactivated');

    const lifted = recentOf(
      run(
        email,
        [snapshotOf(account, { blocks: [aBlock('self_block', { liftedAt: NOW - MINUTE })] })],
        [done('lift_block', NOW - MINUTE, { accountId: account.id }, { blockKind: 'self_block' })],
      ).findings,
    );
    expect(lifted.scriptKey).toBe('recent_support_action.block_lifted');
    expect(lifted.facts.blockKind).toBe('self_block');

    // dual.role: the team-member login detached no longer reaches the other account, but the
    // detach was of the caller's own email, so it is what just happened.
    const dual = 'dual.role@example.com';
    const own = snapshotOf(anAccount({ contactEmail: dual }));
    const member = aTeamMemberLogin({ identifier: dual, removedAt: NOW - MINUTE });
    const studio = snapshotOf(anAccount({ contactEmail: 'studio.owner@example.com' }), {
      logins: [anOwnerLogin({ identifier: 'studio.owner@example.com' }), member],
    });
    const result = run(
      dual,
      [own, studio],
      [
        done('detach_team_member', NOW - MINUTE, {
          accountId: studio.account.id,
          loginId: member.id,
        }),
      ],
    );
    // What was done first; SPEC §4's no_blocker_found stays, with a script for after a fix.
    expect(codes(result.findings)).toEqual(['recent_support_action', 'no_blocker_found']);
    expect(result.findings.find((f) => f.code === 'no_blocker_found')?.scriptKey).toBe(
      'no_blocker_found_after_fix',
    );
    const detached = recentOf(result.findings);
    expect(detached.scriptKey).toBe('recent_support_action.detached');
    expect(detached.accountId).toBe(studio.account.id);
  });

  it("an action on someone else's login of the same account is not this caller's", () => {
    const colleague = anOwnerLogin({ identifier: 'colleague@example.com' });
    const shared = snapshotOf(account, { logins: [login, colleague] });
    const result = run(
      email,
      [shared],
      [done('unlock_login', NOW - MINUTE, { accountId: account.id, loginId: colleague.id })],
    );
    expect(codes(result.findings)).toEqual(['no_blocker_found']);
  });

  it('a fix still leaves what blocks first: a reactivated account that is still self-blocked', () => {
    const blocked = snapshotOf(account, { blocks: [aBlock('self_block')] });
    const result = run(
      email,
      [blocked],
      [done('reactivate', NOW - MINUTE, { accountId: account.id })],
    );
    expect(codes(result.findings)).toEqual(['self_block', 'recent_support_action']);
  });
});
