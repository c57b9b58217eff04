import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BLOCK_KINDS, DEACTIVATION_REASONS, FINDING_CODES, SEVERITIES } from '../codes.ts';
import type { AccountSnapshot } from '../facts.ts';
import {
  aBlock,
  aDeactivatedAccount,
  anAccount,
  anIdentityCheck,
  anOwnerLogin,
  aTeamMemberLogin,
  aTombstone,
  NOW,
  snapshotOf,
} from '../test-factories.ts';
import { DAY, HOUR } from '../time.ts';
import { diagnose } from './diagnose.ts';
import { type Finding, SCRIPT_KEYS } from './finding.ts';
import { rankNearMatches } from './near-matches.ts';

function only<C extends Finding['code']>(findings: Finding[], code: C) {
  const found = findings.filter((f): f is Extract<Finding, { code: C }> => f.code === code);
  expect(found).toHaveLength(1);
  const [first] = found;
  if (first === undefined) throw new Error(`no ${code}`);
  return first;
}

function diagnoseOne(query: string, snapshots: AccountSnapshot[]) {
  return diagnose({ query, snapshots, tombstoneMatches: [], nearMatches: [] }, NOW);
}

describe('limited_payment_failed', () => {
  it('after a reactivation that restarted the unpaid run, says so instead of "a payment failed"', () => {
    const reactivatedAt = NOW - HOUR;
    const account = anAccount({
      contactEmail: 'unpaid.closed@example.com',
      status: 'limited',
      paymentFailedAt: reactivatedAt,
      balanceCents: -4900,
    });
    const snapshot = snapshotOf(account);
    const input = { query: account.contactEmail, snapshots: [snapshot], tombstoneMatches: [] };
    const restarted = only(
      diagnose({ ...input, nearMatches: [], dunningRestartedByReactivation: [account.id] }, NOW)
        .findings,
      'limited_payment_failed',
    );
    expect(restarted.scriptKey).toBe('limited_after_reactivation');
    expect(restarted.facts).toMatchObject({
      startedBy: 'reactivation',
      paymentFailedAt: reactivatedAt,
      dayOfDunning: 1,
      deactivatesAt: reactivatedAt + 90 * DAY,
    });
    const failed = only(
      diagnoseOne(account.contactEmail, [snapshot]).findings,
      'limited_payment_failed',
    );
    expect(failed.scriptKey).toBe('limited_payment_failed');
    expect(failed.facts.startedBy).toBe('failed_charge');
  });
});

describe('identifier_not_found', () => {
  it('suggests near matches, closest first, capped, never to be read out', () => {
    const result = diagnose(
      {
        query: 'ok.owner@example.con',
        snapshots: [],
        tombstoneMatches: [],
        nearMatches: [
          'someone.else@example.com',
          'ok.owner@example.com',
          'OK.Owner@example.com',
          'ok.owner@example.con',
          'ok.owner',
          'ok.owner2@example.co',
          'ok.owner1@example.co',
          'ok.owner3@example.co',
          'ok.owner4@example.co',
          'ok.owner5@example.co',
        ],
      },
      NOW,
    );
    const finding = only(result.findings, 'identifier_not_found');
    expect(finding.severity).toBe('blocking');
    expect(finding.facts.readToCaller).toBe(false);
    expect(finding.facts.nearMatches).toEqual([
      'ok.owner',
      'ok.owner@example.com',
      'ok.owner1@example.co',
      'ok.owner2@example.co',
      'ok.owner3@example.co',
    ]);
    expect(result.logins).toEqual([]);
    expect(result.findings).toHaveLength(1);
  });

  it('an account id no account has gets its own script, without near matches', () => {
    const result = diagnose(
      {
        query: 'acc_zz404zz',
        snapshots: [],
        tombstoneMatches: [],
        nearMatches: ['acc_zz404za'],
        unknownAccountId: true,
      },
      NOW,
    );
    const finding = only(result.findings, 'identifier_not_found');
    expect(finding.scriptKey).toBe('account_id_not_found');
    expect(finding.facts).toMatchObject({ givenAs: 'account_id', nearMatches: [] });
    // An email or username that matches nothing keeps the spelling script.
    const byEmail = only(diagnoseOne('nobody@example.com', []).findings, 'identifier_not_found');
    expect(byEmail.scriptKey).toBe('identifier_not_found');
    expect(byEmail.facts.givenAs).toBe('identifier');
  });

  it('does not count removed logins as matches', () => {
    const snapshot = snapshotOf(anAccount(), {
      logins: [
        anOwnerLogin({ identifier: 'gone@example.com' }),
        aTeamMemberLogin({ identifier: 'x@example.com', removedAt: NOW - DAY }),
      ],
    });
    const result = diagnoseOne('x@example.com', [snapshot]);
    expect(result.findings.map((f) => f.code)).toEqual(['identifier_not_found']);
  });

  it('ranks candidates by closeness', () => {
    expect(rankNearMatches('j dupont', ['jdupond', 'jdupont', 'j-dupont'])).toEqual([
      'jdupont',
      'j-dupont',
      'jdupond',
    ]);
  });
});

describe('purged', () => {
  it('is only context when the identifier has a live login again', () => {
    const result = diagnose(
      {
        query: 'back@example.com',
        snapshots: [snapshotOf(anAccount({ contactEmail: 'back@example.com' }))],
        tombstoneMatches: [aTombstone()],
        nearMatches: [],
      },
      NOW,
    );
    expect(only(result.findings, 'purged').severity).toBe('info');
    expect(result.findings.map((f) => f.code)).toEqual(['purged', 'no_blocker_found']);
  });
});

describe('ambiguous_login', () => {
  it('ignores logins of deactivated accounts: they cannot sign in', () => {
    const email = 'former@example.com';
    const closed = snapshotOf(aDeactivatedAccount('owner_cancelled', NOW - 5 * DAY), {
      logins: [anOwnerLogin({ identifier: email })],
    });
    const live = snapshotOf(anAccount(), {
      logins: [
        anOwnerLogin({ identifier: 'boss@example.com' }),
        aTeamMemberLogin({ identifier: email }),
      ],
    });
    const codes = diagnoseOne(email, [closed, live]).findings.map((f) => f.code);
    expect(codes).not.toContain('ambiguous_login');
    expect(codes).toContain('deactivated_reactivatable');
  });

  it('has no detach action when every match is an owner login', () => {
    const email = 'two.owners@example.com';
    const a = snapshotOf(anAccount({ contactEmail: email }));
    const b = snapshotOf(anAccount({ contactEmail: email }));
    const finding = only(diagnoseOne(email, [a, b]).findings, 'ambiguous_login');
    expect(finding.facts.memberships).toHaveLength(2);
    expect(finding.actions).toEqual([]);
  });
});

describe('deactivated accounts', () => {
  it('a deactivation without a recorded reason is not offered for reactivation', () => {
    const account = aDeactivatedAccount('owner_cancelled', NOW - DAY, { deactivationReason: null });
    const finding = only(
      diagnoseOne(account.contactEmail, [snapshotOf(account)]).findings,
      'deactivated_terms',
    );
    expect(finding.facts).toEqual({ reason: null, deactivatedAt: NOW - DAY });
  });

  it('still shows the blocks of a deactivated account: they outlive reactivation', () => {
    const account = aDeactivatedAccount('owner_cancelled', NOW - DAY);
    const snapshot = snapshotOf(account, { blocks: [aBlock('self_block')] });
    expect(diagnoseOne(account.contactEmail, [snapshot]).findings.map((f) => f.code)).toEqual([
      'deactivated_reactivatable',
      'self_block',
    ]);
  });

  it('every reactivatable reason has its own script', () => {
    for (const reason of DEACTIVATION_REASONS.filter((r) => r !== 'terms_violation')) {
      const account = aDeactivatedAccount(reason, NOW - DAY);
      const finding = only(
        diagnoseOne(account.contactEmail, [snapshotOf(account)]).findings,
        'deactivated_reactivatable',
      );
      expect(finding.scriptKey).toBe(`deactivated_reactivatable.${reason}`);
    }
  });

  it('the window closes at exactly 120 days', () => {
    const open = aDeactivatedAccount('owner_request', NOW - 120 * DAY + 1);
    const closed = aDeactivatedAccount('owner_request', NOW - 120 * DAY);
    expect(
      only(diagnoseOne(open.contactEmail, [snapshotOf(open)]).findings, 'deactivated_reactivatable')
        .facts.daysLeft,
    ).toBe(1);
    only(
      diagnoseOne(closed.contactEmail, [snapshotOf(closed)]).findings,
      'deactivated_window_closed',
    );
  });
});

describe('identity_check_required', () => {
  function checkFinding(check: ReturnType<typeof anIdentityCheck>) {
    const snapshot = snapshotOf(anAccount(), {
      blocks: [aBlock('identity_check_required', { identityCheck: check })],
    });
    return only(
      diagnoseOne(snapshot.account.contactEmail, [snapshot]).findings,
      'identity_check_required',
    );
  }

  it('is overdue after 48 hours', () => {
    const finding = checkFinding(
      anIdentityCheck({ status: 'submitted', submittedAt: NOW - 49 * HOUR }),
    );
    expect(finding.facts).toMatchObject({ overdue: true, dueAt: NOW - HOUR });
  });

  it('approved but still blocked: lift it', () => {
    const finding = checkFinding(
      anIdentityCheck({ status: 'approved', submittedAt: NOW - DAY, decidedAt: NOW - HOUR }),
    );
    expect(finding.scriptKey).toBe('identity_check_required.approved');
    expect(finding.actions.map((a) => a.kind)).toEqual(['lift_identity_check_block']);
  });

  it('rejected: nothing for an agent to do, a lead takes it', () => {
    const finding = checkFinding(
      anIdentityCheck({ status: 'rejected', submittedAt: NOW - DAY, decidedAt: NOW - HOUR }),
    );
    expect(finding.scriptKey).toBe('identity_check_required.rejected');
    expect(finding.actions).toEqual([]);
  });

  it('lifted blocks are not findings', () => {
    const snapshot = snapshotOf(anAccount(), {
      blocks: BLOCK_KINDS.map((kind) => aBlock(kind, { liftedAt: NOW - HOUR, liftedBy: 'stf_1' })),
    });
    expect(
      diagnoseOne(snapshot.account.contactEmail, [snapshot]).findings.map((f) => f.code),
    ).toEqual(['no_blocker_found']);
  });
});

describe('recent_credential_change', () => {
  it('covers the last 7 days only', () => {
    const at = (changedAt: number) => {
      const snapshot = snapshotOf(anAccount(), {
        logins: [anOwnerLogin({ identifier: 'p@example.com', passwordChangedAt: changedAt })],
      });
      return diagnoseOne('p@example.com', [snapshot]).findings.map((f) => f.code);
    };
    expect(at(NOW - 7 * DAY + 1)).toContain('recent_credential_change');
    expect(at(NOW - 7 * DAY)).not.toContain('recent_credential_change');
  });
});

describe('a team member caller', () => {
  it('sees the account-level blockers of the account they belong to', () => {
    const snapshot = snapshotOf(anAccount(), {
      logins: [
        anOwnerLogin({ identifier: 'boss@example.com' }),
        aTeamMemberLogin({ identifier: 'mate@example.com' }),
      ],
      blocks: [aBlock('self_block')],
    });
    const result = diagnoseOne('mate@example.com', [snapshot]);
    expect(result.findings.map((f) => f.code)).toEqual(['self_block']);
    expect(result.logins).toEqual([
      expect.objectContaining({ role: 'team_member', matchedBy: 'identifier' }),
    ]);
  });

  it('does not reach an account through a contact email whose owner signs in with an email', () => {
    const snapshot = snapshotOf(anAccount({ contactEmail: 'billing@example.com' }), {
      logins: [anOwnerLogin({ identifier: 'boss@example.com' })],
    });
    expect(diagnoseOne('billing@example.com', [snapshot]).findings.map((f) => f.code)).toEqual([
      'identifier_not_found',
    ]);
  });
});

describe('findings overall', () => {
  it('every finding code and every script key is reachable', () => {
    const seenCodes = new Set<string>();
    const seenKeys = new Set<string>();
    const email = 'all@example.com';
    const record = (findings: Finding[]) => {
      for (const f of findings) {
        seenCodes.add(f.code);
        seenKeys.add(f.scriptKey);
      }
    };
    record(
      diagnose({ query: 'nobody', snapshots: [], tombstoneMatches: [], nearMatches: [] }, NOW)
        .findings,
    );
    record(
      diagnose(
        {
          query: 'acc_nobody1',
          snapshots: [],
          tombstoneMatches: [],
          nearMatches: [],
          unknownAccountId: true,
        },
        NOW,
      ).findings,
    );
    record(
      diagnose(
        { query: 'x', snapshots: [], tombstoneMatches: [aTombstone()], nearMatches: [] },
        NOW,
      ).findings,
    );
    for (const reason of DEACTIVATION_REASONS) {
      for (const ago of [DAY, 121 * DAY]) {
        const account = aDeactivatedAccount(reason, NOW - ago, { contactEmail: email });
        record(diagnoseOne(email, [snapshotOf(account)]).findings);
      }
    }
    for (const status of ['not_started', 'submitted', 'approved', 'rejected'] as const) {
      const block = aBlock('identity_check_required', {
        identityCheck: anIdentityCheck({ status, submittedAt: NOW - HOUR }),
      });
      record(
        diagnoseOne(email, [snapshotOf(anAccount({ contactEmail: email }), { blocks: [block] })])
          .findings,
      );
    }
    const busy = snapshotOf(
      anAccount({ contactEmail: email, status: 'limited', paymentFailedAt: NOW - DAY }),
      {
        logins: [
          anOwnerLogin({
            identifier: email,
            lockedUntil: NOW + HOUR,
            lockoutCount: 1,
            passwordChangedAt: NOW - DAY,
          }),
        ],
        blocks: [aBlock('suspicious_activity'), aBlock('self_block')],
      },
    );
    record(diagnoseOne(email, [busy]).findings);
    record(
      diagnose(
        {
          query: email,
          snapshots: [busy],
          tombstoneMatches: [],
          nearMatches: [],
          dunningRestartedByReactivation: [busy.account.id],
        },
        NOW,
      ).findings,
    );
    const hard = snapshotOf(anAccount(), {
      logins: [anOwnerLogin({ identifier: email, lockoutCount: 3 })],
    });
    record(diagnoseOne(email, [hard]).findings);
    record(
      diagnoseOne(email, [
        snapshotOf(anAccount({ contactEmail: email })),
        snapshotOf(anAccount({ contactEmail: email })),
      ]).findings,
    );
    const username = snapshotOf(anAccount({ contactEmail: email }), {
      logins: [anOwnerLogin({ identifier: 'user1' })],
    });
    record(diagnoseOne(email, [username]).findings);
    record(diagnoseOne('user1', [username]).findings);
    record(diagnoseOne(email, [snapshotOf(anAccount({ contactEmail: email }))]).findings);
    const team = (owner: string) =>
      snapshotOf(anAccount({ contactEmail: owner }), {
        logins: [anOwnerLogin({ identifier: owner }), aTeamMemberLogin({ identifier: email })],
      });
    record(diagnoseOne(email, [team('a@example.com'), team('b@example.com')]).findings);
    const plain = snapshotOf(anAccount({ contactEmail: email }));
    const target = { accountId: plain.account.id, loginId: plain.logins[0]?.id ?? null };
    const kinds = [
      ['reactivate'],
      ['detach_team_member'],
      ['unlock_login'],
      ['unlock_login', 'send_password_reset'],
      ['send_password_reset'],
      ['lift_block'],
    ] as const;
    for (const done of kinds) {
      const recentActions = done.map((kind) => ({
        kind,
        at: NOW - HOUR / 2,
        ...target,
        byYou: true,
        ticketRef: 'T-1',
        blockKind: null,
      }));
      record(
        diagnose(
          {
            query: email,
            snapshots: [plain],
            tombstoneMatches: [],
            nearMatches: [],
            recentActions,
          },
          NOW,
        ).findings,
      );
    }

    expect([...seenCodes].sort()).toEqual([...FINDING_CODES].sort());
    expect([...seenKeys].sort()).toEqual([...SCRIPT_KEYS].sort());
  });

  it('always sorts blocking first, then warning, then info', () => {
    const rank = (f: Finding) => SEVERITIES.indexOf(f.severity);
    const arbitrarySnapshot = fc
      .record({
        status: fc.constantFrom('active', 'limited', 'deactivated' as const),
        reason: fc.constantFrom(...DEACTIVATION_REASONS),
        deactivatedDaysAgo: fc.integer({ min: 0, max: 200 }),
        lockoutCount: fc.integer({ min: 0, max: 3 }),
        lockedFor: fc.integer({ min: -60, max: 60 }),
        changedDaysAgo: fc.integer({ min: 0, max: 20 }),
        role: fc.constantFrom('owner', 'team_member' as const),
        blocks: fc.subarray([...BLOCK_KINDS]),
        username: fc.boolean(),
      })
      .map((r) => {
        const account =
          r.status === 'deactivated'
            ? aDeactivatedAccount(r.reason, NOW - r.deactivatedDaysAgo * DAY, {
                contactEmail: 'q@example.com',
              })
            : anAccount({
                status: r.status,
                contactEmail: 'q@example.com',
                paymentFailedAt: r.status === 'limited' ? NOW - 3 * DAY : null,
              });
        const login = (
          r.username ? anOwnerLogin : r.role === 'owner' ? anOwnerLogin : aTeamMemberLogin
        )({
          identifier: r.username ? 'quser' : 'q@example.com',
          lockoutCount: r.lockoutCount,
          lockedUntil: NOW + r.lockedFor * 60_000,
          passwordChangedAt: NOW - r.changedDaysAgo * DAY,
        });
        return snapshotOf(account, {
          logins: [login],
          blocks: r.blocks.map((kind) => aBlock(kind)),
        });
      });
    fc.assert(
      fc.property(
        fc.array(arbitrarySnapshot, { maxLength: 4 }),
        fc.boolean(),
        fc.constantFrom('q@example.com', ' Q@Example.com', 'quser'),
        (snapshots, tombstone, query) => {
          const { findings } = diagnose(
            {
              query,
              snapshots,
              tombstoneMatches: tombstone ? [aTombstone()] : [],
              nearMatches: ['q@example.co'],
            },
            NOW,
          );
          expect(findings.length).toBeGreaterThan(0);
          for (let i = 1; i < findings.length; i++) {
            const [before, after] = [findings[i - 1], findings[i]];
            if (before && after) expect(rank(before)).toBeLessThanOrEqual(rank(after));
          }
          const blocking = findings.some((f) => f.severity === 'blocking');
          expect(findings.some((f) => f.code === 'no_blocker_found')).toBe(!blocking);
          expect(JSON.stringify(findings)).not.toContain('"note"');
        },
      ),
    );
  });
});
