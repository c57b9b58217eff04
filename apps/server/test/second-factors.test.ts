import { hashPassword, insertStaffMember, totpOf } from '@lifeline/api';
import { MINUTE } from '@lifeline/domain';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  jarOf,
  reasonOf,
  startTestServer,
  type TestClient,
  type TestServer,
  type TestServerOptions,
} from './harness.ts';
import { SoftAuthenticator } from './soft-authenticator.ts';

// Staff second factors over real HTTP on a real database (SPEC §13, issue 10): TOTP with
// recovery codes, passkeys from a software authenticator, pending sign-ins, step-up for the
// sensitive actions, STAFF_MFA=required, and an admin's reset. Every attack tried is a test.

const PASSWORD = 'correct-horse-battery';
const STEP = 30_000;

type Row = Record<string, unknown>;

function harness(options: TestServerOptions) {
  const ctx = {} as { server: TestServer; passwordHash: string };
  let made = 0;
  beforeAll(async () => {
    ctx.server = await startTestServer({ accounts: 0, ...options });
    ctx.passwordHash = await hashPassword(PASSWORD);
  });
  afterAll(() => ctx.server.close());
  // Each test starts past the previous one's throttle windows (15 min).
  beforeEach(() => {
    ctx.server.clock.advance(16 * MINUTE);
  });

  const h = {
    ctx,
    /** A new staff member (password PASSWORD), as `staff.create` or the CLI makes one. */
    async staffMember(role: 'agent' | 'lead' | 'admin' = 'agent') {
      made += 1;
      const email = `mfa${made}.${role}@lifeline.test`;
      const staff = await ctx.server.db.transaction((tx) =>
        insertStaffMember(
          tx,
          { email, displayName: `Mfa ${made}`, role, passwordHash: ctx.passwordHash },
          { staffId: 'cli', now: ctx.server.clock.now },
        ),
      );
      return { email, id: staff.id };
    },
    async login(email: string) {
      const client = ctx.server.client();
      const result = await client.auth.login.mutate({ email, password: PASSWORD });
      return { client, result };
    },
    code(secret: string, at = ctx.server.clock.now) {
      return totpOf(secret, '').generate({ timestamp: at });
    },
    /** Enrols a TOTP factor on a signed-in client: its secret and the recovery codes. */
    async enrolTotp(client: TestClient, label = 'Phone') {
      const start = await client.auth.factors.totpStart.mutate();
      const done = await client.auth.factors.totpConfirm.mutate({
        code: h.code(start.secret),
        label,
      });
      return { ...start, ...done };
    },
    async enrolPasskey(client: TestClient, label = 'Laptop') {
      const authenticator = new SoftAuthenticator(ctx.server.deps.consoleUrl as string);
      const options = await client.auth.factors.passkeyRegistrationOptions.mutate();
      const done = await client.auth.factors.passkeyRegister.mutate({
        response: authenticator.register(options),
        label,
      });
      return { authenticator, ...done };
    },
    async audit(action: string, staffId: string): Promise<Row[]> {
      return ctx.server.sql(
        'SELECT action, outcome, reason, details FROM audit_events WHERE action = ? AND staff_id = ? ORDER BY id',
        action,
        staffId,
      );
    },
    details(row: Row | undefined): Record<string, unknown> {
      return JSON.parse(String(row?.details ?? '{}'));
    },
    /** Makes the session's last second factor `ago` old (the console's 5-minute window). */
    async ageSecondFactor(staffId: string, ago: number) {
      await ctx.server.sql(
        'UPDATE staff_sessions SET second_factor_at = ? WHERE staff_id = ? AND second_factor_at IS NOT NULL',
        ctx.server.clock.now - ago,
        staffId,
      );
    },
  };
  return h;
}

describe('second factors with STAFF_MFA=optional (the development default)', () => {
  const h = harness({ staffMfa: 'optional' });
  const server = () => h.ctx.server;

  it('TOTP: enrol, sign in with a code; until then the pending session may do nothing else', async () => {
    const { email, id } = await h.staffMember();
    const first = await h.login(email);
    // No factor, optional MFA: the password is the sign-in, as before.
    expect(first.result.secondFactor).toBeNull();
    const enrolled = await h.enrolTotp(first.client);
    expect(enrolled.otpauthUrl).toMatch(/^otpauth:\/\/totp\/Lifeline:.+\?.*secret=/);
    expect(enrolled.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(enrolled.recoveryCodes).toHaveLength(10);
    for (const code of enrolled.recoveryCodes ?? [])
      expect(code).toMatch(/^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{2}$/);
    expect(new Set(enrolled.recoveryCodes).size).toBe(10);
    // The secret is stored encrypted, never as given.
    const stored = await server().one<{ totp_secret: string }>(
      'SELECT totp_secret FROM staff_factors WHERE staff_id = ?',
      id,
    );
    expect(stored?.totp_secret).toMatch(/^v1\./);
    expect(stored?.totp_secret).not.toContain(enrolled.secret);

    server().clock.advance(STEP);
    const { client, result } = await h.login(email);
    expect(result.secondFactor).toEqual({ needed: 'verify', methods: ['totp', 'recovery_code'] });
    expect(result.staff).toMatchObject({ id, email, role: 'agent' });
    // Pending: who am I says so and grants nothing; everything else is refused.
    expect(await client.auth.me.query()).toMatchObject({
      secondFactorPending: true,
      enrolmentRequired: false,
      capabilities: [],
      factorCount: 1,
    });
    expect(await reasonOf(client.accounts.search.query({ query: 'someone' }))).toBe(
      'UNAUTHENTICATED',
    );
    expect(await reasonOf(client.auth.sessions.query())).toBe('UNAUTHENTICATED');
    expect(await reasonOf(client.auth.factors.list.query())).toBe('UNAUTHENTICATED');
    // A pending session cannot plant a factor of its own (the staff member has one).
    expect(await reasonOf(client.auth.factors.totpStart.mutate())).toBe('UNAUTHENTICATED');
    const csv = await fetch(`${server().url}/api/audit.csv`, {
      headers: { cookie: [...jarOf(client)].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(csv.status).toBe(401);

    const passed = await client.auth.verifySecondFactor.mutate({
      method: 'totp',
      code: h.code(enrolled.secret),
    });
    expect(passed).toMatchObject({ method: 'totp', staff: { id } });
    expect(await client.auth.me.query()).toMatchObject({ secondFactorPending: false });
    expect((await client.auth.me.query()).capabilities.length).toBeGreaterThan(0);
    await client.accounts.search.query({ query: 'someone' });

    const logins = await h.audit('auth.login', id);
    expect(h.details(logins.at(-1))).toMatchObject({ method: 'password', secondFactor: 'verify' });
    const second = await h.audit('auth.second_factor', id);
    expect(second.at(-1)).toMatchObject({ outcome: 'succeeded' });
    expect(h.details(second.at(-1))).toMatchObject({ method: 'password+totp' });
    const added = await h.audit('staff.factor_add', id);
    expect(h.details(added[0])).toMatchObject({ kind: 'totp', label: 'Phone' });
  });

  it('refuses a wrong code, audited; the fifth failure ends the pending session, and the throttle holds', async () => {
    const { email, id } = await h.staffMember();
    const first = await h.login(email);
    const { secret } = await h.enrolTotp(first.client);
    server().clock.advance(STEP);
    const { client } = await h.login(email);
    const wrong = h.code(secret, server().clock.now + 10 * MINUTE);
    for (let i = 1; i <= 4; i++) {
      expect(
        await reasonOf(client.auth.verifySecondFactor.mutate({ method: 'totp', code: wrong })),
      ).toBe('UNAUTHENTICATED');
    }
    expect(await client.auth.me.query()).toMatchObject({ secondFactorPending: true });
    await expect(
      client.auth.verifySecondFactor.mutate({ method: 'totp', code: wrong }),
    ).rejects.toThrow(/this sign-in has ended/);
    // The session is gone; a new sign-in is throttled, even with the right code.
    expect(await reasonOf(client.auth.me.query())).toBe('UNAUTHENTICATED');
    const again = await h.login(email);
    expect(
      await reasonOf(
        again.client.auth.verifySecondFactor.mutate({ method: 'totp', code: h.code(secret) }),
      ),
    ).toBe('RATE_LIMITED');
    const refused = await h.audit('auth.second_factor', id);
    expect(refused.filter((r) => r.outcome === 'refused')).toHaveLength(5);
    expect(refused.at(-1)).toMatchObject({ reason: 'RATE_LIMITED' });
    expect(h.details(refused.at(-1))).toMatchObject({
      method: 'totp',
      why: 'wrong_code',
      failures: 5,
      sessionEnded: true,
    });
    // 15 minutes later the right code passes.
    server().clock.advance(16 * MINUTE);
    const later = await h.login(email);
    await later.client.auth.verifySecondFactor.mutate({ method: 'totp', code: h.code(secret) });
  });

  it('throttles wrong step-ups too (audited auth.step_up), without ending the signed-in session', async () => {
    const { email, id } = await h.staffMember();
    const first = await h.login(email);
    const { secret } = await h.enrolTotp(first.client);
    const wrong = h.code(secret, server().clock.now + 10 * MINUTE);
    for (let i = 1; i <= 5; i++) {
      expect(
        await reasonOf(
          first.client.auth.verifySecondFactor.mutate({ method: 'totp', code: wrong }),
        ),
      ).toBe('UNAUTHENTICATED');
    }
    server().clock.advance(STEP);
    expect(
      await reasonOf(
        first.client.auth.verifySecondFactor.mutate({ method: 'totp', code: h.code(secret) }),
      ),
    ).toBe('RATE_LIMITED');
    // Still signed in: a step-up failing is not a sign-in failing.
    expect(await first.client.auth.me.query()).toMatchObject({ secondFactorPending: false });
    const refused = (await h.audit('auth.step_up', id)).filter((r) => r.outcome === 'refused');
    expect(refused).toHaveLength(5);
    expect(refused.at(-1)).toMatchObject({ reason: 'RATE_LIMITED' });
    expect(h.details(refused.at(-1))).not.toHaveProperty('sessionEnded');
  });

  it('refuses a code used already in its time step (replay), and takes the next step', async () => {
    const { email, id } = await h.staffMember();
    const first = await h.login(email);
    const { secret } = await h.enrolTotp(first.client);
    // The code that confirmed the enrolment cannot also sign in.
    const { client } = await h.login(email);
    const replay = h.code(secret);
    expect(
      await reasonOf(client.auth.verifySecondFactor.mutate({ method: 'totp', code: replay })),
    ).toBe('UNAUTHENTICATED');
    server().clock.advance(STEP);
    const fresh = h.code(secret);
    await client.auth.verifySecondFactor.mutate({ method: 'totp', code: fresh });
    // The same code again (another sign-in, same step): refused.
    const other = await h.login(email);
    expect(
      await reasonOf(other.client.auth.verifySecondFactor.mutate({ method: 'totp', code: fresh })),
    ).toBe('UNAUTHENTICATED');
    // And the previous step's code, still inside the ±1 window: refused too (older than the last used).
    expect(
      await reasonOf(other.client.auth.verifySecondFactor.mutate({ method: 'totp', code: replay })),
    ).toBe('UNAUTHENTICATED');
    const whys = (await h.audit('auth.second_factor', id))
      .filter((r) => r.outcome === 'refused')
      .map((r) => h.details(r).why);
    expect(whys).toEqual(['code_reused', 'code_reused', 'code_reused']);
  });

  it('takes a recovery code once, in any case and with or without dashes', async () => {
    const { email, id } = await h.staffMember();
    const first = await h.login(email);
    const { recoveryCodes } = await h.enrolTotp(first.client);
    const code = recoveryCodes?.[3] as string;
    const { client } = await h.login(email);
    await client.auth.verifySecondFactor.mutate({
      method: 'recovery_code',
      code: code.toUpperCase().replaceAll('-', ' '),
    });
    expect(await client.auth.factors.list.query()).toMatchObject({ recoveryCodesLeft: 9 });
    const again = await h.login(email);
    expect(
      await reasonOf(
        again.client.auth.verifySecondFactor.mutate({ method: 'recovery_code', code }),
      ),
    ).toBe('UNAUTHENTICATED');
    await again.client.auth.verifySecondFactor.mutate({
      method: 'recovery_code',
      code: recoveryCodes?.[4] as string,
    });
    const events = await h.audit('auth.second_factor', id);
    expect(events.map((e) => [e.outcome, h.details(e).method])).toEqual([
      ['succeeded', 'password+recovery_code'],
      ['refused', 'recovery_code'],
      ['succeeded', 'password+recovery_code'],
    ]);
    expect(h.details(events.at(-1))).toMatchObject({ recoveryCodesLeft: 8 });
  });

  it('passkeys: a registration and an authentication ceremony from a software authenticator', async () => {
    const { email, id } = await h.staffMember('lead');
    const first = await h.login(email);
    const options = await first.client.auth.factors.passkeyRegistrationOptions.mutate();
    expect(options).toMatchObject({
      rp: { id: 'localhost', name: 'Lifeline' },
      attestation: 'none',
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    });
    const authenticator = new SoftAuthenticator(server().deps.consoleUrl as string);
    const registered = await first.client.auth.factors.passkeyRegister.mutate({
      response: authenticator.register(options),
      label: 'Work laptop',
    });
    expect(registered.factor).toMatchObject({ kind: 'passkey', label: 'Work laptop' });
    expect(registered.recoveryCodes).toHaveLength(10);
    // The same credential cannot be registered twice (and is excluded from the next options).
    const next = await first.client.auth.factors.passkeyRegistrationOptions.mutate();
    expect(next.excludeCredentials?.map((c) => c.id)).toEqual([authenticator.id]);

    const { client, result } = await h.login(email);
    expect(result.secondFactor).toEqual({
      needed: 'verify',
      methods: ['passkey', 'recovery_code'],
    });
    const request = await client.auth.passkeyOptions.mutate();
    expect(request.allowCredentials?.map((c) => c.id)).toEqual([authenticator.id]);
    expect(request.rpId).toBe('localhost');
    const passed = await client.auth.verifySecondFactor.mutate({
      method: 'passkey',
      response: authenticator.authenticate(request),
    });
    expect(passed.method).toBe('passkey');
    const row = await server().one<{ sign_count: number; last_used_at: number }>(
      'SELECT sign_count, last_used_at FROM staff_factors WHERE staff_id = ?',
      id,
    );
    expect(row).toMatchObject({ sign_count: 1, last_used_at: server().clock.now });
    const events = await h.audit('auth.second_factor', id);
    expect(h.details(events.at(-1))).toMatchObject({ method: 'password+passkey' });
  });

  it('passkeys: refuses a replayed assertion, a cloned authenticator, another staff member’s passkey and another origin', async () => {
    const lead = await h.staffMember('lead');
    const other = await h.staffMember('lead');
    const first = await h.login(lead.email);
    const { authenticator } = await h.enrolPasskey(first.client);
    const otherFirst = await h.login(other.email);
    const { authenticator: othersKey } = await h.enrolPasskey(otherFirst.client);
    // The lead's credential registered again by someone else: refused (ids are unique).
    const again = await otherFirst.client.auth.factors.passkeyRegistrationOptions.mutate();
    expect(
      await reasonOf(
        otherFirst.client.auth.factors.passkeyRegister.mutate({
          response: authenticator.register(again),
          label: 'Not mine',
        }),
      ),
    ).toBe('INVALID_INPUT');

    // A good assertion, then the same one again: its challenge is used up.
    const a = await h.login(lead.email);
    const options = await a.client.auth.passkeyOptions.mutate();
    const assertion = authenticator.authenticate(options);
    await a.client.auth.verifySecondFactor.mutate({ method: 'passkey', response: assertion });
    const b = await h.login(lead.email);
    await b.client.auth.passkeyOptions.mutate();
    expect(
      await reasonOf(
        b.client.auth.verifySecondFactor.mutate({ method: 'passkey', response: assertion }),
      ),
    ).toBe('UNAUTHENTICATED');

    // A clone of the authenticator made before that sign-in: its counter lags behind.
    const clone = new SoftAuthenticator(authenticator.origin, {
      from: authenticator,
      signCount: 0,
    });
    const c = await h.login(lead.email);
    expect(
      await reasonOf(
        c.client.auth.verifySecondFactor.mutate({
          method: 'passkey',
          response: clone.authenticate(await c.client.auth.passkeyOptions.mutate()),
        }),
      ),
    ).toBe('UNAUTHENTICATED');

    // Another staff member's passkey, with this session's challenge.
    expect(
      await reasonOf(
        c.client.auth.verifySecondFactor.mutate({
          method: 'passkey',
          response: othersKey.authenticate(await c.client.auth.passkeyOptions.mutate()),
        }),
      ),
    ).toBe('UNAUTHENTICATED');

    // A phishing page's origin.
    expect(
      await reasonOf(
        c.client.auth.verifySecondFactor.mutate({
          method: 'passkey',
          response: authenticator.authenticate(await c.client.auth.passkeyOptions.mutate(), {
            origin: 'https://lifeline.example.evil',
          }),
        }),
      ),
    ).toBe('UNAUTHENTICATED');
    expect(await c.client.auth.me.query()).toMatchObject({ secondFactorPending: true });

    const whys = (await h.audit('auth.second_factor', lead.id))
      .filter((r) => r.outcome === 'refused')
      .map((r) => h.details(r).why);
    expect(whys).toEqual([
      'bad_assertion',
      'counter_not_increased',
      'unknown_credential',
      'bad_assertion',
    ]);
    // The stored counter stayed where the genuine authenticator left it.
    const row = await server().one<{ sign_count: number }>(
      'SELECT sign_count FROM staff_factors WHERE staff_id = ?',
      lead.id,
    );
    expect(row?.sign_count).toBe(1);
  });

  it('step-up: a stale second factor gets STEP_UP_REQUIRED; a fresh one lets the action through, audited with how', async () => {
    const admin = await h.staffMember('admin');
    const target = await h.staffMember('agent');
    const first = await h.login(admin.email);
    const { secret } = await h.enrolTotp(first.client);
    // Enrolling counts as a fresh second factor: for 5 minutes.
    await first.client.staff.setRole.mutate({ staffId: target.id, role: 'lead' });
    server().clock.advance(5 * MINUTE + 1_000);
    const stale = () => first.client.staff.setRole.mutate({ staffId: target.id, role: 'agent' });
    expect(await reasonOf(stale())).toBe('STEP_UP_REQUIRED');
    expect(await first.client.auth.me.query()).toMatchObject({
      stepUp: { methods: ['totp', 'recovery_code'], needed: true },
    });
    const refused = await h.audit('staff.set_role', admin.id);
    expect(refused.at(-1)).toMatchObject({ outcome: 'refused', reason: 'STEP_UP_REQUIRED' });

    server().clock.advance(STEP);
    await first.client.auth.verifySecondFactor.mutate({ method: 'totp', code: h.code(secret) });
    const at = server().clock.now;
    await stale();
    const done = await h.audit('staff.set_role', admin.id);
    expect(done.at(-1)).toMatchObject({ outcome: 'succeeded' });
    expect(h.details(done.at(-1)).stepUp).toEqual({ method: 'totp', at });
    const stepUps = await h.audit('auth.step_up', admin.id);
    expect(stepUps.at(-1)).toMatchObject({ outcome: 'succeeded' });
    expect(h.details(stepUps.at(-1))).toMatchObject({ method: 'totp' });
    expect((await first.client.auth.me.query()).stepUp.freshUntil).toBe(at + 5 * MINUTE);
  });

  it('step-up: the audit CSV export and lifting a suspicious-activity block need one too', async () => {
    const lead = await h.staffMember('lead');
    const first = await h.login(lead.email);
    const { secret } = await h.enrolTotp(first.client);
    server().clock.advance(6 * MINUTE);
    const cookie = [...jarOf(first.client)].map(([k, v]) => `${k}=${v}`).join('; ');
    const stale = await fetch(`${server().url}/api/audit.csv`, { headers: { cookie } });
    expect(stale.status).toBe(403);
    expect(await stale.json()).toMatchObject({ error: { data: { reason: 'STEP_UP_REQUIRED' } } });

    const block = await server().one<{ id: string }>(
      "SELECT id FROM blocks WHERE kind = 'suspicious_activity' AND lifted_at IS NULL LIMIT 1",
    );
    if (!block) throw new Error('the demo has no suspicious-activity block');
    const lift = (idempotencyKey: string) =>
      first.client.actions.liftBlock.mutate({
        blockId: block.id,
        ticketRef: 'T-2001',
        idempotencyKey,
        note: 'Customer confirmed the payouts on a call-back',
      });
    expect(await reasonOf(lift('lift-after-step-up-1'))).toBe('STEP_UP_REQUIRED');

    await first.client.auth.verifySecondFactor.mutate({ method: 'totp', code: h.code(secret) });
    const fresh = await fetch(`${server().url}/api/audit.csv`, { headers: { cookie } });
    expect(fresh.status).toBe(200);
    await fresh.text();
    // The same idempotency key, retried after the step-up: the refusal was not stored under it.
    const lifted = await lift('lift-after-step-up-1');
    expect(lifted.block).toMatchObject({ kind: 'suspicious_activity', liftedBy: lead.id });
    const events = await server().sql(
      "SELECT outcome, reason, details FROM audit_events WHERE action = 'block.lift' AND staff_id = ? ORDER BY id",
      lead.id,
    );
    expect(events.map((e) => [e.outcome, e.reason])).toEqual([
      ['refused', 'STEP_UP_REQUIRED'],
      ['succeeded', null],
    ]);
    expect(h.details(events[1]).stepUp).toEqual({ method: 'totp', at: server().clock.now });
  });

  it('adding a factor when one exists needs a fresh step-up (a stolen session cannot plant one)', async () => {
    const { email } = await h.staffMember();
    const first = await h.login(email);
    const { secret } = await h.enrolTotp(first.client);
    server().clock.advance(6 * MINUTE);
    expect(await reasonOf(first.client.auth.factors.totpStart.mutate())).toBe('STEP_UP_REQUIRED');
    expect(await reasonOf(first.client.auth.factors.passkeyRegistrationOptions.mutate())).toBe(
      'STEP_UP_REQUIRED',
    );
    await first.client.auth.verifySecondFactor.mutate({ method: 'totp', code: h.code(secret) });
    const { recoveryCodes } = await h.enrolPasskey(first.client);
    // Codes are issued with the first factor only.
    expect(recoveryCodes).toBeNull();
    expect((await first.client.auth.factors.list.query()).factors.map((f) => f.kind)).toEqual([
      'totp',
      'passkey',
    ]);
  });

  it('removes a factor with a step-up (the last one too, with optional MFA: its codes go with it); new codes need one', async () => {
    const { email, id } = await h.staffMember();
    const first = await h.login(email);
    const { factor, secret } = await h.enrolTotp(first.client);
    server().clock.advance(6 * MINUTE);
    expect(await reasonOf(first.client.auth.factors.regenerateRecoveryCodes.mutate())).toBe(
      'STEP_UP_REQUIRED',
    );
    expect(await reasonOf(first.client.auth.factors.remove.mutate({ factorId: factor.id }))).toBe(
      'STEP_UP_REQUIRED',
    );
    await first.client.auth.verifySecondFactor.mutate({ method: 'totp', code: h.code(secret) });
    const { recoveryCodes } = await first.client.auth.factors.regenerateRecoveryCodes.mutate();
    expect(recoveryCodes).toHaveLength(10);
    // Someone else's factor id is not one's own to remove.
    const stranger = await h.staffMember();
    const strangerFactor = await h.enrolTotp((await h.login(stranger.email)).client);
    expect(
      await reasonOf(
        first.client.auth.factors.remove.mutate({ factorId: strangerFactor.factor.id }),
      ),
    ).toBe('NOT_FOUND');
    await first.client.auth.factors.remove.mutate({ factorId: factor.id });
    expect(await first.client.auth.factors.list.query()).toMatchObject({
      factors: [],
      recoveryCodesLeft: 0,
    });
    const removed = await h.audit('staff.factor_remove', id);
    expect(h.details(removed.at(-1))).toMatchObject({
      kind: 'totp',
      factorsLeft: 0,
      stepUp: { method: 'totp' },
    });
    // Nothing left to step up with: the password is the sign-in again, and no step-up is asked.
    const again = await h.login(email);
    expect(again.result.secondFactor).toBeNull();
    expect(await again.client.auth.me.query()).toMatchObject({
      stepUp: { methods: [], needed: false },
    });
  });

  it('lets a staff member with nothing to step up with through, audited as such (optional MFA)', async () => {
    const target = await h.staffMember();
    const admin = await server().signedIn('admin@lifeline.test');
    await admin.staff.setRole.mutate({ staffId: target.id, role: 'lead' });
    const [event] = await server().sql(
      "SELECT details FROM audit_events WHERE action = 'staff.set_role' AND outcome = 'succeeded' ORDER BY id DESC LIMIT 1",
    );
    expect(h.details(event).stepUp).toEqual({ method: 'none', at: null });
  });

  it('an admin resets a staff member’s factors (step-up needed): factors and codes gone, sessions ended', async () => {
    const admin = await h.staffMember('admin');
    const target = await h.staffMember('agent');
    const adminFirst = await h.login(admin.email);
    await h.enrolTotp(adminFirst.client);
    const targetFirst = await h.login(target.email);
    await h.enrolPasskey(targetFirst.client);
    expect(
      (await adminFirst.client.staff.list.query()).items.find((s) => s.id === target.id),
    ).toMatchObject({ factorCount: 1 });

    await h.ageSecondFactor(admin.id, 6 * MINUTE);
    expect(
      await reasonOf(adminFirst.client.staff.resetFactors.mutate({ staffId: target.id })),
    ).toBe('STEP_UP_REQUIRED');
    await h.ageSecondFactor(admin.id, MINUTE);
    const result = await adminFirst.client.staff.resetFactors.mutate({ staffId: target.id });
    expect(result).toEqual({ ok: true, factorsRemoved: 1, sessionsEnded: 1 });
    expect(await reasonOf(targetFirst.client.auth.me.query())).toBe('UNAUTHENTICATED');
    expect(
      await server().count(
        'SELECT count(*) AS n FROM staff_recovery_codes WHERE staff_id = ?',
        target.id,
      ),
    ).toBe(0);
    const [refused, event] = await h.audit('staff.factors_reset', admin.id);
    expect(refused).toMatchObject({ outcome: 'refused', reason: 'STEP_UP_REQUIRED' });
    expect(event).toMatchObject({ outcome: 'succeeded' });
    expect(h.details(event)).toMatchObject({
      staffId: target.id,
      factorsRemoved: 1,
      sessionsEnded: 1,
      stepUp: { method: 'totp' },
    });
    // Optional MFA: the password alone signs them in again, and they may enrol anew.
    const again = await h.login(target.email);
    expect(again.result.secondFactor).toBeNull();
  });

  it('stores no secret, code or credential id in any audit event', async () => {
    // The tests above wrote every kind of second-factor event; one more enrolment to know its values.
    const { email } = await h.staffMember();
    const first = await h.login(email);
    const totp = await h.enrolTotp(first.client);
    const secrets = [totp.secret, ...(totp.recoveryCodes ?? [])];
    const factorRows = await server().sql<{
      credential_id: string | null;
      public_key: string | null;
    }>('SELECT credential_id, public_key FROM staff_factors');
    const credentialIds = factorRows.flatMap((r) => (r.credential_id ? [r.credential_id] : []));
    expect(credentialIds.length).toBeGreaterThan(0);
    const details = (await server().sql<{ details: string }>('SELECT details FROM audit_events'))
      .map((r) => String(r.details))
      .join('\n');
    for (const value of [...secrets, ...credentialIds]) expect(details).not.toContain(value);
    expect(details).not.toMatch(/otpauth:|totp_secret|"code"/);
    for (const row of factorRows) {
      if (row.public_key) expect(details).not.toContain(row.public_key);
    }
  });
});

describe('second factors with STAFF_MFA=required (the production default)', () => {
  const h = harness({ staffMfa: 'required' });
  const server = () => h.ctx.server;

  it('a staff member without a factor enrols at sign-in; the enrolment completes it', async () => {
    const { email, id } = await h.staffMember();
    const { client, result } = await h.login(email);
    expect(result.secondFactor).toEqual({ needed: 'enrol' });
    expect(await client.auth.me.query()).toMatchObject({
      secondFactorPending: true,
      enrolmentRequired: true,
      mfa: 'required',
      capabilities: [],
    });
    expect(await reasonOf(client.accounts.search.query({ query: 'x' }))).toBe('UNAUTHENTICATED');
    expect(await reasonOf(client.auth.factors.list.query())).toBe('UNAUTHENTICATED');
    const { recoveryCodes } = await h.enrolTotp(client);
    expect(recoveryCodes).toHaveLength(10);
    expect(await client.auth.me.query()).toMatchObject({ secondFactorPending: false });
    await client.accounts.search.query({ query: 'x' });
    const events = await h.audit('auth.second_factor', id);
    expect(h.details(events.at(-1))).toMatchObject({ method: 'password+totp', enrolled: true });
  });

  it('a pending sign-in lasts 10 minutes', async () => {
    const { email } = await h.staffMember();
    const { client } = await h.login(email);
    server().clock.advance(9 * MINUTE);
    expect(await client.auth.me.query()).toMatchObject({ secondFactorPending: true });
    server().clock.advance(MINUTE);
    expect(await reasonOf(client.auth.me.query())).toBe('UNAUTHENTICATED');
  });

  it('a break-glass admin enrols at first sign-in too', async () => {
    const { email, id } = await h.staffMember('admin');
    await server().sql('UPDATE staff SET break_glass = true WHERE id = ?', id);
    const { client, result } = await h.login(email);
    expect(result.secondFactor).toEqual({ needed: 'enrol' });
    expect(await reasonOf(client.staff.list.query())).toBe('UNAUTHENTICATED');
    await h.enrolPasskey(client);
    await client.staff.list.query();
  });

  it('refuses removing the last factor while MFA is required; another one goes', async () => {
    const { email } = await h.staffMember();
    const { client } = await h.login(email);
    const totp = await h.enrolTotp(client);
    await expect(client.auth.factors.remove.mutate({ factorId: totp.factor.id })).rejects.toThrow(
      /last second factor/,
    );
    expect(await reasonOf(client.auth.factors.remove.mutate({ factorId: totp.factor.id }))).toBe(
      'INVALID_INPUT',
    );
    const passkey = await h.enrolPasskey(client);
    await client.auth.factors.remove.mutate({ factorId: totp.factor.id });
    expect(await reasonOf(client.auth.factors.remove.mutate({ factorId: passkey.factor.id }))).toBe(
      'INVALID_INPUT',
    );
    expect((await client.auth.factors.list.query()).factors).toHaveLength(1);
  });

  it('after an admin reset the staff member enrols again at the next sign-in', async () => {
    const target = await h.staffMember();
    const first = await h.login(target.email);
    await h.enrolTotp(first.client);
    // The demo admin (MFA required) enrols first, then resets.
    const admin = await h.staffMember('admin');
    const adminClient = (await h.login(admin.email)).client;
    await h.enrolTotp(adminClient);
    await adminClient.staff.resetFactors.mutate({ staffId: target.id });
    expect(await reasonOf(first.client.auth.me.query())).toBe('UNAUTHENTICATED');
    const again = await h.login(target.email);
    expect(again.result.secondFactor).toEqual({ needed: 'enrol' });
  });

  it('step-up is asked of a session even without a factor when MFA is required', async () => {
    const admin = await h.staffMember('admin');
    const { client } = await h.login(admin.email);
    await h.enrolTotp(client);
    // A session from before the factors existed (or a tampered one): no second factor on it.
    await server().sql(
      'UPDATE staff_sessions SET second_factor_at = NULL WHERE staff_id = ?',
      admin.id,
    );
    const target = await h.staffMember();
    expect(await reasonOf(client.staff.disable.mutate({ staffId: target.id }))).toBe(
      'STEP_UP_REQUIRED',
    );
  });
});
