import { createHash } from 'node:crypto';
import {
  appendAuditEvent,
  claimTotpStep,
  countFactorsOfStaff,
  credentialIdTaken,
  type Db,
  deleteAllFactorsOfStaff,
  deleteFactorOfStaff,
  deleteRecoveryCodes,
  findStaffById,
  insertFactor,
  listFactorSecretsOfStaff,
  listFactorsOfStaff,
  listUnusedRecoveryCodes,
  markRecoveryCodeUsed,
  recordPasskeyUse,
  revokeSessionsOfStaff,
  updateSessionSecondFactor,
} from '@lifeline/db';
import { DomainError, type StaffFactorKind } from '@lifeline/domain';
import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import QRCode from 'qrcode';
import type { StaffPrincipal } from '../context.ts';
import type { ApiDeps } from '../deps.ts';
import { runChange } from './audited-change.ts';
import { sessionPublicId } from './auth.ts';
import { decryptField, encryptField } from './field-crypto.ts';
import {
  factorSummaryOf,
  issueRecoveryCodes,
  matchRecoveryCode,
  mfaOf,
  newTotpSecret,
  recordSecondFactorFailure,
  relyingPartyOf,
  SECOND_FACTOR_FAILURES_PER_STAFF,
  type SecondFactorMethod,
  STEP_UP_WINDOW,
  secondFactorFailures,
  sessionStateOf,
  throttled,
  totpOf,
  totpStepOf,
  WEBAUTHN_CHALLENGE_TTL,
} from './second-factor.ts';

/** What a sign-in owes after the password (auth.login's `secondFactor`). */
export type SecondFactorNeeded =
  | null
  | { needed: 'verify'; methods: SecondFactorMethod[] }
  | { needed: 'enrol' };

/**
 * After a right password (SPEC §13): a staff member with a factor passes one, whatever
 * STAFF_MFA says; without one, STAFF_MFA=required makes them enrol one first; otherwise the
 * password is the sign-in. Break-glass admins are no exception.
 */
export async function secondFactorAfterPassword(
  deps: ApiDeps,
  db: Db,
  staffId: string,
): Promise<SecondFactorNeeded> {
  const summary = await factorSummaryOf(deps, db, staffId);
  if (summary.factorCount > 0) return { needed: 'verify', methods: summary.methods };
  if (mfaOf(deps) === 'required') return { needed: 'enrol' };
  return null;
}

/** The TOTP secret's encryption context: the staff member it belongs to. */
const totpContext = (staffId: string) => `staff_factor.totp:${staffId}`;
const pendingTotpContext = (staffId: string, sessionIdHash: string) =>
  `staff_session.totp:${staffId}:${sessionIdHash}`;

/**
 * A short, keyed, non-reversible name for a credential id, should a log or audit event need to
 * tell two passkeys apart: the id itself is never recorded (SPEC §13).
 */
export function credentialTag(deps: Pick<ApiDeps, 'identifierHashKey'>, id: string): string {
  return createHash('sha256')
    .update(`${deps.identifierHashKey}:credential:${id}`)
    .digest('hex')
    .slice(0, 12);
}

// ── The second step of a sign-in, and step-up ──────────────────────────────────────────────

/** WebAuthn authentication options for this staff member's passkeys; the challenge is kept on the session. */
export async function passkeyAuthenticationOptions(deps: ApiDeps, staff: StaffPrincipal) {
  const passkeys = (await listFactorSecretsOfStaff(deps.db.read, staff.id)).filter(
    (f) => f.kind === 'passkey' && f.credentialId,
  );
  if (passkeys.length === 0) {
    throw new DomainError('INVALID_INPUT', 'You have no passkey here: use another method.');
  }
  const options = await generateAuthenticationOptions({
    rpID: relyingPartyOf(deps).rpId,
    allowCredentials: passkeys.map((p) => ({
      id: p.credentialId as string,
      ...(p.transports ? { transports: JSON.parse(p.transports) as string[] } : {}),
    })),
    userVerification: 'preferred',
    timeout: WEBAUTHN_CHALLENGE_TTL,
  });
  const now = deps.clock();
  await deps.db.transaction((tx) =>
    updateSessionSecondFactor(tx, staff.sessionIdHash, {
      challenge: options.challenge,
      challengeExpiresAt: now + WEBAUTHN_CHALLENGE_TTL,
    }),
  );
  return options;
}

export type VerifySecondFactorInput =
  | { method: 'totp'; code: string }
  | { method: 'recovery_code'; code: string }
  | { method: 'passkey'; response: AuthenticationResponseJSON };

type Check = { ok: true; factorId: string | null } | { ok: false; why: string };

/**
 * Passes a second factor: on a pending session it finishes the sign-in (`auth.second_factor`,
 * method `password+<factor>`); on a complete one it is a step-up (`auth.step_up`): either way
 * the session's step-up window starts now. The factor is checked outside the write lock (argon2,
 * signatures), then claimed inside it: a TOTP step, a recovery code, a passkey's challenge and
 * counter are each good once, whatever runs alongside.
 */
export async function verifySecondFactor(
  deps: ApiDeps,
  staff: StaffPrincipal,
  input: VerifySecondFactorInput & { ip: string },
): Promise<{ method: SecondFactorMethod }> {
  const now = deps.clock();
  const state = await sessionStateOf(deps.db.read, staff);
  const pending = state.secondFactorPending;
  if (
    (await secondFactorFailures(deps, deps.db.read, staff.id, now)) >=
    SECOND_FACTOR_FAILURES_PER_STAFF
  ) {
    throw throttled(now);
  }
  const factors = await listFactorSecretsOfStaff(deps.db.read, staff.id);
  let check: Check;
  let claim: (tx: Db, at: number) => Promise<boolean> = async () => true;

  if (input.method === 'totp') {
    check = { ok: false, why: 'wrong_code' };
    for (const factor of factors.filter((f) => f.kind === 'totp' && f.totpSecret)) {
      const secret = decryptField(
        deps.fieldKey,
        factor.totpSecret as string,
        totpContext(staff.id),
      );
      if (secret === null) continue;
      const step = totpStepOf(secret, input.code, now);
      if (step === null) continue;
      if (factor.totpLastStep !== null && step <= factor.totpLastStep) {
        check = { ok: false, why: 'code_reused' };
        continue;
      }
      check = { ok: true, factorId: factor.id };
      claim = (tx, at) => claimTotpStep(tx, factor.id, step, at);
      break;
    }
  } else if (input.method === 'recovery_code') {
    const codeId =
      factors.length > 0 ? await matchRecoveryCode(deps.db.read, staff.id, input.code) : null;
    check = codeId ? { ok: true, factorId: null } : { ok: false, why: 'wrong_code' };
    if (codeId) claim = (tx, at) => markRecoveryCodeUsed(tx, codeId, at);
  } else {
    check = await checkPasskey(deps, staff, state, factors, input.response);
    if (check.ok) {
      const { factorId, newCounter } = check as Check & { factorId: string; newCounter: number };
      claim = async (tx, at) => {
        // The challenge is used once: the session must still hold the one just verified.
        const fresh = await sessionStateOf(tx, staff);
        if (fresh.challenge !== state.challenge) return false;
        await updateSessionSecondFactor(tx, staff.sessionIdHash, {
          challenge: null,
          challengeExpiresAt: null,
        });
        await recordPasskeyUse(tx, factorId, newCounter, at);
        return true;
      };
    } else if (state.challenge) {
      await deps.db.transaction((tx) =>
        updateSessionSecondFactor(tx, staff.sessionIdHash, {
          challenge: null,
          challengeExpiresAt: null,
        }),
      );
    }
  }

  const passed =
    check.ok &&
    (await deps.db.transaction(async (tx) => {
      const at = deps.clock();
      if (!(await claim(tx, at))) return false;
      await updateSessionSecondFactor(tx, staff.sessionIdHash, {
        secondFactorPending: false,
        secondFactorAt: at,
        secondFactorMethod: input.method,
      });
      await appendAuditEvent(tx, {
        at,
        staffId: staff.id,
        action: pending ? 'auth.second_factor' : 'auth.step_up',
        outcome: 'succeeded',
        details: {
          method: pending ? `password+${input.method}` : input.method,
          session: sessionPublicId(deps, staff.sessionIdHash),
          ...(check.ok && check.factorId ? { factorId: check.factorId } : {}),
          ...(input.method === 'recovery_code'
            ? { recoveryCodesLeft: (await listUnusedRecoveryCodes(tx, staff.id)).length }
            : {}),
        },
      });
      return true;
    }));
  if (passed) return { method: input.method };

  const why = check.ok ? 'already_used' : check.why;
  const { sessionEnded } = await recordSecondFactorFailure(deps, staff, {
    method: input.method,
    ip: input.ip,
    pending,
    why,
  });
  if (sessionEnded) {
    throw new DomainError(
      'UNAUTHENTICATED',
      'Too many wrong second factors: this sign-in has ended. Sign in again in 15 minutes.',
    );
  }
  throw new DomainError(
    'UNAUTHENTICATED',
    input.method === 'passkey'
      ? 'That passkey was not accepted. Try again, or use another method.'
      : why === 'code_reused' || why === 'already_used'
        ? 'That code was used already. Wait for the next one.'
        : 'That code is wrong.',
  );
}

async function checkPasskey(
  deps: ApiDeps,
  staff: StaffPrincipal,
  state: { challenge: string | null; challengeExpiresAt: number | null },
  factors: Awaited<ReturnType<typeof listFactorSecretsOfStaff>>,
  response: AuthenticationResponseJSON,
): Promise<Check & { newCounter?: number }> {
  const now = deps.clock();
  if (!state.challenge || state.challengeExpiresAt === null || now > state.challengeExpiresAt) {
    return { ok: false, why: 'no_challenge' };
  }
  // Only this staff member's passkeys: another's credential is simply not one of them.
  const factor = factors.find((f) => f.kind === 'passkey' && f.credentialId === response.id);
  if (!factor?.publicKey || !factor.credentialId) return { ok: false, why: 'unknown_credential' };
  const rp = relyingPartyOf(deps);
  try {
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: state.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpId,
      credential: {
        id: factor.credentialId,
        publicKey: new Uint8Array(Buffer.from(factor.publicKey, 'base64url')),
        counter: factor.signCount,
        ...(factor.transports ? { transports: JSON.parse(factor.transports) as string[] } : {}),
      },
      requireUserVerification: false,
    });
    if (!result.verified) return { ok: false, why: 'bad_signature' };
    return { ok: true, factorId: factor.id, newCounter: result.authenticationInfo.newCounter };
  } catch (error) {
    // The library refuses a counter that did not move forward: a cloned authenticator
    // (WebAuthn §6.1.1). Worth its own word in the audit.
    const message = error instanceof Error ? error.message : '';
    deps.logger.info({ staffId: staff.id, err: message }, 'passkey assertion refused');
    return { ok: false, why: /counter/i.test(message) ? 'counter_not_increased' : 'bad_assertion' };
  }
}

// ── Factors: list, enrol, remove ────────────────────────────────────────────────────────────

export async function listFactors(deps: ApiDeps, staff: Pick<StaffPrincipal, 'id'>) {
  const db = deps.db.read;
  return {
    factors: await listFactorsOfStaff(db, staff.id),
    recoveryCodesLeft: (await listUnusedRecoveryCodes(db, staff.id)).length,
    mfa: mfaOf(deps),
  };
}

/**
 * A staff member who already has a factor adds another only with a fresh step-up: a stolen
 * session must not be able to plant a factor of its own and keep coming back.
 */
async function mayEnrol(staff: StaffPrincipal, db: Db, now: number) {
  const state = await sessionStateOf(db, staff);
  const count = await countFactorsOfStaff(db, staff.id);
  if (state.secondFactorPending && count > 0) {
    throw new DomainError('UNAUTHENTICATED', 'Finish signing in: pass your second factor.');
  }
  if (count > 0) {
    const at = state.secondFactorAt;
    if (at === null || now - at > STEP_UP_WINDOW || now < at) {
      throw new DomainError(
        'STEP_UP_REQUIRED',
        'Adding a factor needs a fresh second factor: confirm it is you, then try again.',
      );
    }
  }
  return { state, count };
}

export async function totpStart(deps: ApiDeps, staff: StaffPrincipal) {
  const now = deps.clock();
  await mayEnrol(staff, deps.db.read, now);
  const secret = newTotpSecret();
  const otpauthUrl = totpOf(secret, staff.email).toString();
  const qrSvg = await QRCode.toString(otpauthUrl, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 2,
  });
  await deps.db.transaction((tx) =>
    updateSessionSecondFactor(tx, staff.sessionIdHash, {
      pendingTotpSecret: encryptField(
        deps.fieldKey,
        secret,
        pendingTotpContext(staff.id, staff.sessionIdHash),
      ),
    }),
  );
  return { secret, otpauthUrl, qrSvg };
}

export interface EnrolResult {
  factor: { id: string; kind: StaffFactorKind; label: string; createdAt: number };
  recoveryCodes: string[] | null;
}

/**
 * The end of an enrolment: the factor, its audit event, ten recovery codes when there were none
 * left, and — on a session waiting for its first factor — the end of the sign-in.
 */
async function finishEnrolment(
  deps: ApiDeps,
  tx: Db,
  staff: StaffPrincipal,
  now: number,
  input: { kind: StaffFactorKind; label: string; pending: boolean; factorId: string },
): Promise<EnrolResult> {
  const codesLeft = (await listUnusedRecoveryCodes(tx, staff.id)).length;
  const recoveryCodes = codesLeft === 0 ? await issueRecoveryCodes(tx, staff.id, now) : null;
  await updateSessionSecondFactor(tx, staff.sessionIdHash, {
    secondFactorPending: false,
    secondFactorAt: now,
    secondFactorMethod: input.kind,
    pendingTotpSecret: null,
    challenge: null,
    challengeExpiresAt: null,
  });
  await appendAuditEvent(tx, {
    at: now,
    staffId: staff.id,
    action: 'staff.factor_add',
    outcome: 'succeeded',
    details: {
      factorId: input.factorId,
      kind: input.kind,
      label: input.label,
      recoveryCodesIssued: recoveryCodes !== null,
    },
  });
  if (input.pending) {
    await appendAuditEvent(tx, {
      at: now,
      staffId: staff.id,
      action: 'auth.second_factor',
      outcome: 'succeeded',
      details: {
        method: `password+${input.kind}`,
        enrolled: true,
        session: sessionPublicId(deps, staff.sessionIdHash),
      },
    });
  }
  return {
    factor: { id: input.factorId, kind: input.kind, label: input.label, createdAt: now },
    recoveryCodes,
  };
}

export async function totpConfirm(
  deps: ApiDeps,
  staff: StaffPrincipal,
  input: { code: string; label: string },
): Promise<EnrolResult> {
  return runChange(
    deps,
    staff,
    { audit: 'staff.factor_add', subject: { details: { kind: 'totp' } } },
    async (tx, now) => {
      const { state } = await mayEnrol(staff, tx, now);
      const secret =
        state.pendingTotpSecret &&
        decryptField(
          deps.fieldKey,
          state.pendingTotpSecret,
          pendingTotpContext(staff.id, staff.sessionIdHash),
        );
      if (!secret) {
        throw new DomainError('INVALID_INPUT', 'Start the authenticator app set-up again.', {
          field: 'code',
        });
      }
      const step = totpStepOf(secret, input.code, now);
      if (step === null) {
        throw new DomainError(
          'INVALID_INPUT',
          'That code is wrong: check the app shows Lifeline and try the current code.',
          { field: 'code' },
        );
      }
      const factorId = await insertFactor(tx, {
        staffId: staff.id,
        kind: 'totp',
        label: input.label,
        createdAt: now,
        totpSecret: encryptField(deps.fieldKey, secret, totpContext(staff.id)),
        // The confirming code is used: it cannot also sign in.
        totpLastStep: step,
      });
      return finishEnrolment(deps, tx, staff, now, {
        kind: 'totp',
        label: input.label,
        pending: state.secondFactorPending,
        factorId,
      });
    },
  );
}

export async function passkeyRegistrationOptions(deps: ApiDeps, staff: StaffPrincipal) {
  const now = deps.clock();
  await mayEnrol(staff, deps.db.read, now);
  const passkeys = (await listFactorSecretsOfStaff(deps.db.read, staff.id)).filter(
    (f) => f.kind === 'passkey' && f.credentialId,
  );
  const options = await generateRegistrationOptions({
    rpName: 'Lifeline',
    rpID: relyingPartyOf(deps).rpId,
    userName: staff.email,
    userDisplayName: staff.displayName,
    userID: new TextEncoder().encode(staff.id),
    attestationType: 'none',
    excludeCredentials: passkeys.map((p) => ({ id: p.credentialId as string })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    timeout: WEBAUTHN_CHALLENGE_TTL,
  });
  await deps.db.transaction((tx) =>
    updateSessionSecondFactor(tx, staff.sessionIdHash, {
      challenge: options.challenge,
      challengeExpiresAt: now + WEBAUTHN_CHALLENGE_TTL,
    }),
  );
  return options;
}

export async function passkeyRegister(
  deps: ApiDeps,
  staff: StaffPrincipal,
  input: { response: RegistrationResponseJSON; label: string },
): Promise<EnrolResult> {
  const state = await sessionStateOf(deps.db.read, staff);
  const now = deps.clock();
  const rp = relyingPartyOf(deps);
  const refused = () =>
    new DomainError('INVALID_INPUT', 'The passkey could not be registered: try again.');
  if (!state.challenge || state.challengeExpiresAt === null || now > state.challengeExpiresAt) {
    throw refused();
  }
  let credential: { id: string; publicKey: Uint8Array; counter: number; transports?: string[] };
  try {
    const result = await verifyRegistrationResponse({
      response: input.response,
      expectedChallenge: state.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpId,
      requireUserVerification: false,
    });
    if (!result.verified) throw refused();
    credential = result.registrationInfo.credential;
  } catch (error) {
    if (error instanceof DomainError) throw error;
    deps.logger.info(
      { staffId: staff.id, err: error instanceof Error ? error.message : String(error) },
      'passkey registration refused',
    );
    throw refused();
  }
  return runChange(
    deps,
    staff,
    { audit: 'staff.factor_add', subject: { details: { kind: 'passkey' } } },
    async (tx, at) => {
      const { state: fresh } = await mayEnrol(staff, tx, at);
      // The challenge is used once.
      if (fresh.challenge !== state.challenge) throw refused();
      if (await credentialIdTaken(tx, credential.id)) {
        throw new DomainError('INVALID_INPUT', 'This passkey is registered already.');
      }
      const factorId = await insertFactor(tx, {
        staffId: staff.id,
        kind: 'passkey',
        label: input.label,
        createdAt: at,
        credentialId: credential.id,
        publicKey: Buffer.from(credential.publicKey).toString('base64url'),
        signCount: credential.counter,
        ...(credential.transports ? { transports: JSON.stringify(credential.transports) } : {}),
      });
      return finishEnrolment(deps, tx, staff, at, {
        kind: 'passkey',
        label: input.label,
        pending: fresh.secondFactorPending,
        factorId,
      });
    },
  );
}

/** Removes one of one's own factors (step-up checked by the procedure); never the last one while MFA is required. */
export async function removeFactor(
  deps: ApiDeps,
  staff: StaffPrincipal,
  input: { factorId: string },
): Promise<{ ok: true }> {
  return runChange(
    deps,
    staff,
    {
      audit: 'staff.factor_remove',
      subject: { details: { factorId: input.factorId, stepUp: staff.stepUp ?? null } },
    },
    async (tx, now) => {
      const count = await countFactorsOfStaff(tx, staff.id);
      const deleted = await deleteFactorOfStaff(tx, staff.id, input.factorId);
      if (!deleted) throw new DomainError('NOT_FOUND', 'You have no factor with this id.');
      if (count === 1 && mfaOf(deps) === 'required') {
        throw new DomainError(
          'INVALID_INPUT',
          'This is your last second factor, and one is required here: add another before removing it.',
        );
      }
      // No factor left: the recovery codes recover nothing any more.
      if (count === 1) await deleteRecoveryCodes(tx, staff.id);
      await appendAuditEvent(tx, {
        at: now,
        staffId: staff.id,
        action: 'staff.factor_remove',
        outcome: 'succeeded',
        details: {
          factorId: input.factorId,
          kind: deleted.kind,
          label: deleted.label,
          factorsLeft: count - 1,
          stepUp: staff.stepUp ?? null,
        },
      });
      return { ok: true as const };
    },
  );
}

export async function regenerateRecoveryCodes(
  deps: ApiDeps,
  staff: StaffPrincipal,
): Promise<{ recoveryCodes: string[] }> {
  return runChange(deps, staff, { audit: 'staff.factor_add' }, async (tx, now) => {
    if ((await countFactorsOfStaff(tx, staff.id)) === 0) {
      throw new DomainError(
        'INVALID_INPUT',
        'Add a second factor first: recovery codes back one up.',
      );
    }
    const recoveryCodes = await issueRecoveryCodes(tx, staff.id, now);
    await appendAuditEvent(tx, {
      at: now,
      staffId: staff.id,
      action: 'staff.factor_add',
      outcome: 'succeeded',
      details: {
        kind: 'recovery_codes',
        count: recoveryCodes.length,
        stepUp: staff.stepUp ?? null,
      },
    });
    return { recoveryCodes };
  });
}

/**
 * An admin resets a staff member's second factors (lost phone, lost key): factors and recovery
 * codes go, the staff member's sessions end, and they enrol again at their next sign-in when MFA
 * is required. The procedure has checked the admin's step-up.
 */
export async function resetFactors(
  deps: ApiDeps,
  staff: StaffPrincipal,
  input: { staffId: string },
): Promise<{ ok: true; factorsRemoved: number; sessionsEnded: number }> {
  return runChange(
    deps,
    staff,
    {
      audit: 'staff.factors_reset',
      subject: { details: { staffId: input.staffId, stepUp: staff.stepUp ?? null } },
    },
    async (tx, now) => {
      const target = await findStaffById(tx, input.staffId);
      if (!target) throw new DomainError('NOT_FOUND', 'There is no staff member with this id.');
      const factorsRemoved = await deleteAllFactorsOfStaff(tx, target.id);
      const ended = await revokeSessionsOfStaff(tx, target.id, now);
      await appendAuditEvent(tx, {
        at: now,
        staffId: staff.id,
        action: 'staff.factors_reset',
        outcome: 'succeeded',
        details: {
          staffId: target.id,
          email: target.email,
          factorsRemoved,
          sessionsEnded: ended.length,
          stepUp: staff.stepUp ?? null,
        },
      });
      return { ok: true as const, factorsRemoved, sessionsEnded: ended.length };
    },
  );
}
