import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.ts';
import { normaliseForComparison } from './normalise.ts';
import {
  aCard,
  anAccount,
  anAddress,
  anOwnerLogin,
  aTeamMemberLogin,
  NOW,
  snapshotOf,
} from './test-factories.ts';
import { HOUR, MINUTE } from './time.ts';
import {
  accountVerificationLockedUntil,
  assertVerificationCovers,
  availableMethods,
  checkFactor,
  constantTimeEqual,
  emailCodeAddress,
  isEmailCodeUsable,
  lockedUntilFromFailures,
  maskCard,
  staffThrottledUntil,
  type VerificationGrant,
  verificationCovers,
  verificationExpiresAt,
} from './verification.ts';

const withBilling = snapshotOf(anAccount(), {
  billing: { card: aCard('4242'), address: anAddress() },
});

describe('constantTimeEqual', () => {
  it('agrees with ===', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(constantTimeEqual(a, b)).toBe(a === b);
      }),
    );
    fc.assert(
      fc.property(fc.string(), (a) => {
        expect(constantTimeEqual(a, a)).toBe(true);
        expect(constantTimeEqual(a, `${a}\u0000`)).toBe(false);
      }),
    );
  });
});

describe('availableMethods', () => {
  it('offers an owner every method the account supports', () => {
    const owner = withBilling.logins[0] ?? anOwnerLogin();
    expect(availableMethods(withBilling, owner)).toEqual([
      'card_last4',
      'billing_address',
      'email_code',
    ]);
  });

  it('offers only what is on file', () => {
    const noCard = snapshotOf(anAccount(), { billing: { address: anAddress() } });
    const owner = noCard.logins[0] ?? anOwnerLogin();
    expect(availableMethods(noCard, owner)).toEqual(['billing_address', 'email_code']);
  });

  it('sends a username owner’s code to the contact email', () => {
    const login = anOwnerLogin({ identifier: 'jdupont' });
    const snapshot = snapshotOf(anAccount({ contactEmail: 'j.dupont@example.fr' }), {
      logins: [login],
    });
    expect(availableMethods(snapshot, login)).toEqual(['email_code']);
    expect(emailCodeAddress(snapshot, login)).toBe('j.dupont@example.fr');
  });

  it('offers a team member only an email code', () => {
    const member = aTeamMemberLogin({ identifier: 'mate@example.com' });
    expect(availableMethods(withBilling, member)).toEqual(['email_code']);
    expect(emailCodeAddress(withBilling, member)).toBe('mate@example.com');
  });
});

describe('checkFactor', () => {
  it('passes the right last 4 digits, with stray spaces', () => {
    expect(checkFactor(withBilling, { method: 'card_last4', last4: '4242' })).toBe(true);
    expect(checkFactor(withBilling, { method: 'card_last4', last4: ' 42 42 ' })).toBe(true);
  });

  it('passes the address whatever its case, accents, spaces and punctuation', () => {
    expect(
      checkFactor(withBilling, {
        method: 'billing_address',
        postalCode: '75 011',
        line1: '10, rue  OBERKAMPF.',
      }),
    ).toBe(true);
    const jaures = snapshotOf(anAccount(), {
      billing: { address: anAddress({ line1: '5 Avenue Jean Jaurès', postalCode: '69007' }) },
    });
    expect(
      checkFactor(jaures, {
        method: 'billing_address',
        postalCode: '69007',
        line1: '5 avenue jean-jaures',
      }),
    ).toBe(true);
  });

  it('fails when either half of the address is wrong', () => {
    expect(
      checkFactor(withBilling, {
        method: 'billing_address',
        postalCode: '75012',
        line1: '10 Rue Oberkampf',
      }),
    ).toBe(false);
    expect(
      checkFactor(withBilling, {
        method: 'billing_address',
        postalCode: '75011',
        line1: '11 Rue Oberkampf',
      }),
    ).toBe(false);
  });

  it('fails when nothing is on file', () => {
    const bare = snapshotOf(anAccount());
    expect(checkFactor(bare, { method: 'card_last4', last4: '4242' })).toBe(false);
    expect(checkFactor(bare, { method: 'billing_address', postalCode: '', line1: '' })).toBe(false);
  });

  it('never passes on a wrong last 4', () => {
    fc.assert(
      fc.property(fc.string(), (typed) => {
        fc.pre(typed.replace(/\s+/gu, '') !== '4242');
        expect(checkFactor(withBilling, { method: 'card_last4', last4: typed })).toBe(false);
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^\d{4}$/), fc.stringMatching(/^\d{4}$/), (onFile, typed) => {
        fc.pre(onFile !== typed);
        const snapshot = snapshotOf(anAccount(), { billing: { card: aCard(onFile) } });
        expect(checkFactor(snapshot, { method: 'card_last4', last4: typed })).toBe(false);
      }),
    );
  });

  it('never passes on a wrong address', () => {
    // "Wrong" means different once case, accents, spaces and punctuation are set aside.
    const differs = (typed: string, onFile: string) =>
      normaliseForComparison(typed) !== normaliseForComparison(onFile);
    const onFile = anAddress();
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.constant('75011')),
        fc.oneof(fc.string({ unit: 'grapheme' }), fc.constant('10 rue oberkampf')),
        (postalCode, line1) => {
          fc.pre(differs(postalCode, onFile.postalCode) || differs(line1, onFile.line1));
          expect(checkFactor(withBilling, { method: 'billing_address', postalCode, line1 })).toBe(
            false,
          );
        },
      ),
    );
  });

  it('masks the card', () => {
    expect(maskCard(aCard('4242'))).toBe('•••• 4242');
  });
});

describe('email codes', () => {
  it('are valid 10 minutes and 3 tries', () => {
    expect(isEmailCodeUsable({ sentAt: NOW, tries: 0 }, NOW + 10 * MINUTE - 1)).toBe(true);
    expect(isEmailCodeUsable({ sentAt: NOW, tries: 0 }, NOW + 10 * MINUTE)).toBe(false);
    expect(isEmailCodeUsable({ sentAt: NOW, tries: 2 }, NOW)).toBe(true);
    expect(isEmailCodeUsable({ sentAt: NOW, tries: 3 }, NOW)).toBe(false);
  });
});

describe('failure limits', () => {
  it('3 account failures in a rolling hour lock for an hour from the third', () => {
    const failures = [NOW - 50 * MINUTE, NOW - 20 * MINUTE, NOW - 5 * MINUTE];
    expect(accountVerificationLockedUntil(failures, NOW)).toBe(NOW - 5 * MINUTE + HOUR);
    expect(accountVerificationLockedUntil(failures.slice(0, 2), NOW)).toBeNull();
  });

  it('3 failures spread over more than an hour do not lock', () => {
    const failures = [NOW - 70 * MINUTE, NOW - 20 * MINUTE, NOW - 5 * MINUTE];
    expect(accountVerificationLockedUntil(failures, NOW)).toBeNull();
    expect(accountVerificationLockedUntil([NOW - HOUR, NOW - 1, NOW], NOW)).toBeNull();
  });

  it('the lock ends an hour after the failure that reached the limit', () => {
    const failures = [NOW, NOW + MINUTE, NOW + 2 * MINUTE];
    expect(accountVerificationLockedUntil(failures, NOW + 2 * MINUTE + HOUR - 1)).toBe(
      NOW + 2 * MINUTE + HOUR,
    );
    expect(accountVerificationLockedUntil(failures, NOW + 2 * MINUTE + HOUR)).toBeNull();
  });

  it('10 staff failures in an hour throttle for an hour', () => {
    const nine = Array.from({ length: 9 }, (_, i) => NOW - i * MINUTE);
    expect(staffThrottledUntil(nine, NOW)).toBeNull();
    expect(staffThrottledUntil([...nine, NOW - 30 * MINUTE], NOW)).toBe(NOW + HOUR);
  });

  it('ignores failures in the future and is order-independent', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -3 * HOUR, max: HOUR })), (offsets) => {
        const times = offsets.map((o) => NOW + o);
        const reversed = [...times].reverse();
        expect(lockedUntilFromFailures(times, NOW, 3, HOUR)).toBe(
          lockedUntilFromFailures(reversed, NOW, 3, HOUR),
        );
        const result = lockedUntilFromFailures(times, NOW, 3, HOUR);
        if (result !== null) expect(result).toBeGreaterThan(NOW);
      }),
    );
  });
});

describe('verificationCovers', () => {
  const grant: VerificationGrant = {
    staffId: 'stf_agent',
    ticketRef: 'T-1001',
    loginId: 'lgn_owner',
    accountId: 'acc_a',
    identifier: 'dual.role@example.com',
    role: 'owner',
    expiresAt: verificationExpiresAt(NOW),
  };
  const use = { staffId: 'stf_agent', ticketRef: 'T-1001', now: NOW + MINUTE };

  it('a verified owner covers reactivation and self-block lifting on that account', () => {
    const target = { kind: 'owner_of_account', accountId: 'acc_a' } as const;
    expect(verificationCovers(grant, { ...use, target })).toEqual({ ok: true });
    expect(
      verificationCovers(grant, { ...use, target: { ...target, accountId: 'acc_b' } }),
    ).toEqual({ ok: false, reason: 'VERIFICATION_REQUIRED' });
    expect(verificationCovers({ ...grant, role: 'team_member' }, { ...use, target })).toEqual({
      ok: false,
      reason: 'VERIFICATION_REQUIRED',
    });
  });

  it('unlocking needs the holder of that very login', () => {
    expect(
      verificationCovers(grant, {
        ...use,
        target: { kind: 'holder_of_login', loginId: 'lgn_owner' },
      }).ok,
    ).toBe(true);
    expect(
      verificationCovers(grant, { ...use, target: { kind: 'holder_of_login', loginId: 'lgn_tm' } })
        .ok,
    ).toBe(false);
  });

  it('detaching needs a holder of the same email, through any of its logins', () => {
    const target = { kind: 'holder_of_email', email: 'dual.role@example.com' } as const;
    expect(verificationCovers(grant, { ...use, target }).ok).toBe(true);
    expect(
      verificationCovers(grant, { ...use, target: { ...target, email: 'other@example.com' } }).ok,
    ).toBe(false);
  });

  it('is bound to the staff member and the ticket', () => {
    const target = { kind: 'owner_of_account', accountId: 'acc_a' } as const;
    expect(verificationCovers(grant, { ...use, staffId: 'stf_other', target })).toEqual({
      ok: false,
      reason: 'VERIFICATION_REQUIRED',
    });
    expect(verificationCovers(grant, { ...use, ticketRef: 'T-9', target })).toEqual({
      ok: false,
      reason: 'VERIFICATION_REQUIRED',
    });
    expect(verificationCovers(null, { ...use, target })).toEqual({
      ok: false,
      reason: 'VERIFICATION_REQUIRED',
    });
  });

  it('expires 15 minutes after the pass', () => {
    const target = { kind: 'owner_of_account', accountId: 'acc_a' } as const;
    expect(verificationCovers(grant, { ...use, now: NOW + 15 * MINUTE - 1, target }).ok).toBe(true);
    expect(verificationCovers(grant, { ...use, now: NOW + 15 * MINUTE, target })).toEqual({
      ok: false,
      reason: 'VERIFICATION_EXPIRED',
    });
    expect(() =>
      assertVerificationCovers(grant, { ...use, now: NOW + 15 * MINUTE, target }),
    ).toThrowError(DomainError);
  });
});
