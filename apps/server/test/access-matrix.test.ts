import { appRouter } from '@lifeline/api';
import type { StaffRole } from '@lifeline/domain';
import { MINUTE } from '@lifeline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestServer, type TestServer } from './harness.ts';

/**
 * The access contract of every procedure, written out by hand (SPEC §1, §7, §11): the test
 * fails when a procedure is added without an entry here, or when the server disagrees.
 */
type Access = 'public' | 'signed_in' | StaffRole;
const EXPECTED: Record<string, Access> = {
  'auth.login': 'public',
  'auth.config': 'public',
  'auth.logout': 'signed_in',
  'auth.me': 'signed_in',
  'auth.sessions': 'signed_in',
  'auth.endSession': 'signed_in',
  'auth.passkeyOptions': 'signed_in',
  'auth.verifySecondFactor': 'signed_in',
  'auth.factors.list': 'signed_in',
  'auth.factors.totpStart': 'signed_in',
  'auth.factors.totpConfirm': 'signed_in',
  'auth.factors.passkeyRegistrationOptions': 'signed_in',
  'auth.factors.passkeyRegister': 'signed_in',
  'auth.factors.remove': 'signed_in',
  'auth.factors.regenerateRecoveryCodes': 'signed_in',
  'accounts.search': 'agent',
  'accounts.diagnose': 'agent',
  'accounts.get': 'agent',
  'verification.sendCode': 'agent',
  'verification.check': 'agent',
  'actions.reactivate': 'agent',
  'actions.detachTeamMember': 'agent',
  'actions.unlockLogin': 'agent',
  'actions.sendPasswordReset': 'agent',
  'actions.liftBlock': 'agent',
  'identityChecks.queue': 'lead',
  'identityChecks.decide': 'lead',
  'reviews.queue': 'lead',
  'reviews.mark': 'lead',
  'alerts.list': 'lead',
  'audit.list': 'agent',
  'audit.verifyChain': 'lead',
  'audit.reactivationReport': 'lead',
  'outbox.list': 'agent',
  'staff.list': 'admin',
  'staff.create': 'admin',
  'staff.setRole': 'admin',
  'staff.disable': 'admin',
  'staff.endSessions': 'admin',
  'escalations.open': 'agent',
  'escalations.forAccount': 'agent',
  'escalations.queue': 'lead',
  'escalations.take': 'lead',
  'escalations.close': 'lead',
  'webhooks.list': 'admin',
  'webhooks.create': 'admin',
  'webhooks.update': 'admin',
  'webhooks.rotateSecret': 'admin',
  'webhooks.sendTest': 'admin',
  'webhooks.deliveries': 'admin',
  'webhooks.replay': 'admin',
  'staff.resetFactors': 'admin',
};

/** What a session still owing its second factor may call (SPEC §13): nothing else. */
const WHILE_PENDING = new Set([
  'auth.login',
  'auth.config',
  'auth.me',
  'auth.logout',
  'auth.passkeyOptions',
  'auth.verifySecondFactor',
]);
/** The sensitive procedures: a second factor in the last 5 minutes, or STEP_UP_REQUIRED. */
const NEEDS_STEP_UP = new Set([
  'auth.factors.remove',
  'auth.factors.regenerateRecoveryCodes',
  'staff.setRole',
  'staff.disable',
  'staff.resetFactors',
]);

const RANK: Record<StaffRole, number> = { agent: 0, lead: 1, admin: 2 };
type Identity =
  | 'signed_out'
  | 'forged_cookie'
  | 'expired_session'
  | 'disabled_staff'
  | StaffRole
  /** An admin signed in with a password who has not passed their second factor yet. */
  | 'second_factor_pending'
  /** An admin with a factor whose last second factor is 10 minutes old. */
  | 'step_up_stale';
const IDENTITIES: Identity[] = [
  'signed_out',
  'forged_cookie',
  'expired_session',
  'disabled_staff',
  'agent',
  'lead',
  'admin',
  'second_factor_pending',
  'step_up_stale',
];

function expectedReason(
  access: Access,
  identity: Identity,
  path: string,
): 'allowed' | 'UNAUTHENTICATED' | 'FORBIDDEN_ROLE' | 'STEP_UP_REQUIRED' {
  if (access === 'public') return 'allowed';
  if (identity === 'second_factor_pending') {
    return WHILE_PENDING.has(path) ? 'allowed' : 'UNAUTHENTICATED';
  }
  if (identity === 'step_up_stale') {
    return NEEDS_STEP_UP.has(path) ? 'STEP_UP_REQUIRED' : 'allowed';
  }
  if (
    identity === 'signed_out' ||
    identity === 'forged_cookie' ||
    identity === 'expired_session' ||
    identity === 'disabled_staff'
  ) {
    return 'UNAUTHENTICATED';
  }
  if (access === 'signed_in') return 'allowed';
  return RANK[identity] >= RANK[access] ? 'allowed' : 'FORBIDDEN_ROLE';
}

const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>,
).map(([path, procedure]) => ({ path, type: procedure._def.type }));

describe('access matrix: every procedure × every identity', () => {
  let server: TestServer;
  const cookies = new Map<Identity, string | undefined>();

  async function signIn(email: string, repeat = 1): Promise<string> {
    const response = await fetch(`${server.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ json: { email, password: DEMO_PASSWORD.repeat(repeat) } }),
    });
    const line = response.headers.getSetCookie()[0] ?? '';
    return line.split(';')[0] ?? '';
  }

  beforeAll(async () => {
    server = await startTestServer({ accounts: 0 });
    cookies.set('signed_out', undefined);
    cookies.set('forged_cookie', `lifeline_session=${'x'.repeat(43)}`);
    cookies.set('agent', await signIn('agent@lifeline.test'));
    cookies.set('lead', await signIn('lead@lifeline.test'));
    cookies.set('admin', await signIn('admin@lifeline.test'));
    // A session left idle past 30 minutes, and a staff member disabled after signing in.
    const expired = await signIn('agent2@lifeline.test');
    server.clock.advance(31 * MINUTE);
    cookies.set('agent', await signIn('agent@lifeline.test'));
    cookies.set('lead', await signIn('lead@lifeline.test'));
    cookies.set('admin', await signIn('admin@lifeline.test'));
    cookies.set('expired_session', expired);
    cookies.set('disabled_staff', await signIn('agent2@lifeline.test'));
    await server.sql(
      "UPDATE staff SET disabled_at = ? WHERE email = 'agent2@lifeline.test'",
      server.clock.now,
    );
    // Two admins with a passkey (enough to owe a second factor; never used here): one signed in
    // with the password only, one whose second factor passed 10 minutes ago.
    const admin = await server.signedIn('admin@lifeline.test');
    for (const email of ['pending@lifeline.test', 'stale@lifeline.test']) {
      const { staff } = await admin.staff.create.mutate({
        email,
        displayName: email,
        role: 'admin',
        password: DEMO_PASSWORD.repeat(2),
      });
      await server.sql(
        "INSERT INTO staff_factors (id, staff_id, kind, label, created_at, credential_id, public_key, sign_count) VALUES (?, ?, 'passkey', 'Key', ?, ?, 'AA', 0)",
        `fac_${email.slice(0, 5)}0000`,
        staff.id,
        server.clock.now,
        Buffer.from(`cred-${email}`).toString('base64url'),
      );
    }
    cookies.set('second_factor_pending', await signIn('pending@lifeline.test', 2));
    cookies.set('step_up_stale', await staleSession());
  });

  /** A session of stale@ whose second factor passed 10 minutes ago. */
  async function staleSession(): Promise<string> {
    const cookie = await signIn('stale@lifeline.test', 2);
    await server.sql(
      "UPDATE staff_sessions SET second_factor_pending = false, second_factor_at = ?, second_factor_method = 'passkey' WHERE staff_id = (SELECT id FROM staff WHERE email = 'stale@lifeline.test') AND revoked_at IS NULL",
      server.clock.now - 10 * MINUTE,
    );
    return cookie;
  }
  afterAll(() => server.close());

  it('has an expected entry for every procedure, and no stale entries', () => {
    expect(procedures.map((p) => p.path).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  async function call(path: string, type: string, identity: Identity) {
    const headers: Record<string, string> = {
      origin: server.url,
      'content-type': 'application/json',
    };
    // Signing out would spoil the other rows: auth.logout gets a session of its own.
    const cookie =
      path === 'auth.logout' &&
      (identity === 'agent' || identity === 'lead' || identity === 'admin')
        ? await signIn(`${identity}@lifeline.test`)
        : path === 'auth.logout' && identity === 'second_factor_pending'
          ? await signIn('pending@lifeline.test', 2)
          : path === 'auth.logout' && identity === 'step_up_stale'
            ? await staleSession()
            : cookies.get(identity);
    if (cookie) headers.cookie = cookie;
    const response =
      type === 'query'
        ? await fetch(
            `${server.url}/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`,
            { headers },
          )
        : await fetch(`${server.url}/trpc/${path}`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ json: {} }),
          });
    const body = (await response.json()) as { error?: { json?: { data?: { reason?: string } } } };
    return { status: response.status, reason: body.error?.json?.data?.reason };
  }

  for (const { path, type } of procedures) {
    it(`${path} answers each identity as the contract says`, async () => {
      const access = EXPECTED[path];
      expect(access, `no access entry for ${path}`).toBeDefined();
      for (const identity of IDENTITIES) {
        const { status, reason } = await call(path, type, identity);
        const expected = expectedReason(access as Access, identity, path);
        if (expected === 'allowed') {
          // Allowed through the gate: the empty input may be refused as invalid, nothing else.
          expect([reason, status], `${path} as ${identity}`).not.toContainEqual('UNAUTHENTICATED');
          expect(reason, `${path} as ${identity}`).not.toBe('FORBIDDEN_ROLE');
          expect(reason, `${path} as ${identity}`).not.toBe('UNAUTHENTICATED');
          expect(status, `${path} as ${identity}`).toBeLessThan(500);
        } else {
          expect(reason, `${path} as ${identity}`).toBe(expected);
          expect(status, `${path} as ${identity}`).toBe(expected === 'UNAUTHENTICATED' ? 401 : 403);
        }
      }
    });
  }
});

describe('role refusals of actions are audited (SPEC §8)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ accounts: 0 });
  });
  afterAll(() => server.close());

  it('records an agent trying a lead action, with the procedure', async () => {
    const agent = await server.signedIn('agent@lifeline.test');
    const me = await agent.auth.me.query();
    await expect(
      agent.identityChecks.decide.mutate({
        checkId: 'idc_0000000000000000',
        decision: 'approve',
        note: 'trying',
        ticketRef: 'T-9',
        idempotencyKey: 'agent-tries-decide',
      }),
    ).rejects.toThrow();
    const rows = await server.sql(
      "SELECT action, outcome, reason, details FROM audit_events WHERE staff_id = ? AND reason = 'FORBIDDEN_ROLE'",
      me.staff.id,
    );
    expect(rows).toEqual([
      {
        action: 'identity_check.decide',
        outcome: 'refused',
        reason: 'FORBIDDEN_ROLE',
        details: '{"procedure":"identityChecks.decide"}',
      },
    ]);
  });
});
