import type {
  AccountStatus,
  BlockKind,
  ChargeOutcome,
  CustomerLanguage,
  DeactivationReason,
  IdentifierKind,
  IdentityCheckStatus,
  LoginRole,
  Plan,
} from './codes.ts';

/**
 * The facts the rules read, as plain data. All instants are UTC epoch milliseconds and
 * `null` means "not set". The database layer loads these; the domain never does I/O.
 */

export interface LoginFacts {
  id: string;
  accountId: string;
  /** Stored normalised (see `normaliseIdentifier`). */
  identifier: string;
  identifierKind: IdentifierKind;
  role: LoginRole;
  passwordChangedAt: number | null;
  failedAttempts: number;
  /** Start of the current run of failed passwords (for "5 within 15 minutes"). */
  firstFailedAt: number | null;
  lockedUntil: number | null;
  /** Lockouts in a row without a successful sign-in; 3 or more is a permanent lock. */
  lockoutCount: number;
  removedAt: number | null;
}

export interface DataSummary {
  contacts: number;
  lists: number;
  campaigns: number;
}

export interface AccountFacts {
  id: string;
  contactEmail: string;
  plan: Plan;
  status: AccountStatus;
  createdAt: number;
  trialEndsAt: number | null;
  balanceCents: number;
  deactivatedAt: number | null;
  deactivationReason: DeactivationReason | null;
  purgeAfter: number | null;
  /** First failed charge of the current unpaid run (dunning t0); null when settled. */
  paymentFailedAt: number | null;
  version: number;
  data: DataSummary;
  /** The company or workspace name the customer knows the account by ('' when unknown). */
  displayName: string;
  /** IANA zone: times read to the caller are given in it, labelled. */
  timeZone: string;
  /** The language the customer is written to in. */
  language: CustomerLanguage;
}

export interface IdentityCheckFacts {
  id: string;
  status: IdentityCheckStatus;
  submittedAt: number | null;
  decidedAt: number | null;
  decidedBy: string | null;
}

export interface BlockFacts {
  id: string;
  accountId: string;
  kind: BlockKind;
  placedAt: number;
  /** 'system', 'customer' or a staff id. */
  placedBy: string;
  note: string | null;
  customerNotifiedAt: number | null;
  liftedAt: number | null;
  liftedBy: string | null;
  /** Present for `identity_check_required` blocks. */
  identityCheck: IdentityCheckFacts | null;
}

export interface CardFacts {
  brand: string;
  last4: string;
}

export interface BillingAddressFacts {
  line1: string;
  postalCode: string;
  city: string;
  country: string;
}

export interface ChargeFacts {
  at: number;
  amountCents: number;
  outcome: ChargeOutcome;
  failureCode: string | null;
}

export interface BillingFacts {
  card: CardFacts | null;
  address: BillingAddressFacts | null;
  charges: ChargeFacts[];
}

/** One account as the diagnosis sees it: the account, all its logins, blocks and billing. */
export interface AccountSnapshot {
  account: AccountFacts;
  logins: LoginFacts[];
  blocks: BlockFacts[];
  billing: BillingFacts;
}

/** What is left of a purged account (SPEC §3): no identifier, only its keyed hashes. */
export interface TombstoneFacts {
  accountId: string;
  deactivatedAt: number | null;
  purgedAt: number;
}

/** The account fields a domain decision changes; the DB layer writes exactly these. */
export type AccountChanges = Partial<
  Pick<
    AccountFacts,
    | 'status'
    | 'plan'
    | 'balanceCents'
    | 'paymentFailedAt'
    | 'deactivatedAt'
    | 'deactivationReason'
    | 'purgeAfter'
  >
>;
