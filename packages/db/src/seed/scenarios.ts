import {
  type AccountFacts,
  DAY,
  dunningTransition,
  type FindingCode,
  HOUR,
  type LockFields,
  MINUTE,
  onChargeFailed,
  purgeAfterFor,
  recordFailedPassword,
} from '@lifeline/domain';
import { identifierHash } from '../secrets.ts';
import type { AccountRow, BlockRow, LoginRow, SeedWriter } from './writer.ts';

/**
 * The named accounts of SPEC §10, exactly as the table describes them, dated relative to
 * the seeding instant. Every one is an owner login on its own account unless said otherwise.
 */

export interface ScenarioContext {
  now: number;
  write: SeedWriter;
  newId: (prefix: string) => string;
  identifierHashKey: string;
}

interface OwnerOptions {
  identifier: string;
  contactEmail?: string;
  account?: Partial<AccountRow>;
  login?: Partial<LoginRow>;
  card?: string;
  address?: { line1: string; postalCode: string; city: string };
}

/**
 * The company or workspace each scenario account is known by, with the customer's zone and
 * language (issue 13): the console leads with the name; French customers are in Paris.
 */
const SCENARIO_CUSTOMERS: Readonly<
  Record<string, Pick<AccountRow, 'displayName' | 'timeZone' | 'language'>>
> = {
  'ok.owner@example.com': {
    displayName: 'Okapi Outdoor',
    timeZone: 'Europe/London',
    language: 'en',
  },
  'locked.out@example.com': {
    displayName: 'Lockhart Legal',
    timeZone: 'America/New_York',
    language: 'en',
  },
  'hard.locked@example.com': {
    displayName: 'Hardwick Hardware',
    timeZone: 'Europe/London',
    language: 'en',
  },
  'dual.role@example.com': {
    displayName: 'Dual Design Co.',
    timeZone: 'Europe/London',
    language: 'en',
  },
  'studio.owner@example.com': {
    displayName: 'Studio Sol',
    timeZone: 'Europe/Lisbon',
    language: 'en',
  },
  'agency.one@agency-one.example': {
    displayName: 'Agency One',
    timeZone: 'Europe/London',
    language: 'en',
  },
  'agency.two@agency-two.example': {
    displayName: 'Agency Two',
    timeZone: 'America/Chicago',
    language: 'en',
  },
  'cancelled.recent@example.com': {
    displayName: 'Canopy Cafe',
    timeZone: 'Europe/London',
    language: 'en',
  },
  'asked.to.close@example.com': {
    displayName: 'Ashgrove Books',
    timeZone: 'America/Los_Angeles',
    language: 'en',
  },
  'unpaid.closed@example.com': {
    displayName: 'Unity Fitness',
    timeZone: 'Europe/London',
    language: 'en',
  },
  'trial.ended@example.com': {
    displayName: 'Trialto Games',
    timeZone: 'America/New_York',
    language: 'en',
  },
  'tos.closed@example.com': {
    displayName: 'Topsy Deals',
    timeZone: 'Europe/London',
    language: 'en',
  },
  'window.closed@example.com': {
    displayName: 'Windmill Crafts',
    timeZone: 'Europe/Amsterdam',
    language: 'en',
  },
  'limited.dunning@example.com': {
    displayName: 'Limelight Events',
    timeZone: 'Europe/London',
    language: 'en',
  },
  'kyc.pending@example.com': {
    displayName: 'Kyoto Kitchen',
    timeZone: 'Asia/Tokyo',
    language: 'en',
  },
  'kyc.todo@example.com': {
    displayName: 'Kestrel Tours',
    timeZone: 'Europe/London',
    language: 'en',
  },
  'fraud.hold@example.com': {
    displayName: 'Fraser Florists',
    timeZone: 'Europe/London',
    language: 'en',
  },
  'self.blocked@example.com': {
    displayName: 'Selkie Swimwear',
    timeZone: 'Europe/Dublin',
    language: 'en',
  },
  'new.password@example.com': {
    displayName: 'Newt Nurseries',
    timeZone: 'Europe/London',
    language: 'en',
  },
  jdupont: { displayName: 'Boulangerie Dupont', timeZone: 'Europe/Paris', language: 'fr' },
};

/** The scenario identifiers, in the README's order, so tests can walk them all. */
export const SCENARIO_IDENTIFIERS = [
  'ok.owner@example.com',
  'locked.out@example.com',
  'hard.locked@example.com',
  'dual.role@example.com',
  'two.teams@example.com',
  'cancelled.recent@example.com',
  'asked.to.close@example.com',
  'unpaid.closed@example.com',
  'trial.ended@example.com',
  'tos.closed@example.com',
  'window.closed@example.com',
  'purged.long.ago@example.com',
  'limited.dunning@example.com',
  'kyc.pending@example.com',
  'kyc.todo@example.com',
  'fraud.hold@example.com',
  'self.blocked@example.com',
  'new.password@example.com',
  'jdupont',
] as const;

/**
 * What each scenario diagnoses as (its first finding, SPEC §4): the contract the seeded data
 * is checked against, at the db level and over HTTP.
 */
export const SCENARIO_FIRST_FINDING: Readonly<
  Record<(typeof SCENARIO_IDENTIFIERS)[number], FindingCode>
> = {
  'ok.owner@example.com': 'no_blocker_found',
  'locked.out@example.com': 'login_locked',
  'hard.locked@example.com': 'login_locked',
  'dual.role@example.com': 'ambiguous_login',
  'two.teams@example.com': 'ambiguous_login',
  'cancelled.recent@example.com': 'deactivated_reactivatable',
  'asked.to.close@example.com': 'deactivated_reactivatable',
  'unpaid.closed@example.com': 'deactivated_reactivatable',
  'trial.ended@example.com': 'deactivated_reactivatable',
  'tos.closed@example.com': 'deactivated_terms',
  'window.closed@example.com': 'deactivated_window_closed',
  'purged.long.ago@example.com': 'purged',
  'limited.dunning@example.com': 'limited_payment_failed',
  'kyc.pending@example.com': 'identity_check_required',
  'kyc.todo@example.com': 'identity_check_required',
  'fraud.hold@example.com': 'suspicious_activity',
  'self.blocked@example.com': 'self_block',
  'new.password@example.com': 'recent_credential_change',
  jdupont: 'username_login',
};

/** A login after these failed passwords, as the product's lockout rules leave it (SPEC §3). */
function afterFailedPasswords(times: readonly number[]): LockFields {
  const cleared = { failedAttempts: 0, firstFailedAt: null, lockedUntil: null, lockoutCount: 0 };
  return times.reduce<LockFields>((login, at) => recordFailedPassword(login, at), cleared);
}

/** Five failed passwords a minute apart, the last at `fifth`. */
function fiveFailuresEndingAt(fifth: number): number[] {
  return [4, 3, 2, 1, 0].map((minutes) => fifth - minutes * MINUTE);
}

export function seedScenarios(ctx: ScenarioContext): void {
  const { now, write, newId } = ctx;

  /**
   * An active paid account whose charges failed from `t0` on, as the product's dunning leaves it
   * by now (SPEC §3): limited, or deactivated for non-payment once 90 days have passed.
   */
  function unpaidSince(t0: number, balanceCents: number): Partial<AccountRow> {
    const active: AccountFacts = {
      id: '',
      contactEmail: '',
      plan: 'paid',
      status: 'active',
      createdAt: now - 400 * DAY,
      trialEndsAt: null,
      balanceCents,
      deactivatedAt: null,
      deactivationReason: null,
      purgeAfter: null,
      paymentFailedAt: null,
      version: 1,
      data: { contacts: 0, lists: 0, campaigns: 0 },
      // Not read by dunning; the account row gets the scenario's own.
      displayName: '',
      timeZone: 'UTC',
      language: 'en',
    };
    const limited = { ...active, ...onChargeFailed(active, t0) };
    const account = { ...limited, ...dunningTransition(limited, now) };
    if (account.status === 'purged') throw new Error('dunning never purges');
    return {
      status: account.status,
      balanceCents: account.balanceCents,
      paymentFailedAt: account.paymentFailedAt,
      deactivatedAt: account.deactivatedAt,
      deactivationReason: account.deactivationReason,
      purgeAfter: account.purgeAfter,
    };
  }

  function deactivated(reason: string, ago: number): Partial<AccountRow> {
    const deactivatedAt = now - ago;
    return {
      status: 'deactivated',
      deactivatedAt,
      deactivationReason: reason,
      purgeAfter: purgeAfterFor(deactivatedAt),
    };
  }

  function owner(options: OwnerOptions): { accountId: string; loginId: string } {
    const accountId = newId('acc');
    const loginId = newId('lgn');
    const isEmail = options.identifier.includes('@');
    write.account({
      id: accountId,
      contactEmail: options.contactEmail ?? options.identifier,
      plan: 'paid',
      status: 'active',
      createdAt: now - 400 * DAY,
      trialEndsAt: null,
      balanceCents: 0,
      deactivatedAt: null,
      deactivationReason: null,
      purgeAfter: null,
      paymentFailedAt: null,
      contactsCount: 1840,
      listsCount: 6,
      campaignsCount: 42,
      ...(SCENARIO_CUSTOMERS[options.identifier] ?? {
        displayName: '',
        timeZone: 'UTC',
        language: 'en',
      }),
      ...options.account,
    });
    write.login({
      id: loginId,
      accountId,
      identifier: options.identifier,
      identifierKind: isEmail ? 'email' : 'username',
      role: 'owner',
      createdAt: now - 400 * DAY,
      passwordChangedAt: now - 180 * DAY,
      failedAttempts: 0,
      firstFailedAt: null,
      lockedUntil: null,
      lockoutCount: 0,
      ...options.login,
    });
    if (options.card) write.card(accountId, 'visa', options.card);
    if (options.address) {
      const { line1, postalCode, city } = options.address;
      write.address(accountId, line1, postalCode, city, 'FR');
    }
    return { accountId, loginId };
  }

  function teamMember(accountId: string, identifier: string): void {
    write.login({
      id: newId('lgn'),
      accountId,
      identifier,
      identifierKind: 'email',
      role: 'team_member',
      createdAt: now - 90 * DAY,
      passwordChangedAt: now - 90 * DAY,
      failedAttempts: 0,
      firstFailedAt: null,
      lockedUntil: null,
      lockoutCount: 0,
    });
  }

  function block(accountId: string, row: Omit<BlockRow, 'id' | 'accountId'>): string {
    const id = newId('blk');
    write.block({ id, accountId, ...row });
    return id;
  }

  function monthlyCharges(accountId: string, months: number, until: number): void {
    for (let i = months; i >= 1; i -= 1) {
      write.charge({
        accountId,
        at: until - i * 30 * DAY,
        amountCents: 4900,
        outcome: 'succeeded',
        failureCode: null,
      });
    }
  }

  // Active paid, nothing wrong.
  const ok = owner({
    identifier: 'ok.owner@example.com',
    card: '4242',
    address: { line1: '10 Rue Oberkampf', postalCode: '75011', city: 'Paris' },
  });
  monthlyCharges(ok.accountId, 3, now);

  // Five failed passwords, the fifth ten minutes ago: locked for 15 minutes from then.
  owner({
    identifier: 'locked.out@example.com',
    card: '1111',
    login: afterFailedPasswords(fiveFailuresEndingAt(now - 10 * MINUTE)),
  });

  // Third lockout in a row: locked until support unlocks it or a reset completes.
  owner({
    identifier: 'hard.locked@example.com',
    card: '1212',
    login: afterFailedPasswords(
      [3 * HOUR, 2 * HOUR + 30 * MINUTE, 2 * HOUR - MINUTE].flatMap((ago) =>
        fiveFailuresEndingAt(now - ago),
      ),
    ),
  });

  // The same email owns one account and is a team member of another.
  owner({ identifier: 'dual.role@example.com', card: '2222' });
  const studio = owner({ identifier: 'studio.owner@example.com', card: '2323' });
  teamMember(studio.accountId, 'dual.role@example.com');

  // Team member of two accounts, owner of none: only an email code can verify them.
  const agencyOne = owner({ identifier: 'agency.one@agency-one.example', card: '3030' });
  const agencyTwo = owner({ identifier: 'agency.two@agency-two.example', card: '3131' });
  teamMember(agencyOne.accountId, 'two.teams@example.com');
  teamMember(agencyTwo.accountId, 'two.teams@example.com');

  owner({
    identifier: 'cancelled.recent@example.com',
    card: '3333',
    account: deactivated('owner_cancelled', 10 * DAY),
  });
  owner({
    identifier: 'asked.to.close@example.com',
    card: '3434',
    account: deactivated('owner_request', 119 * DAY + 23 * HOUR),
  });

  // Unpaid for 90 days after its first failed charge, then deactivated 100 days ago.
  const unpaidDeactivatedAt = now - 100 * DAY;
  const unpaidT0 = unpaidDeactivatedAt - 90 * DAY;
  const unpaid = owner({
    identifier: 'unpaid.closed@example.com',
    card: '4444',
    account: unpaidSince(unpaidT0, -4900),
  });
  for (const offset of [0, 3, 7, 14, 30, 60]) {
    write.charge({
      accountId: unpaid.accountId,
      at: unpaidT0 + offset * DAY,
      amountCents: 4900,
      outcome: 'failed',
      failureCode: 'card_declined',
    });
  }

  owner({
    identifier: 'trial.ended@example.com',
    address: { line1: '5 Avenue Jean Jaurès', postalCode: '69007', city: 'Lyon' },
    account: {
      ...deactivated('trial_expired', 30 * DAY),
      plan: 'trial',
      createdAt: now - 44 * DAY,
      trialEndsAt: now - 30 * DAY,
      contactsCount: 120,
      listsCount: 1,
      campaignsCount: 2,
    },
  });

  owner({
    identifier: 'tos.closed@example.com',
    card: '5555',
    account: deactivated('terms_violation', 5 * DAY),
  });
  owner({
    identifier: 'window.closed@example.com',
    card: '5656',
    account: deactivated('owner_cancelled', 120 * DAY + 2 * HOUR),
  });

  // Purged: only a tombstone with the keyed hash of its identifier is left.
  const purgedDeactivatedAt = now - 200 * DAY;
  write.tombstone({
    accountId: newId('acc'),
    deactivatedAt: purgedDeactivatedAt,
    deactivationReason: 'owner_cancelled',
    purgedAt: purgeAfterFor(purgedDeactivatedAt) + DAY,
    identifierHashes: [identifierHash(ctx.identifierHashKey, 'purged.long.ago@example.com')],
  });

  // First failed charge 20 days ago; retries at +3, +7 and +14 failed too; next at +30.
  const dunningT0 = now - 20 * DAY;
  const dunning = owner({
    identifier: 'limited.dunning@example.com',
    card: '6666',
    account: unpaidSince(dunningT0, -2900),
  });
  monthlyCharges(dunning.accountId, 2, dunningT0);
  for (const offset of [0, 3, 7, 14]) {
    write.charge({
      accountId: dunning.accountId,
      at: dunningT0 + offset * DAY,
      amountCents: 2900,
      outcome: 'failed',
      failureCode: 'insufficient_funds',
    });
  }

  const kycPending = owner({ identifier: 'kyc.pending@example.com', card: '7777' });
  const kycPendingBlock = block(kycPending.accountId, {
    kind: 'identity_check_required',
    placedAt: now - 3 * DAY,
    placedBy: 'system',
    note: 'Sending limit reached: identity check required',
    customerNotifiedAt: now - 3 * DAY,
  });
  write.identityCheck({
    id: newId('idc'),
    blockId: kycPendingBlock,
    accountId: kycPending.accountId,
    status: 'submitted',
    submittedAt: now - 30 * HOUR,
  });

  const kycTodo = owner({ identifier: 'kyc.todo@example.com', card: '7878' });
  const kycTodoBlock = block(kycTodo.accountId, {
    kind: 'identity_check_required',
    placedAt: now - 2 * DAY,
    placedBy: 'system',
    note: 'Sending limit reached: identity check required',
    customerNotifiedAt: now - 2 * DAY,
  });
  write.identityCheck({
    id: newId('idc'),
    blockId: kycTodoBlock,
    accountId: kycTodo.accountId,
    status: 'not_started',
    submittedAt: null,
  });

  const fraud = owner({ identifier: 'fraud.hold@example.com', card: '8888' });
  block(fraud.accountId, {
    kind: 'suspicious_activity',
    placedAt: now - 6 * HOUR,
    placedBy: 'system',
    note: 'Sign-ins from three countries within an hour; new payout details',
    customerNotifiedAt: now - 6 * HOUR,
  });

  const selfBlocked = owner({ identifier: 'self.blocked@example.com', card: '9999' });
  block(selfBlocked.accountId, {
    kind: 'self_block',
    placedAt: now - 4 * DAY,
    placedBy: 'customer',
    note: null,
    customerNotifiedAt: now - 4 * DAY,
  });

  owner({
    identifier: 'new.password@example.com',
    card: '1357',
    login: { passwordChangedAt: now - 2 * DAY },
  });

  owner({ identifier: 'jdupont', contactEmail: 'j.dupont@example.fr', card: '2468' });
}
