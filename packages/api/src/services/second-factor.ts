import { randomBytes } from 'node:crypto';
import {
  appendAuditEvent,
  countFactorsOfStaff,
  countFailedSignIns,
  type Db,
  deleteRecoveryCodes,
  findSessionSecondFactorState,
  insertSignInAttempt,
  listFactorSecretsOfStaff,
  listIdentitiesOfStaff,
  listUnusedRecoveryCodes,
  replaceRecoveryCodes,
  revokeSession,
  updateSessionSecondFactor,
} from '@lifeline/db';
import { DomainError, MINUTE } from '@lifeline/domain';
import * as OTPAuth from 'otpauth';
import type { StaffPrincipal, StepUpRecord } from '../context.ts';
import type { ApiDeps } from '../deps.ts';
import { SIGN_IN_WINDOW, sessionPublicId, signInEmailHash } from './auth.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

/** A second factor (or provider sign-in) this recent lets a sensitive action through (SPEC §13). */
export const STEP_UP_WINDOW = 5 * MINUTE;
/** How long a WebAuthn challenge handed to a session stays good (one use). */
export const WEBAUTHN_CHALLENGE_TTL = 5 * MINUTE;
/** Failed second factors per staff member per SIGN_IN_WINDOW; the last one ends a pending session. */
export const SECOND_FACTOR_FAILURES_PER_STAFF = 5;
export const RECOVERY_CODE_COUNT = 10;

export type StaffMfa = 'required' | 'optional';
export type SecondFactorMethod = 'passkey' | 'totp' | 'recovery_code';
export type StepUpMethod = SecondFactorMethod | 'sso';

export function mfaOf(deps: Pick<ApiDeps, 'staffMfa'>): StaffMfa {
  return deps.staffMfa ?? 'optional';
}

/** The WebAuthn relying party: WEBAUTHN_* settings, else the console's own address. */
export function relyingPartyOf(deps: Pick<ApiDeps, 'webauthn' | 'consoleUrl'>): {
  rpId: string;
  origin: string;
} {
  if (deps.webauthn) return deps.webauthn;
  const url = new URL(deps.consoleUrl ?? 'http://localhost');
  return { rpId: url.hostname, origin: url.origin };
}

// ── TOTP (RFC 6238: SHA-1, 6 digits, 30 s — what every authenticator app reads) ─────────────

const TOTP_PERIOD = 30;

export function totpOf(secretBase32: string, account: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    issuer: 'Lifeline',
    label: account,
    algorithm: 'SHA1',
    digits: 6,
    period: TOTP_PERIOD,
    secret: OTPAuth.Secret.fromBase32(secretBase32),
  });
}

export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

/**
 * The time step a code belongs to, accepting the step before and after now (clock drift and
 * a code typed as it turned), or null. The caller refuses a step already used (replay).
 */
export function totpStepOf(secretBase32: string, code: string, now: number): number | null {
  const delta = totpOf(secretBase32, '').validate({ token: code, timestamp: now, window: 1 });
  if (delta === null) return null;
  return Math.floor(now / 1000 / TOTP_PERIOD) + delta;
}

// ── Recovery codes ──────────────────────────────────────────────────────────────────────────

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** Ten random codes of 50 bits, printed `xxxx-xxxx-xx` (lower-case base32: no 0/1/8/9 to misread). */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomBytes(10);
    const chars = [...bytes].map((b) => BASE32[b & 31]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 10)}`;
  });
}

/** What is hashed and compared: the code without dashes, lower case. */
export function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]+/g, '');
}

/** Replaces a staff member's recovery codes with ten new ones; returns them (shown once). */
export async function issueRecoveryCodes(tx: Db, staffId: string, now: number): Promise<string[]> {
  const codes = newRecoveryCodes();
  const hashes = await Promise.all(codes.map((code) => hashPassword(normaliseRecoveryCode(code))));
  await replaceRecoveryCodes(tx, staffId, hashes, now);
  return codes;
}

/** The id of the unused recovery code this is, or null (argon2id: each checked in turn). */
export async function matchRecoveryCode(
  db: Db,
  staffId: string,
  code: string,
): Promise<string | null> {
  const normalised = normaliseRecoveryCode(code);
  for (const row of await listUnusedRecoveryCodes(db, staffId)) {
    if (await verifyPassword(row.codeHash, normalised)) return row.id;
  }
  return null;
}

export { deleteRecoveryCodes };

// ── What a staff member can pass ────────────────────────────────────────────────────────────

export interface FactorSummary {
  factorCount: number;
  methods: SecondFactorMethod[];
  /** Linked to the company's provider, with single sign-on on: a provider re-authentication works. */
  sso: boolean;
}

export async function factorSummaryOf(
  deps: ApiDeps,
  db: Db,
  staffId: string,
): Promise<FactorSummary> {
  const factors = await listFactorSecretsOfStaff(db, staffId);
  const codesLeft = (await listUnusedRecoveryCodes(db, staffId)).length;
  const methods: SecondFactorMethod[] = [];
  if (factors.some((f) => f.kind === 'passkey')) methods.push('passkey');
  if (factors.some((f) => f.kind === 'totp')) methods.push('totp');
  if (factors.length > 0 && codesLeft > 0) methods.push('recovery_code');
  const sso = deps.sso !== undefined && (await listIdentitiesOfStaff(db, staffId)).length > 0;
  return { factorCount: factors.length, methods, sso };
}

/**
 * Whether a session can step up at all: the staff member has a factor, is linked to the
 * provider, or MFA is required (then a factor must be enrolled first). With optional MFA and
 * nothing to step up with, sensitive actions go through, audited `stepUp.method: 'none'`.
 */
export function canStepUp(deps: ApiDeps, summary: FactorSummary): boolean {
  return mfaOf(deps) === 'required' || summary.factorCount > 0 || summary.sso;
}

export const STEP_UP_MESSAGE =
  'This action needs a fresh second factor: confirm it is you, then try again.';

/**
 * The step-up a sensitive action rests on (SPEC §13): a second factor or provider sign-in on
 * this session within STEP_UP_WINDOW, or — when the session has nothing to step up with —
 * `method: 'none'`. Otherwise STEP_UP_REQUIRED.
 */
export async function requireStepUp(
  deps: ApiDeps,
  db: Db,
  staff: Pick<StaffPrincipal, 'id' | 'secondFactor'>,
  now: number,
): Promise<StepUpRecord> {
  const at = staff.secondFactor?.at ?? null;
  if (at !== null && now - at <= STEP_UP_WINDOW && now >= at) {
    return { method: staff.secondFactor?.method ?? 'unknown', at };
  }
  if (!canStepUp(deps, await factorSummaryOf(deps, db, staff.id))) {
    return { method: 'none', at: null };
  }
  throw new DomainError('STEP_UP_REQUIRED', STEP_UP_MESSAGE);
}

// ── Failed tries ────────────────────────────────────────────────────────────────────────────

/**
 * Failed second factors are counted in the sign-in attempts table under a keyed hash of the
 * staff id (so they also count against the client address's sign-in limit), whichever session
 * they came from: someone holding the password gets 5 tries per 15 minutes, not 5 per sign-in.
 */
function failureKey(deps: ApiDeps, staffId: string): string {
  return signInEmailHash(deps, `second_factor:${staffId}`);
}

export async function secondFactorFailures(deps: ApiDeps, db: Db, staffId: string, now: number) {
  return countFailedSignIns(db, { emailHash: failureKey(deps, staffId) }, now - SIGN_IN_WINDOW);
}

export function throttled(now: number): DomainError {
  return new DomainError(
    'RATE_LIMITED',
    'Too many wrong second factors. Wait 15 minutes and try again.',
    { retryAt: now + SIGN_IN_WINDOW },
  );
}

/**
 * Records a failed second factor: counted, audited (`auth.second_factor` on a pending sign-in,
 * `auth.step_up` otherwise; never the code or the credential), and on the failure that reaches
 * the limit a pending session ends. Returns whether it did.
 */
export async function recordSecondFactorFailure(
  deps: ApiDeps,
  staff: StaffPrincipal,
  input: { method: SecondFactorMethod; ip: string; pending: boolean; why: string },
): Promise<{ sessionEnded: boolean }> {
  return deps.db.transaction(async (tx) => {
    const now = deps.clock();
    await insertSignInAttempt(tx, {
      emailHash: failureKey(deps, staff.id),
      ip: input.ip,
      at: now,
      succeeded: false,
    });
    const failures = await secondFactorFailures(deps, tx, staff.id, now);
    const sessionEnded = input.pending && failures >= SECOND_FACTOR_FAILURES_PER_STAFF;
    if (sessionEnded) await revokeSession(tx, staff.sessionIdHash, now);
    await appendAuditEvent(tx, {
      at: now,
      staffId: staff.id,
      action: input.pending ? 'auth.second_factor' : 'auth.step_up',
      outcome: 'refused',
      reason: failures >= SECOND_FACTOR_FAILURES_PER_STAFF ? 'RATE_LIMITED' : 'UNAUTHENTICATED',
      details: {
        method: input.method,
        why: input.why,
        failures,
        session: sessionPublicId(deps, staff.sessionIdHash),
        ip: input.ip,
        ...(sessionEnded ? { sessionEnded: true } : {}),
      },
    });
    return { sessionEnded };
  });
}

/** A session's state as the second-factor procedures need it (fresh from the database). */
export async function sessionStateOf(db: Db, staff: StaffPrincipal) {
  const state = await findSessionSecondFactorState(db, staff.sessionIdHash);
  if (!state || state.revokedAt !== null) {
    throw new DomainError('UNAUTHENTICATED', 'Sign in to continue.');
  }
  return state;
}

export { countFactorsOfStaff, updateSessionSecondFactor };
