// One test per demo scenario of SPEC §10, its facts built relative to a fixed clock, read
// through the same diagnosis the console shows.
import { describe, expect, it } from 'vitest';
import type { AccountFacts, AccountSnapshot, LoginFacts, TombstoneFacts } from '../facts.ts';
import { expireLock, recordFailedPassword } from '../lockout.ts';
import {
  aBlock,
  aCard,
  aDeactivatedAccount,
  anAccount,
  anAddress,
  anIdentityCheck,
  anOwnerLogin,
  aTeamMemberLogin,
  aTombstone,
  NOW,
  snapshotOf,
} from '../test-factories.ts';
import { DAY, HOUR, MINUTE } from '../time.ts';
import { availableMethods, checkFactor } from '../verification.ts';
import { diagnose } from './diagnose.ts';
import type { Finding } from './finding.ts';

function run(
  query: string,
  snapshots: AccountSnapshot[],
  tombstoneMatches: TombstoneFacts[] = [],
): ReturnType<typeof diagnose> {
  return diagnose({ query, snapshots, tombstoneMatches, nearMatches: [] }, NOW);
}

function codes(findings: Finding[]): string[] {
  return findings.map((f) => f.code);
}

function only<C extends Finding['code']>(findings: Finding[], code: C) {
  const found = findings.filter((f): f is Extract<Finding, { code: C }> => f.code === code);
  expect(found).toHaveLength(1);
  const [first] = found;
  if (first === undefined) throw new Error(`no ${code}`);
  return first;
}

/** An account whose owner signs in with its contact email, with a card on file. */
function withCard(account: AccountFacts, last4: string): AccountSnapshot {
  return snapshotOf(account, { billing: { card: aCard(last4) } });
}

function failFive(login: LoginFacts, start: number): LoginFacts {
  return [0, 1, 2, 3, 4].reduce((l, i) => recordFailedPassword(l, start + i * MINUTE), login);
}

describe('SPEC §10 demo scenarios', () => {
  it('ok.owner@example.com: nothing wrong, card and address verify', () => {
    const snapshot = snapshotOf(anAccount({ contactEmail: 'ok.owner@example.com' }), {
      billing: { card: aCard('4242'), address: anAddress() },
    });
    const result = run('  OK.Owner@Example.com ', [snapshot]);
    expect(result.query).toBe('ok.owner@example.com');
    expect(codes(result.findings)).toEqual(['no_blocker_found']);
    expect(only(result.findings, 'no_blocker_found').actions).toEqual([
      expect.objectContaining({ kind: 'send_password_reset', needsVerification: false }),
    ]);
    expect(checkFactor(snapshot, { method: 'card_last4', last4: '4242' })).toBe(true);
    expect(
      checkFactor(snapshot, {
        method: 'billing_address',
        postalCode: '75011',
        line1: '10, Rue Oberkampf',
      }),
    ).toBe(true);
  });

  it('locked.out@example.com: 5 failures 10 minutes ago lock for 5 more minutes', () => {
    const login = failFive(
      anOwnerLogin({ identifier: 'locked.out@example.com' }),
      NOW - 14 * MINUTE,
    );
    const snapshot = snapshotOf(anAccount({ contactEmail: 'locked.out@example.com' }), {
      logins: [login],
      billing: { card: aCard('1111') },
    });
    const result = run('locked.out@example.com', [snapshot]);
    expect(codes(result.findings)).toEqual(['login_locked']);
    const locked = only(result.findings, 'login_locked');
    expect(locked.facts).toEqual({
      permanent: false,
      lockedUntil: NOW + 5 * MINUTE,
      lockoutCount: 1,
    });
    expect(locked.scriptKey).toBe('login_locked.temporary');
    expect(locked.actions.map((a) => a.kind)).toEqual(['unlock_login', 'send_password_reset']);
  });

  it('hard.locked@example.com: the 3rd lockout in a row waits for support', () => {
    let login = anOwnerLogin({ identifier: 'hard.locked@example.com' });
    for (const start of [NOW - 3 * HOUR, NOW - 2 * HOUR]) {
      login = expireLock(failFive(login, start), start + HOUR) ?? login;
    }
    login = failFive(login, NOW - HOUR);
    const result = run('hard.locked@example.com', [
      snapshotOf(anAccount(), { logins: [login], billing: { card: aCard('1212') } }),
    ]);
    const locked = only(result.findings, 'login_locked');
    expect(locked.facts).toEqual({ permanent: true, lockedUntil: null, lockoutCount: 3 });
    expect(locked.scriptKey).toBe('login_locked.permanent');
    expect(locked.actions[0]).toMatchObject({ kind: 'unlock_login', needsVerification: true });
  });

  it('dual.role@example.com: owner here, team member there → detach the membership', () => {
    const email = 'dual.role@example.com';
    const own = withCard(anAccount({ contactEmail: email }), '2222');
    const member = aTeamMemberLogin({ identifier: email });
    const other = snapshotOf(anAccount({ contactEmail: 'boss@example.com' }), {
      logins: [anOwnerLogin({ identifier: 'boss@example.com' }), member],
    });
    const result = run(email, [own, other]);
    expect(codes(result.findings)).toEqual(['ambiguous_login']);
    const ambiguous = only(result.findings, 'ambiguous_login');
    expect(ambiguous.facts.memberships.map((m) => m.role)).toEqual(['owner', 'team_member']);
    expect(ambiguous.scriptKey).toBe('ambiguous_login.owner_and_member');
    expect(ambiguous.actions).toEqual([
      {
        kind: 'detach_team_member',
        needsVerification: true,
        minRole: 'agent',
        accountId: other.account.id,
        loginId: member.id,
      },
    ]);
    expect(result.logins).toHaveLength(2);
  });

  it('two.teams@example.com: two memberships, no owner, email code only', () => {
    const email = 'two.teams@example.com';
    const a = snapshotOf(anAccount({ contactEmail: 'a@example.com' }), {
      logins: [
        anOwnerLogin({ identifier: 'a@example.com' }),
        aTeamMemberLogin({ identifier: email }),
      ],
      billing: { card: aCard('1000') },
    });
    const b = snapshotOf(anAccount({ contactEmail: 'b@example.com' }), {
      logins: [
        anOwnerLogin({ identifier: 'b@example.com' }),
        aTeamMemberLogin({ identifier: email }),
      ],
    });
    const result = run(email, [a, b]);
    const ambiguous = only(result.findings, 'ambiguous_login');
    expect(ambiguous.actions.map((x) => x.kind)).toEqual([
      'detach_team_member',
      'detach_team_member',
    ]);
    // Its own script: no "your own account" here, two teams of which the caller keeps one.
    expect(ambiguous.scriptKey).toBe('ambiguous_login.team_memberships');
    const membership = a.logins[1];
    if (membership === undefined) throw new Error('missing login');
    expect(availableMethods(a, membership)).toEqual(['email_code']);
  });

  it('cancelled.recent@example.com: owner_cancelled 10 days ago → reactivate, 110 days left', () => {
    const account = aDeactivatedAccount('owner_cancelled', NOW - 10 * DAY, {
      contactEmail: 'cancelled.recent@example.com',
    });
    const result = run('cancelled.recent@example.com', [withCard(account, '3333')]);
    const finding = only(result.findings, 'deactivated_reactivatable');
    expect(finding.facts).toMatchObject({
      daysLeft: 110,
      statusAfter: 'active',
      restored: account.data,
    });
    expect(finding.scriptKey).toBe('deactivated_reactivatable.owner_cancelled');
    expect(finding.actions).toEqual([
      { kind: 'reactivate', needsVerification: true, minRole: 'agent', accountId: account.id },
    ]);
    expect(codes(result.findings)).toEqual(['deactivated_reactivatable']);
  });

  it('asked.to.close@example.com: owner_request 119 d 23 h ago → 1 day left', () => {
    const account = aDeactivatedAccount('owner_request', NOW - 119 * DAY - 23 * HOUR, {
      contactEmail: 'asked.to.close@example.com',
    });
    const result = run('asked.to.close@example.com', [withCard(account, '3434')]);
    const finding = only(result.findings, 'deactivated_reactivatable');
    expect(finding.facts.daysLeft).toBe(1);
    expect(finding.scriptKey).toBe('deactivated_reactivatable.owner_request');
  });

  it('unpaid.closed@example.com: non_payment 100 days ago, owing → back to limited', () => {
    const account = aDeactivatedAccount('non_payment', NOW - 100 * DAY, {
      contactEmail: 'unpaid.closed@example.com',
      balanceCents: -4900,
    });
    const result = run('unpaid.closed@example.com', [withCard(account, '4444')]);
    const finding = only(result.findings, 'deactivated_reactivatable');
    expect(finding.facts).toMatchObject({
      daysLeft: 20,
      statusAfter: 'limited',
      planAfter: 'paid',
    });
    expect(finding.scriptKey).toBe('deactivated_reactivatable.non_payment');
  });

  it('trial.ended@example.com: trial_expired 30 days ago, no card → free plan; address verifies', () => {
    const account = aDeactivatedAccount('trial_expired', NOW - 30 * DAY, {
      contactEmail: 'trial.ended@example.com',
      plan: 'trial',
    });
    const snapshot = snapshotOf(account, {
      billing: {
        address: anAddress({ line1: '5 Avenue Jean Jaurès', postalCode: '69007', city: 'Lyon' }),
      },
    });
    const result = run('trial.ended@example.com', [snapshot]);
    const finding = only(result.findings, 'deactivated_reactivatable');
    expect(finding.facts).toMatchObject({ daysLeft: 90, statusAfter: 'active', planAfter: 'free' });
    const owner = snapshot.logins[0];
    if (owner === undefined) throw new Error('missing login');
    expect(availableMethods(snapshot, owner)).toEqual(['billing_address', 'email_code']);
    expect(
      checkFactor(snapshot, {
        method: 'billing_address',
        postalCode: '69 007',
        line1: '5 avenue jean jaures',
      }),
    ).toBe(true);
  });

  it('tos.closed@example.com: terms violation → nothing to do in the console', () => {
    const account = aDeactivatedAccount('terms_violation', NOW - 5 * DAY, {
      contactEmail: 'tos.closed@example.com',
    });
    const result = run('tos.closed@example.com', [withCard(account, '5555')]);
    expect(codes(result.findings)).toEqual(['deactivated_terms']);
    expect(only(result.findings, 'deactivated_terms').actions).toEqual([]);
  });

  it('window.closed@example.com: 120 d 2 h ago, not purged → window closed, purge due in 22 h', () => {
    const account = aDeactivatedAccount('owner_cancelled', NOW - 120 * DAY - 2 * HOUR, {
      contactEmail: 'window.closed@example.com',
    });
    const result = run('window.closed@example.com', [withCard(account, '5656')]);
    expect(codes(result.findings)).toEqual(['deactivated_window_closed']);
    const finding = only(result.findings, 'deactivated_window_closed');
    expect(finding.facts.purgeDueAt).toBe(NOW + 22 * HOUR);
    expect(finding.actions).toEqual([]);
  });

  it('purged.long.ago@example.com: a tombstone says when it was purged', () => {
    const tombstone = aTombstone({ deactivatedAt: NOW - 200 * DAY, purgedAt: NOW - 79 * DAY });
    const result = run('purged.long.ago@example.com', [], [tombstone]);
    expect(codes(result.findings)).toEqual(['purged']);
    const finding = only(result.findings, 'purged');
    expect(finding.severity).toBe('blocking');
    expect(finding.facts).toEqual({
      deactivatedAt: NOW - 200 * DAY,
      purgedAt: NOW - 79 * DAY,
      mayRegisterAgain: true,
    });
    expect(result.logins).toEqual([]);
  });

  it('limited.dunning@example.com: failed 20 days ago → day 21 of 90, next retry at day 30', () => {
    const t0 = NOW - 20 * DAY;
    const account = anAccount({
      contactEmail: 'limited.dunning@example.com',
      status: 'limited',
      paymentFailedAt: t0,
      balanceCents: -2900,
    });
    const result = run('limited.dunning@example.com', [withCard(account, '6666')]);
    expect(codes(result.findings)).toEqual(['limited_payment_failed', 'no_blocker_found']);
    expect(only(result.findings, 'limited_payment_failed').facts).toEqual({
      balanceCents: -2900,
      paymentFailedAt: t0,
      startedBy: 'failed_charge',
      dayOfDunning: 21,
      dunningDays: 90,
      deactivatesAt: t0 + 90 * DAY,
      nextRetryAt: t0 + 30 * DAY,
      retriesDone: 3,
    });
  });

  it('kyc.pending@example.com: submitted 30 hours ago → due in 18 hours, a lead decides', () => {
    const block = aBlock('identity_check_required', {
      identityCheck: anIdentityCheck({ status: 'submitted', submittedAt: NOW - 30 * HOUR }),
    });
    const account = anAccount({ contactEmail: 'kyc.pending@example.com' });
    const snapshot = snapshotOf(account, { blocks: [block], billing: { card: aCard('7777') } });
    const result = run('kyc.pending@example.com', [snapshot]);
    const finding = only(result.findings, 'identity_check_required');
    expect(finding.facts).toMatchObject({
      checkStatus: 'submitted',
      dueAt: NOW + 18 * HOUR,
      overdue: false,
    });
    expect(finding.scriptKey).toBe('identity_check_required.submitted');
    expect(finding.actions).toEqual([
      {
        kind: 'decide_identity_check',
        needsVerification: false,
        minRole: 'lead',
        accountId: account.id,
        blockId: block.id,
      },
    ]);
  });

  it('kyc.todo@example.com: not started → explain how to submit', () => {
    const snapshot = snapshotOf(anAccount({ contactEmail: 'kyc.todo@example.com' }), {
      blocks: [aBlock('identity_check_required')],
      billing: { card: aCard('7878') },
    });
    const finding = only(
      run('kyc.todo@example.com', [snapshot]).findings,
      'identity_check_required',
    );
    expect(finding.facts).toMatchObject({
      checkStatus: 'not_started',
      dueAt: null,
      overdue: false,
    });
    expect(finding.scriptKey).toBe('identity_check_required.not_started');
    expect(finding.actions).toEqual([]);
  });

  it('fraud.hold@example.com: suspicious activity → leads only, signals withheld', () => {
    const block = aBlock('suspicious_activity', {
      placedBy: 'stf_risk',
      note: 'Logins from 3 countries in 1 hour; card testing pattern',
    });
    const snapshot = snapshotOf(anAccount({ contactEmail: 'fraud.hold@example.com' }), {
      blocks: [block],
      billing: { card: aCard('8888') },
    });
    const finding = only(run('fraud.hold@example.com', [snapshot]).findings, 'suspicious_activity');
    expect(finding.facts).toEqual({
      blockId: block.id,
      placedAt: block.placedAt,
      customerNotifiedAt: block.customerNotifiedAt,
    });
    expect(JSON.stringify(finding)).not.toContain('countries');
    expect(JSON.stringify(finding)).not.toContain('stf_risk');
    expect(finding.actions).toEqual([
      expect.objectContaining({ kind: 'lift_suspicious_block', minRole: 'lead' }),
    ]);
  });

  it('self.blocked@example.com: blocked by the customer → lift after verification', () => {
    const snapshot = snapshotOf(anAccount({ contactEmail: 'self.blocked@example.com' }), {
      blocks: [aBlock('self_block')],
      billing: { card: aCard('9999') },
    });
    const finding = only(run('self.blocked@example.com', [snapshot]).findings, 'self_block');
    expect(finding.actions).toEqual([
      expect.objectContaining({
        kind: 'lift_self_block',
        needsVerification: true,
        minRole: 'agent',
      }),
    ]);
  });

  it('new.password@example.com: changed 2 days ago → clear cache, then reset if needed', () => {
    const login = anOwnerLogin({
      identifier: 'new.password@example.com',
      passwordChangedAt: NOW - 2 * DAY,
    });
    const snapshot = snapshotOf(anAccount(), { logins: [login], billing: { card: aCard('1357') } });
    const result = run('new.password@example.com', [snapshot]);
    expect(codes(result.findings)).toEqual(['recent_credential_change', 'no_blocker_found']);
    expect(only(result.findings, 'recent_credential_change').facts).toEqual({
      changedAt: NOW - 2 * DAY,
      daysAgo: 2,
    });
  });

  it('jdupont: a username account reached by its contact email or its username', () => {
    const login = anOwnerLogin({ identifier: 'jdupont' });
    const snapshot = snapshotOf(anAccount({ contactEmail: 'j.dupont@example.fr' }), {
      logins: [login],
      billing: { card: aCard('2468') },
    });
    const byEmail = run('J.Dupont@example.fr', [snapshot]);
    expect(codes(byEmail.findings)).toEqual(['username_login', 'no_blocker_found']);
    expect(only(byEmail.findings, 'username_login')).toMatchObject({
      facts: { usernames: ['jdupont'], givenAs: 'contact_email', verifyBeforeReading: true },
      scriptKey: 'username_login.contact_email',
      loginId: login.id,
    });
    expect(byEmail.logins).toEqual([
      expect.objectContaining({
        loginId: login.id,
        identifierKind: 'username',
        matchedBy: 'contact_email',
      }),
    ]);
    const byUsername = run('JDupont', [snapshot]);
    expect(only(byUsername.findings, 'username_login').facts).toMatchObject({
      givenAs: 'username',
      verifyBeforeReading: false,
    });
  });
});
