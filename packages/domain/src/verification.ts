import type { ErrorReason, LoginRole, VerificationMethod } from './codes.ts';
import { DomainError } from './errors.ts';
import type { AccountSnapshot, CardFacts, LoginFacts } from './facts.ts';
import { normaliseForComparison } from './normalise.ts';
import { HOUR, MINUTE } from './time.ts';

/** SPEC §5 limits. */
export const VERIFICATION_VALIDITY = 15 * MINUTE;
export const EMAIL_CODE_VALIDITY = 10 * MINUTE;
export const EMAIL_CODE_MAX_TRIES = 3;
export const ACCOUNT_FAILURE_LIMIT = 3;
export const ACCOUNT_FAILURE_WINDOW = HOUR;
export const ACCOUNT_LOCK_DURATION = HOUR;
export const STAFF_FAILURE_LIMIT = 10;
export const STAFF_FAILURE_WINDOW = HOUR;
export const STAFF_THROTTLE_DURATION = HOUR;

/**
 * String equality whose running time depends only on the longer length, never on where the
 * first difference is: it walks the full length, accumulates XOR of code units and folds in the
 * length difference. Pure JS because the web bundle imports this module too.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const length = Math.max(a.length, b.length);
  let difference = a.length ^ b.length;
  for (let i = 0; i < length; i++) {
    // charCodeAt past the end is NaN; `| 0` turns it into 0 without a branch.
    difference |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  }
  return difference === 0;
}

/**
 * Where an email code for this login goes: the login's own address, or for an owner signing in
 * with a username the account's contact email (its only email, SPEC §2). Null when none.
 */
export function emailCodeAddress(snapshot: AccountSnapshot, login: LoginFacts): string | null {
  if (login.identifierKind === 'email') return login.identifier;
  if (login.role === 'owner' && snapshot.account.contactEmail.trim() !== '') {
    return snapshot.account.contactEmail;
  }
  return null;
}

/**
 * Methods the console offers for this caller. Billing facts belong to the owner, so a team
 * member can only prove they hold their email address (SPEC §5).
 */
export function availableMethods(
  snapshot: AccountSnapshot,
  login: LoginFacts,
): VerificationMethod[] {
  const methods: VerificationMethod[] = [];
  if (login.role === 'owner') {
    if (snapshot.billing.card !== null) methods.push('card_last4');
    if (snapshot.billing.address !== null) methods.push('billing_address');
  }
  if (emailCodeAddress(snapshot, login) !== null) methods.push('email_code');
  return methods;
}

/** What the caller says for a knowledge factor; email codes are checked against the outbox. */
export type KnowledgeFactor =
  | { method: 'card_last4'; last4: string }
  | { method: 'billing_address'; postalCode: string; line1: string };

const LAST4_SHAPE = /^\d{4}$/u;

/**
 * Whether the typed factor matches the facts on file. Both comparisons of an address always run
 * (no short-circuit) so timing does not tell which part was wrong, and an empty value on file
 * never matches an empty answer.
 */
export function checkFactor(snapshot: AccountSnapshot, factor: KnowledgeFactor): boolean {
  if (factor.method === 'card_last4') {
    const card = snapshot.billing.card;
    if (card === null) return false;
    const typed = factor.last4.replace(/\s+/gu, '');
    const same = constantTimeEqual(card.last4, typed);
    return same && LAST4_SHAPE.test(card.last4);
  }
  const address = snapshot.billing.address;
  if (address === null) return false;
  const storedPostal = normaliseForComparison(address.postalCode);
  const storedLine1 = normaliseForComparison(address.line1);
  const postalMatches = constantTimeEqual(storedPostal, normaliseForComparison(factor.postalCode));
  const line1Matches = constantTimeEqual(storedLine1, normaliseForComparison(factor.line1));
  return postalMatches && line1Matches && storedPostal !== '' && storedLine1 !== '';
}

/** Shown only after a pass (SPEC §5). */
export function maskCard(card: CardFacts): string {
  return `•••• ${card.last4}`;
}

export interface EmailCodeChallenge {
  sentAt: number;
  /** Wrong codes typed so far for this code. */
  tries: number;
}

export function isEmailCodeUsable(challenge: EmailCodeChallenge, now: number): boolean {
  return now < challenge.sentAt + EMAIL_CODE_VALIDITY && challenge.tries < EMAIL_CODE_MAX_TRIES;
}

/**
 * The instant until which a rolling-window limit holds, or null when it does not hold now.
 * Every failure that is the `limit`-th within `window` (counting itself) starts a lock of
 * `lockFor` from that failure; the latest such lock is the one that counts.
 */
export function lockedUntilFromFailures(
  failureTimes: readonly number[],
  now: number,
  limit: number,
  window: number,
  lockFor: number = window,
): number | null {
  const times = failureTimes.filter((t) => t <= now).sort((a, b) => a - b);
  let lockedUntil: number | null = null;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    const at = times[end] ?? 0;
    while (start < end && (times[start] ?? at) <= at - window) start++;
    if (end - start + 1 >= limit) lockedUntil = at + lockFor;
  }
  return lockedUntil !== null && lockedUntil > now ? lockedUntil : null;
}

/** 3 failures on one account in a rolling hour lock its verification for an hour, for everyone. */
export function accountVerificationLockedUntil(
  failureTimes: readonly number[],
  now: number,
): number | null {
  return lockedUntilFromFailures(
    failureTimes,
    now,
    ACCOUNT_FAILURE_LIMIT,
    ACCOUNT_FAILURE_WINDOW,
    ACCOUNT_LOCK_DURATION,
  );
}

/** 10 failures by one staff member in a rolling hour throttle them for an hour. */
export function staffThrottledUntil(failureTimes: readonly number[], now: number): number | null {
  return lockedUntilFromFailures(
    failureTimes,
    now,
    STAFF_FAILURE_LIMIT,
    STAFF_FAILURE_WINDOW,
    STAFF_THROTTLE_DURATION,
  );
}

export function verificationExpiresAt(passedAt: number): number {
  return passedAt + VERIFICATION_VALIDITY;
}

/** A passed verification, bound to who did it, whom it verified and for which ticket. */
export interface VerificationGrant {
  staffId: string;
  ticketRef: string;
  loginId: string;
  accountId: string;
  /** The verified login's normalised identifier. */
  identifier: string;
  role: LoginRole;
  expiresAt: number;
}

/** What an action needs a verification to prove (SPEC §5, last paragraph). */
export type VerificationTarget =
  /** Reactivate, lift a self-block. */
  | { kind: 'owner_of_account'; accountId: string }
  /** Unlock a login. */
  | { kind: 'holder_of_login'; loginId: string }
  /** Detach a team-member login: whoever holds that email, through any of its logins. */
  | { kind: 'holder_of_email'; email: string };

export interface VerificationUse {
  target: VerificationTarget;
  staffId: string;
  ticketRef: string;
  now: number;
}

export type VerificationCoverage =
  | { ok: true }
  | { ok: false; reason: Extract<ErrorReason, 'VERIFICATION_REQUIRED' | 'VERIFICATION_EXPIRED'> };

function provesTarget(grant: VerificationGrant, target: VerificationTarget): boolean {
  switch (target.kind) {
    case 'owner_of_account':
      return grant.role === 'owner' && grant.accountId === target.accountId;
    case 'holder_of_login':
      return grant.loginId === target.loginId;
    case 'holder_of_email':
      return grant.identifier === target.email;
  }
}

/**
 * Whether a verification lets this staff member do this on this ticket. Someone else's
 * verification, another ticket's or one proving the wrong thing is no verification at all
 * (`VERIFICATION_REQUIRED`); the right one past its 15 minutes is `VERIFICATION_EXPIRED`.
 */
export function verificationCovers(
  grant: VerificationGrant | null,
  use: VerificationUse,
): VerificationCoverage {
  if (
    grant === null ||
    grant.staffId !== use.staffId ||
    grant.ticketRef.trim() !== use.ticketRef.trim() ||
    !provesTarget(grant, use.target)
  ) {
    return { ok: false, reason: 'VERIFICATION_REQUIRED' };
  }
  if (use.now >= grant.expiresAt) return { ok: false, reason: 'VERIFICATION_EXPIRED' };
  return { ok: true };
}

export function assertVerificationCovers(
  grant: VerificationGrant | null,
  use: VerificationUse,
): void {
  const coverage = verificationCovers(grant, use);
  if (coverage.ok) return;
  throw new DomainError(
    coverage.reason,
    coverage.reason === 'VERIFICATION_EXPIRED'
      ? 'The caller verification has expired; verify the caller again.'
      : 'This action needs the caller to be verified first.',
    { target: use.target.kind },
  );
}
