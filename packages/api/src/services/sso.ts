import { randomBytes } from 'node:crypto';
import {
  appendAuditEvent,
  countFailedSignIns,
  type Db,
  findSessionByChallenge,
  findStaffByEmail,
  findStaffByIdentity,
  insertPendingSsoSignIn,
  insertSignInAttempt,
  insertStaff,
  insertStaffIdentity,
  takePendingSsoSignIn,
  updateSessionSecondFactor,
  updateStaffRole,
} from '@lifeline/db';
import {
  groupsOfClaim,
  MINUTE,
  type RoleMap,
  roleFromGroups,
  type SsoRefusal,
  type StaffRole,
} from '@lifeline/domain';
import * as oidc from 'openid-client';
import type { StaffPrincipal } from '../context.ts';
import type { ApiDeps } from '../deps.ts';
import { createStaffInput, INPUT_LIMITS } from '../schemas.ts';
import {
  hashSessionId,
  normaliseStaffEmail,
  openSession,
  type SessionClient,
  SIGN_IN_FAILURES_PER_IP,
  SIGN_IN_WINDOW,
  type SignInResult,
  signInEmailHash,
} from './auth.ts';

/** The company's OpenID provider and how its groups become roles (OIDC_* settings). */
export interface SsoSettings {
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
  /** Lifeline's callback as registered at the provider: https://…/auth/oidc/callback. */
  redirectUrl: string;
  /** Shown on the console's button: "Sign in with <name>". */
  providerName: string;
  /** The ID token (or userinfo) claim that lists the person's groups. */
  roleClaim: string;
  roleMap: RoleMap;
  /** Space-separated; `openid` always among them. */
  scopes: string;
}

/** How long a started sign-in may take at the provider before it cannot finish. */
export const SSO_PENDING_TTL = 10 * MINUTE;
/** Seconds a provider gets to answer one request before it counts as down. */
const PROVIDER_TIMEOUT_SECONDS = 10;

/** A refused single sign-on: the stable code the console renders, and plain words for the log. */
export class SsoRefused extends Error {
  readonly refusal: SsoRefusal;
  constructor(refusal: SsoRefusal, message: string) {
    super(message);
    this.name = 'SsoRefused';
    this.refusal = refusal;
  }
}

/**
 * Plain http:// is allowed for a provider on this machine only (the tests and `pnpm dev:sso`);
 * anything else must be https, which openid-client enforces by default.
 */
function isLoopback(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

// The provider's metadata, discovered once per process and again after a failure. It is a cache
// of what the provider publishes, not state of a sign-in: every server process keeps its own.
const discovered = new WeakMap<SsoSettings, Promise<oidc.ServerMetadata>>();

async function serverMetadataOf(sso: SsoSettings): Promise<oidc.ServerMetadata> {
  let found = discovered.get(sso);
  if (!found) {
    const issuer = new URL(sso.issuerUrl);
    found = oidc
      .discovery(issuer, sso.clientId, sso.clientSecret, undefined, {
        timeout: PROVIDER_TIMEOUT_SECONDS,
        ...(issuer.protocol === 'http:' && isLoopback(issuer)
          ? { execute: [oidc.allowInsecureRequests] }
          : {}),
      })
      .then((config) => config.serverMetadata());
    discovered.set(sso, found);
    found.catch(() => discovered.delete(sso));
  }
  return found;
}

/**
 * A client configuration whose clock is Lifeline's (deps.clock), so that the ID token's times
 * are judged against the same clock as sessions: openid-client adds `clockSkew` seconds to the
 * machine's time. Client authentication is client_secret_basic unless the provider lists only
 * client_secret_post.
 */
async function configurationOf(deps: ApiDeps, sso: SsoSettings): Promise<oidc.Configuration> {
  const server = await serverMetadataOf(sso);
  const methods = server.token_endpoint_auth_methods_supported;
  const auth =
    methods && !methods.includes('client_secret_basic') && methods.includes('client_secret_post')
      ? oidc.ClientSecretPost(sso.clientSecret)
      : oidc.ClientSecretBasic(sso.clientSecret);
  const config = new oidc.Configuration(
    server,
    sso.clientId,
    { [oidc.clockSkew]: Math.round((deps.clock() - Date.now()) / 1000) },
    auth,
  );
  config.timeout = PROVIDER_TIMEOUT_SECONDS;
  if (new URL(sso.issuerUrl).protocol === 'http:' && isLoopback(new URL(sso.issuerUrl))) {
    oidc.allowInsecureRequests(config);
  }
  return config;
}

/** What went wrong with the provider, as one of the console's codes. */
export function refusalOfError(error: unknown): SsoRefusal {
  if (error instanceof SsoRefused) return error.refusal;
  if (error instanceof oidc.AuthorizationResponseError) return 'provider_refused';
  if (error instanceof oidc.ResponseBodyError) {
    // The token endpoint answered with an OAuth error (invalid_grant: the code was used, is
    // another client's, or expired); a 5xx is the provider failing.
    return error.status >= 500 ? 'provider_unavailable' : 'code_rejected';
  }
  const code = (error as { code?: unknown }).code;
  if (error instanceof oidc.ClientError) {
    if (code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED') return 'id_token_expired';
    if (code === 'OAUTH_TIMEOUT' || code === 'OAUTH_ABORT') return 'provider_unavailable';
    if (code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' || code === 'OAUTH_RESPONSE_IS_NOT_JSON') {
      return 'provider_unavailable';
    }
    // oauth4webapi: 'unexpected "state" response parameter value' (and its missing kin).
    if (code === 'OAUTH_INVALID_RESPONSE' && causeMessage(error).includes('"state"')) {
      return 'state_mismatch';
    }
    return 'invalid_id_token';
  }
  // fetch() failing (connection refused, DNS, TLS) throws a TypeError.
  return 'provider_unavailable';
}

function causeMessage(error: Error): string {
  return error.cause instanceof Error ? error.cause.message : '';
}

/**
 * Starts a sign-in: a state, a nonce and a PKCE verifier, kept in the database under the hash
 * of a random id the browser keeps in a short-lived cookie (any server process can finish it).
 * Returns that id and where to send the browser.
 */
export async function startSsoSignIn(
  deps: ApiDeps,
  input: { ip: string; stepUp?: StaffPrincipal },
): Promise<{ pendingId: string; authorizationUrl: string }> {
  const sso = deps.sso;
  if (!sso) throw new SsoRefused('not_configured', 'Single sign-on is not configured.');
  // A refused callback counts as a failed sign-in of its address, as a wrong password does:
  // an address that keeps failing cannot start more (and so cannot fill the audit log).
  const failures = await countFailedSignIns(
    deps.db.read,
    { ip: input.ip },
    deps.clock() - SIGN_IN_WINDOW,
  );
  if (failures >= SIGN_IN_FAILURES_PER_IP) {
    throw new SsoRefused('rate_limited', 'too many failed sign-ins from this address');
  }
  let config: oidc.Configuration;
  try {
    config = await configurationOf(deps, sso);
  } catch (error) {
    throw new SsoRefused('provider_unavailable', `discovery failed: ${describe(error)}`);
  }
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const pendingId = randomBytes(32).toString('base64url');
  const now = deps.clock();
  const stepUp = input.stepUp;
  await deps.db.transaction(async (tx) => {
    await insertPendingSsoSignIn(tx, {
      idHash: hashSessionId(pendingId),
      state,
      nonce,
      codeVerifier,
      createdAt: now,
      expiresAt: now + SSO_PENDING_TTL,
    });
    // A step-up names the session it is for through the session's challenge: the callback
    // comes back without the session cookie (SameSite=Strict, cross-site redirect), so the
    // pending sign-in is what finds the session again.
    if (stepUp) {
      await updateSessionSecondFactor(tx, stepUp.sessionIdHash, {
        challenge: stepUpChallengeOf(pendingId),
        challengeExpiresAt: now + SSO_PENDING_TTL,
      });
    }
  });
  const authorizationUrl = oidc.buildAuthorizationUrl(config, {
    redirect_uri: sso.redirectUrl,
    scope: sso.scopes,
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    // A step-up is a fresh sign-in at the provider, whatever session it holds (SPEC §13).
    ...(stepUp ? { prompt: 'login', max_age: '0' } : {}),
  });
  return { pendingId, authorizationUrl: authorizationUrl.href };
}

/**
 * Finishes a sign-in on the provider's redirect: openid-client checks the state, exchanges the
 * code with the PKCE verifier, and validates the ID token (signature, iss, aud, exp, nonce).
 * The staff member is found by (iss, sub); a first sign-in creates them only when their groups
 * map to a role; their role follows the provider at each sign-in; a disabled one stays out.
 * Every refusal that follows a sign-in this browser started is audited (never a code or token).
 */
export async function finishSsoSignIn(
  deps: ApiDeps,
  input: { pendingId: string | undefined; callbackUrl: URL } & SessionClient,
): Promise<SignInResult | { stepUp: true }> {
  const sso = deps.sso;
  if (!sso) throw new SsoRefused('not_configured', 'Single sign-on is not configured.');
  const now = deps.clock();
  const pendingId = input.pendingId;
  const countFailure = (tx: Db) =>
    insertSignInAttempt(tx, {
      emailHash: signInEmailHash(deps, `sso:${sso.issuerUrl}`),
      ip: input.ip,
      at: now,
      succeeded: false,
    });
  const pending =
    pendingId && pendingId.length <= 128
      ? await deps.db.transaction((tx) => takePendingSsoSignIn(tx, hashSessionId(pendingId)))
      : null;
  // No sign-in started from this browser (or used, or too old): an anonymous request, like an
  // unknown email at the password form, is not an audit event (SPEC §8).
  if (!pending || pending.expiresAt <= now) {
    await deps.db.transaction((tx) => countFailure(tx));
    throw new SsoRefused('no_pending_sign_in', 'no sign-in started from this browser');
  }
  if (pendingId) {
    const session = await findSessionByChallenge(deps.db.read, stepUpChallengeOf(pendingId));
    if (session) {
      await finishSsoStepUp(deps, sso, pending, session, { ...input, countFailure });
      return { stepUp: true };
    }
  }
  // The provider's issuer as its validated ID token names it, once there is one.
  let issuer = sso.issuerUrl;
  const refuse = async (
    refusal: SsoRefusal,
    message: string,
    audit: { staffId?: string; details?: Record<string, unknown> } = {},
  ): Promise<never> => {
    await deps.db.transaction(async (tx) => {
      await countFailure(tx);
      await appendAuditEvent(tx, {
        at: now,
        staffId: audit.staffId ?? 'anonymous',
        action: 'auth.login',
        outcome: 'refused',
        reason: refusal === 'no_role' ? 'FORBIDDEN_ROLE' : 'UNAUTHENTICATED',
        details: { method: 'sso', issuer, refusal, ip: input.ip, ...audit.details },
      });
    });
    throw new SsoRefused(refusal, message);
  };

  let claims: Record<string, unknown>;
  let groupsClaim: unknown;
  try {
    const config = await configurationOf(deps, sso);
    const tokens = await oidc.authorizationCodeGrant(config, input.callbackUrl, {
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      pkceCodeVerifier: pending.codeVerifier,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims();
    if (!idClaims) throw new SsoRefused('invalid_id_token', 'no ID token');
    claims = { ...idClaims };
    groupsClaim = claims[sso.roleClaim];
    // Some providers keep groups out of the ID token: then ask userinfo, for this subject.
    if (groupsClaim === undefined && config.serverMetadata().userinfo_endpoint) {
      const info = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
      groupsClaim = info[sso.roleClaim];
      claims = { ...info, ...claims };
    }
  } catch (error) {
    const refusal = refusalOfError(error);
    deps.logger.warn({ refusal, err: describe(error) }, 'single sign-on refused');
    return refuse(refusal, describe(error));
  }

  issuer = String(claims.iss);
  const subject = String(claims.sub);
  const groups = groupsOfClaim(groupsClaim);
  const role = roleFromGroups(groups, sso.roleMap);
  const email = staffEmailOf(claims);
  const displayName = displayNameOf(claims, email, subject);

  type Outcome =
    | { ok: true; result: SignInResult }
    | { ok: false; refusal: SsoRefusal; staffId?: string; details?: Record<string, unknown> };
  const outcome = await deps.db.transaction(async (tx): Promise<Outcome> => {
    const found = await findStaffByIdentity(tx, issuer, subject);
    let member: { id: string; email: string; displayName: string; role: StaffRole };
    const who = { subject, email: email ?? '' };
    if (found && found.disabledAt !== null) {
      return { ok: false, refusal: 'staff_disabled', staffId: found.id, details: who };
    }
    if (role === null) {
      // The groups are what an admin needs to fix the mapping; at most 20 of them.
      return {
        ok: false,
        refusal: 'no_role',
        ...(found ? { staffId: found.id } : {}),
        details: { ...who, groups: groups.slice(0, 20) },
      };
    }
    if (!found) {
      if (email === null) {
        return { ok: false, refusal: 'missing_email', details: { subject } };
      }
      // Never matched by email: an existing staff member with this email and no link to this
      // identity is someone an admin must link, not someone a provider account may become.
      const holder = await findStaffByEmail(tx, email);
      if (holder) return { ok: false, refusal: 'email_in_use', staffId: holder.id, details: who };
      member = await createSsoStaff(tx, { email, displayName, role, issuer, subject, now });
    } else {
      member = found;
    }
    if (found && found.role !== role) {
      await updateStaffRole(tx, member.id, role);
      await appendAuditEvent(tx, {
        at: now,
        staffId: member.id,
        action: 'staff.set_role',
        outcome: 'succeeded',
        details: { staffId: member.id, before: found.role, after: role, source: 'sso', issuer },
      });
    }
    // The provider's sign-in counts as a second factor: the step-up window starts now.
    const sessionId = await openSession(tx, member.id, now, input, { at: now, method: 'sso' });
    await appendAuditEvent(tx, {
      at: now,
      staffId: member.id,
      action: 'auth.login',
      outcome: 'succeeded',
      details: { method: 'sso', issuer },
    });
    return {
      ok: true,
      result: {
        sessionId,
        staff: { id: member.id, email: member.email, displayName: member.displayName, role },
      },
    };
  });
  if (!outcome.ok) {
    return refuse(outcome.refusal, `refused: ${outcome.refusal}`, {
      ...(outcome.staffId ? { staffId: outcome.staffId } : {}),
      ...(outcome.details ? { details: outcome.details } : {}),
    });
  }
  return outcome.result;
}

/**
 * The email a first sign-in makes the staff member with: the provider's, normalised as staff
 * emails are, of the shape and length a staff form takes; none when the provider says it is
 * unverified (an address someone typed at the provider is no one's identity).
 */
function staffEmailOf(claims: Record<string, unknown>): string | null {
  if (typeof claims.email !== 'string' || claims.email_verified === false) return null;
  const parsed = createStaffInput.shape.email.safeParse(normaliseStaffEmail(claims.email));
  return parsed.success ? parsed.data : null;
}

/** The name shown in the console: the provider's, cleaned as a typed one is; else the email's. */
function displayNameOf(claims: Record<string, unknown>, email: string | null, subject: string) {
  const name = createStaffInput.shape.displayName.safeParse(
    typeof claims.name === 'string' ? claims.name : '',
  );
  if (name.success) return name.data;
  return (email?.split('@')[0] ?? subject).slice(0, INPUT_LIMITS.staffDisplayName);
}

/** A staff member made at their first sign-in: no password, linked to their identity. */
async function createSsoStaff(
  tx: Db,
  input: {
    email: string;
    displayName: string;
    role: StaffRole;
    issuer: string;
    subject: string;
    now: number;
  },
) {
  const created = await insertStaff(tx, {
    email: input.email,
    displayName: input.displayName,
    role: input.role,
    passwordHash: '',
    createdAt: input.now,
  });
  await insertStaffIdentity(tx, {
    staffId: created.id,
    issuer: input.issuer,
    subject: input.subject,
    createdAt: input.now,
  });
  await appendAuditEvent(tx, {
    at: input.now,
    staffId: created.id,
    action: 'staff.create',
    outcome: 'succeeded',
    details: {
      staffId: created.id,
      email: created.email,
      displayName: created.displayName,
      role: created.role,
      source: 'sso',
      issuer: input.issuer,
    },
  });
  return created;
}

/** An error in a line for the log: its message and code, never a token or a code. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return `${error.name}${code ? ` ${String(code)}` : ''}: ${error.message}${
    error.cause instanceof Error ? ` (${error.cause.message})` : ''
  }`;
}

/** The session challenge that marks a provider step-up in flight: keyed on the pending sign-in. */
function stepUpChallengeOf(pendingId: string): string {
  return `sso:${hashSessionId(`step_up:${pendingId}`)}`;
}

/** Whether openid-client refused the ID token for its `auth_time` (max_age), at any depth. */
function failedOnAuthTime(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    if ((e as { claim?: unknown }).claim === 'auth_time') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Step-up refusals beyond the sign-in ones, for the console's `step_up_error`. */
export type StepUpRefusal = SsoRefusal | 'other_account' | 'not_fresh' | 'no_session';

export class StepUpRefused extends Error {
  readonly refusal: StepUpRefusal;
  constructor(refusal: StepUpRefusal, message: string) {
    super(message);
    this.name = 'StepUpRefused';
    this.refusal = refusal;
  }
}

/**
 * A provider re-authentication for a step-up (SPEC §13): the ID token must be for the same
 * `iss`+`sub` as the session's staff member, with an `auth_time` no older than the step-up's
 * start (`max_age=0` was asked; openid-client checks it too). The SAME session gets its step-up
 * window; no new session opens. Audited `auth.step_up` either way.
 */
async function finishSsoStepUp(
  deps: ApiDeps,
  sso: SsoSettings,
  pending: { state: string; nonce: string; codeVerifier: string; createdAt: number },
  session: {
    idHash: string;
    staffId: string;
    challengeExpiresAt: number | null;
    revokedAt: number | null;
    expiresAt: number;
  },
  input: { callbackUrl: URL; ip: string; countFailure: (tx: Db) => Promise<number> },
): Promise<void> {
  const now = deps.clock();
  const refuse = async (refusal: StepUpRefusal, message: string, details = {}): Promise<never> => {
    await deps.db.transaction(async (tx) => {
      await input.countFailure(tx);
      await updateSessionSecondFactor(tx, session.idHash, {
        challenge: null,
        challengeExpiresAt: null,
      });
      await appendAuditEvent(tx, {
        at: now,
        staffId: session.staffId,
        action: 'auth.step_up',
        outcome: 'refused',
        reason: 'UNAUTHENTICATED',
        details: { method: 'sso', refusal, ip: input.ip, ...details },
      });
    });
    throw new StepUpRefused(refusal, message);
  };
  if (session.revokedAt !== null || session.expiresAt <= now) {
    return refuse('no_session', 'the session that asked for a step-up has ended');
  }
  let claims: Record<string, unknown>;
  try {
    const config = await configurationOf(deps, sso);
    const tokens = await oidc.authorizationCodeGrant(config, input.callbackUrl, {
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      pkceCodeVerifier: pending.codeVerifier,
      idTokenExpected: true,
      maxAge: 0,
    });
    const idClaims = tokens.claims();
    if (!idClaims) throw new SsoRefused('invalid_id_token', 'no ID token');
    claims = { ...idClaims };
  } catch (error) {
    return refuse(failedOnAuthTime(error) ? 'not_fresh' : refusalOfError(error), describe(error));
  }
  // The person must have signed in at the provider after this step-up started (30 s of clock
  // difference allowed), not merely hold an old provider session.
  const authTime = typeof claims.auth_time === 'number' ? claims.auth_time * 1000 : Number.NaN;
  if (!(authTime >= pending.createdAt - 30_000)) {
    return refuse('not_fresh', 'auth_time older than the step-up');
  }
  const issuer = String(claims.iss);
  const subject = String(claims.sub);
  const found = await findStaffByIdentity(deps.db.read, issuer, subject);
  if (!found || found.id !== session.staffId) {
    // Another person's account at the provider: no step-up for this session.
    return refuse('other_account', 'signed in at the provider as someone else', {
      ...(found ? { otherStaffId: found.id } : {}),
    });
  }
  await deps.db.transaction(async (tx) => {
    await updateSessionSecondFactor(tx, session.idHash, {
      secondFactorAt: now,
      secondFactorMethod: 'sso',
      challenge: null,
      challengeExpiresAt: null,
    });
    await appendAuditEvent(tx, {
      at: now,
      staffId: session.staffId,
      action: 'auth.step_up',
      outcome: 'succeeded',
      details: { method: 'sso', issuer },
    });
  });
}
