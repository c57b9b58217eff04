import type { BlockKind, DeactivationReason } from './codes.ts';
import type {
  AccountFacts,
  AccountSnapshot,
  BillingAddressFacts,
  BillingFacts,
  BlockFacts,
  CardFacts,
  IdentityCheckFacts,
  LoginFacts,
  TombstoneFacts,
} from './facts.ts';
import { identifierKindOf } from './normalise.ts';
import { DAY } from './time.ts';
import { purgeAfterFor } from './window.ts';

/**
 * Builders for domain tests: plain data with sensible defaults, every field overridable.
 * Test-only (the DB seeder has its own), but free of vitest so anything may import it.
 */

/** A fixed clock for tests: Sunday 15 June 2025, 12:00 UTC. */
export const NOW = Date.UTC(2025, 5, 15, 12, 0, 0);

let sequence = 0;
function nextId(prefix: string): string {
  sequence += 1;
  return `${prefix}_${sequence.toString(36).padStart(4, '0')}`;
}

export function anAccount(overrides: Partial<AccountFacts> = {}): AccountFacts {
  return {
    id: nextId('acc'),
    contactEmail: 'owner@example.com',
    plan: 'paid',
    status: 'active',
    createdAt: NOW - 400 * DAY,
    trialEndsAt: null,
    balanceCents: 0,
    deactivatedAt: null,
    deactivationReason: null,
    purgeAfter: null,
    paymentFailedAt: null,
    version: 1,
    data: { contacts: 1200, lists: 4, campaigns: 37 },
    displayName: 'Example Studio',
    timeZone: 'Europe/London',
    language: 'en',
    ...overrides,
  };
}

/** A deactivated account with the window the rules give it. */
export function aDeactivatedAccount(
  reason: DeactivationReason,
  deactivatedAt: number,
  overrides: Partial<AccountFacts> = {},
): AccountFacts {
  return anAccount({
    status: 'deactivated',
    deactivationReason: reason,
    deactivatedAt,
    purgeAfter: purgeAfterFor(deactivatedAt),
    ...overrides,
  });
}

function aLogin(role: LoginFacts['role'], overrides: Partial<LoginFacts>): LoginFacts {
  const identifier = overrides.identifier ?? 'owner@example.com';
  return {
    id: nextId('lgn'),
    accountId: 'acc_unset',
    identifier,
    identifierKind: identifierKindOf(identifier),
    role,
    passwordChangedAt: NOW - 200 * DAY,
    failedAttempts: 0,
    firstFailedAt: null,
    lockedUntil: null,
    lockoutCount: 0,
    removedAt: null,
    ...overrides,
  };
}

export function anOwnerLogin(overrides: Partial<LoginFacts> = {}): LoginFacts {
  return aLogin('owner', overrides);
}

export function aTeamMemberLogin(overrides: Partial<LoginFacts> = {}): LoginFacts {
  return aLogin('team_member', overrides);
}

export function anIdentityCheck(overrides: Partial<IdentityCheckFacts> = {}): IdentityCheckFacts {
  return {
    id: nextId('idc'),
    status: 'not_started',
    submittedAt: null,
    decidedAt: null,
    decidedBy: null,
    ...overrides,
  };
}

export function aBlock(kind: BlockKind, overrides: Partial<BlockFacts> = {}): BlockFacts {
  return {
    id: nextId('blk'),
    accountId: 'acc_unset',
    kind,
    placedAt: NOW - 3 * DAY,
    placedBy: kind === 'self_block' ? 'customer' : 'system',
    note: null,
    customerNotifiedAt: NOW - 3 * DAY,
    liftedAt: null,
    liftedBy: null,
    identityCheck: kind === 'identity_check_required' ? anIdentityCheck() : null,
    ...overrides,
  };
}

export function aCard(last4 = '4242', brand = 'visa'): CardFacts {
  return { brand, last4 };
}

export function anAddress(overrides: Partial<BillingAddressFacts> = {}): BillingAddressFacts {
  return {
    line1: '10 Rue Oberkampf',
    postalCode: '75011',
    city: 'Paris',
    country: 'FR',
    ...overrides,
  };
}

export interface SnapshotParts {
  logins?: LoginFacts[];
  blocks?: BlockFacts[];
  billing?: Partial<BillingFacts>;
}

/**
 * An account with its parts, each tied to the account's id. Without logins it gets one owner
 * login on the contact email, the common case.
 */
export function snapshotOf(account: AccountFacts, parts: SnapshotParts = {}): AccountSnapshot {
  const logins = parts.logins ?? [anOwnerLogin({ identifier: account.contactEmail })];
  return {
    account,
    logins: logins.map((login) => ({ ...login, accountId: account.id })),
    blocks: (parts.blocks ?? []).map((block) => ({ ...block, accountId: account.id })),
    billing: { card: null, address: null, charges: [], ...parts.billing },
  };
}

export function aTombstone(overrides: Partial<TombstoneFacts> = {}): TombstoneFacts {
  return {
    accountId: nextId('acc'),
    deactivatedAt: NOW - 200 * DAY,
    purgedAt: NOW - 200 * DAY + 121 * DAY,
    ...overrides,
  };
}
