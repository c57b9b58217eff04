import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hashSessionId, SIGN_IN_FAILURES_PER_IP } from '@lifeline/api';
import { MINUTE } from '@lifeline/domain';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import type { DemoProvider } from '../src/dev/oidc-demo-provider.ts';
import { reasonOf, startTestServer, type TestServer } from './harness.ts';
import {
  Browser,
  LIFELINE_CLIENT,
  loginAtProvider,
  OTHER_CLIENT,
  signInAtProvider,
  ssoSettingsFor,
  startTestProvider,
} from './oidc-provider.ts';
import { jsonField } from './test-db.ts';

// Single sign-on against a real OpenID provider (oidc-provider on a loopback port), driven
// over HTTP redirect by redirect as a browser would: Lifeline's /auth/oidc/start, the
// provider's own login page, Lifeline's /auth/oidc/callback. Each refusal lands on the
// sign-in page with its code, is audited when it follows a sign-in this browser started, and
// never opens a session.

describe('single sign-on (OpenID Connect)', () => {
  let server: TestServer;
  let provider: DemoProvider;

  beforeAll(async () => {
    server = await startTestServer({ accounts: 0 });
    provider = await startTestProvider(server.url);
    server.deps.sso = ssoSettingsFor(provider, server.url);
  });
  afterAll(async () => {
    await provider.close();
    await server.close();
  });
  beforeEach(() => {
    // Tokens carry the provider's (real) time; Lifeline judges them by its own clock.
    server.clock.set(Date.now());
  });

  /** The whole round trip; where Lifeline's callback sent the browser, and the browser. */
  async function signIn(sub: string) {
    const browser = new Browser();
    const { callbackUrl } = await signInAtProvider(browser, server.url, sub);
    expect(callbackUrl.startsWith(`${server.url}/auth/oidc/callback?`)).toBe(true);
    const landed = await browser.redirectOf(callbackUrl);
    return { browser, landed };
  }

  /** Who the browser's session cookie is, through the console's own API. */
  async function me(browser: Browser) {
    const response = await browser.request(`${server.url}/trpc/auth.me`, {
      headers: { origin: server.url },
    });
    const body = (await response.json()) as {
      result?: { data: { json: { staff: { email: string; role: string } } } };
    };
    return body.result?.data.json.staff ?? null;
  }

  const staffRow = (email: string) =>
    server.sql<{ id: string; role: string; password_hash: string }>(
      'SELECT id, role, password_hash FROM staff WHERE email = ?',
      email,
    );
  const lastLoginEvent = async () => {
    const [row] = await server.sql<{
      staff_id: string;
      outcome: string;
      reason: string | null;
      details: string;
    }>(
      "SELECT staff_id, outcome, reason, details FROM audit_events WHERE action = 'auth.login' ORDER BY id DESC LIMIT 1",
    );
    return row ? { ...row, details: JSON.parse(row.details) as Record<string, unknown> } : null;
  };
  const loginEvents = () =>
    server.count("SELECT count(*) AS n FROM audit_events WHERE action = 'auth.login'");

  it('tells the console that single sign-on is on, its name, and that passwords are on', async () => {
    expect(await server.client().auth.config.query()).toEqual({
      sso: { providerName: 'Corp ID', startUrl: '/auth/oidc/start' },
      passwordSignIn: true,
      mfa: 'optional',
    });
  });

  it('signs an agent in: staff row and identity made, session opened, audited', async () => {
    const { browser, landed } = await signIn('u-agent');
    expect(landed).toBe(`${server.url}/`);
    expect(await me(browser)).toMatchObject({ email: 'sso.agent@corp.test', role: 'agent' });
    const [row] = await staffRow('sso.agent@corp.test');
    expect(row).toMatchObject({ role: 'agent', password_hash: '' });
    expect(
      await server.sql('SELECT issuer, subject FROM staff_identities WHERE staff_id = ?', row?.id),
    ).toEqual([{ issuer: provider.issuer, subject: 'u-agent' }]);
    const event = await lastLoginEvent();
    expect(event).toMatchObject({ staff_id: row?.id, outcome: 'succeeded' });
    expect(event?.details).toEqual({ method: 'sso', issuer: provider.issuer });
    // The pending sign-in is used up.
    expect(await server.count('SELECT count(*) AS n FROM sso_pending_sign_ins')).toBe(0);
    // The session keeps the browser and address of the callback, as a password sign-in does.
    const [session] = await server.sql<{ user_agent: string; ip: string }>(
      'SELECT user_agent, ip FROM staff_sessions WHERE staff_id = ?',
      row?.id,
    );
    expect(session?.user_agent).not.toBe('');
    expect(session?.ip).toBe('127.0.0.1');
  });

  it('signs a lead in: the highest of the groups that map', async () => {
    const { browser, landed } = await signIn('u-lead');
    expect(landed).toBe(`${server.url}/`);
    expect(await me(browser)).toMatchObject({ email: 'sso.lead@corp.test', role: 'lead' });
  });

  it('applies a role change at the provider at the next sign-in, audited', async () => {
    await signIn('u-agent');
    const user = provider.users.get('u-agent');
    if (!user) throw new Error('no user');
    user.groups = ['support-agents', 'support-leads'];
    try {
      const { browser } = await signIn('u-agent');
      expect(await me(browser)).toMatchObject({ role: 'lead' });
      const [row] = await staffRow('sso.agent@corp.test');
      expect(row?.role).toBe('lead');
      const [change] = await server.sql<{ details: string }>(
        "SELECT details FROM audit_events WHERE action = 'staff.set_role' ORDER BY id DESC LIMIT 1",
      );
      expect(JSON.parse(change?.details ?? '{}')).toMatchObject({
        staffId: row?.id,
        before: 'agent',
        after: 'lead',
        source: 'sso',
      });
    } finally {
      user.groups = ['support-agents'];
    }
    const { browser } = await signIn('u-agent');
    expect(await me(browser)).toMatchObject({ role: 'agent' });
  });

  it('refuses a person whose groups map to no role, and makes no staff row', async () => {
    const { browser, landed } = await signIn('u-nobody');
    expect(landed).toBe(`${server.url}/sign-in?sso_error=no_role`);
    expect(await me(browser)).toBeNull();
    expect(await staffRow('sso.nobody@corp.test')).toEqual([]);
    expect(await lastLoginEvent()).toMatchObject({
      staff_id: 'anonymous',
      outcome: 'refused',
      reason: 'FORBIDDEN_ROLE',
      details: { method: 'sso', refusal: 'no_role', subject: 'u-nobody', groups: ['marketing'] },
    });
  });

  it('never takes over a staff member by email: same email, another identity, refused', async () => {
    const { landed } = await signIn('u-lookalike');
    expect(landed).toBe(`${server.url}/sign-in?sso_error=email_in_use`);
    const [agent] = await staffRow('agent@lifeline.test');
    expect(agent?.role).toBe('agent');
    expect(await lastLoginEvent()).toMatchObject({
      outcome: 'refused',
      details: { refusal: 'email_in_use', subject: 'u-lookalike' },
    });
  });

  it('refuses an email the provider says is unverified, and makes no staff row', async () => {
    const { landed } = await signIn('u-unverified');
    expect(landed).toBe(`${server.url}/sign-in?sso_error=missing_email`);
    expect(await staffRow('typed.by.anyone@corp.test')).toEqual([]);
    expect(await lastLoginEvent()).toMatchObject({
      outcome: 'refused',
      details: { refusal: 'missing_email', subject: 'u-unverified' },
    });
  });

  it('keeps the email in lower case and the name cleaned as a typed one would be', async () => {
    const { browser, landed } = await signIn('u-odd-name');
    expect(landed).toBe(`${server.url}/`);
    const [row] = await server.sql<{ display_name: string }>(
      "SELECT display_name FROM staff WHERE email = 'odd.name@corp.test'",
    );
    // A name past the staff form's 100 characters is not taken: the email's local part is.
    expect(row?.display_name).toBe('odd.name');
    expect(await me(browser)).toMatchObject({ email: 'odd.name@corp.test', role: 'agent' });
  });

  it('keeps a staff member disabled in Lifeline out', async () => {
    await signIn('u-lead');
    await server.sql(
      "UPDATE staff SET disabled_at = ? WHERE email = 'sso.lead@corp.test'",
      server.clock.now,
    );
    try {
      const { browser, landed } = await signIn('u-lead');
      expect(landed).toBe(`${server.url}/sign-in?sso_error=staff_disabled`);
      expect(await me(browser)).toBeNull();
      const [row] = await staffRow('sso.lead@corp.test');
      expect(await lastLoginEvent()).toMatchObject({
        staff_id: row?.id,
        outcome: 'refused',
        reason: 'UNAUTHENTICATED',
        details: { refusal: 'staff_disabled' },
      });
    } finally {
      await server.sql("UPDATE staff SET disabled_at = NULL WHERE email = 'sso.lead@corp.test'");
    }
  });

  it('refuses an answer with another state than the one this browser started', async () => {
    const browser = new Browser();
    const { callbackUrl } = await signInAtProvider(browser, server.url, 'u-agent');
    const forged = new URL(callbackUrl);
    forged.searchParams.set('state', 'attacker-state');
    expect(await browser.redirectOf(forged.href)).toBe(
      `${server.url}/sign-in?sso_error=state_mismatch`,
    );
    expect(await me(browser)).toBeNull();
    expect(await lastLoginEvent()).toMatchObject({
      outcome: 'refused',
      details: { refusal: 'state_mismatch' },
    });
  });

  it('refuses a callback from a browser that started no sign-in (login CSRF), unaudited', async () => {
    const { callbackUrl } = await signInAtProvider(new Browser(), server.url, 'u-agent');
    const victim = new Browser();
    const before = await loginEvents();
    expect(await victim.redirectOf(callbackUrl)).toBe(
      `${server.url}/sign-in?sso_error=no_pending_sign_in`,
    );
    expect(await me(victim)).toBeNull();
    expect(await loginEvents()).toBe(before);
  });

  it('refuses a replayed code: once with the used sign-in, once with it put back', async () => {
    const browser = new Browser();
    const { callbackUrl } = await signInAtProvider(browser, server.url, 'u-agent');
    const pendingCookie = browser.jar(server.url).get('lifeline_sso');
    const [pending] = await server.sql<Record<string, unknown>>(
      'SELECT * FROM sso_pending_sign_ins WHERE id_hash = ?',
      hashSessionId(pendingCookie ?? ''),
    );
    expect(pending).toBeDefined();
    expect(await browser.redirectOf(callbackUrl)).toBe(`${server.url}/`);

    // The same answer again, from the same browser: the sign-in it started is used up.
    const replay = new Browser();
    replay.jar(server.url).set('lifeline_sso', pendingCookie ?? '');
    expect(await replay.redirectOf(callbackUrl)).toBe(
      `${server.url}/sign-in?sso_error=no_pending_sign_in`,
    );
    // Even with the pending sign-in restored in the database, the provider refuses the code.
    await server.sql(
      'INSERT INTO sso_pending_sign_ins (id_hash, state, nonce, code_verifier, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
      pending?.id_hash,
      pending?.state,
      pending?.nonce,
      pending?.code_verifier,
      pending?.created_at,
      pending?.expires_at,
    );
    replay.jar(server.url).set('lifeline_sso', pendingCookie ?? '');
    expect(await replay.redirectOf(callbackUrl)).toBe(
      `${server.url}/sign-in?sso_error=code_rejected`,
    );
    expect(await me(replay)).toBeNull();
    expect(await lastLoginEvent()).toMatchObject({
      outcome: 'refused',
      details: { refusal: 'code_rejected' },
    });
  });

  it('refuses an ID token whose nonce is not the one this sign-in sent', async () => {
    const browser = new Browser();
    const { callbackUrl } = await signInAtProvider(browser, server.url, 'u-agent');
    await server.sql("UPDATE sso_pending_sign_ins SET nonce = 'another-nonce'");
    expect(await browser.redirectOf(callbackUrl)).toBe(
      `${server.url}/sign-in?sso_error=invalid_id_token`,
    );
    expect(await me(browser)).toBeNull();
    expect(await lastLoginEvent()).toMatchObject({
      outcome: 'refused',
      details: { refusal: 'invalid_id_token' },
    });
  });

  it("refuses a second client's code (issued for another audience)", async () => {
    const browser = new Browser();
    const authorizationUrl = await browser.redirectOf(`${server.url}/auth/oidc/start`);
    // The same request, as the other application: its code is for that client only.
    const forOther = new URL(authorizationUrl);
    forOther.searchParams.set('client_id', OTHER_CLIENT.clientId);
    const callbackUrl = await loginAtProvider(browser, forOther.href, 'u-agent');
    expect(new URL(callbackUrl).searchParams.get('code')).toBeTruthy();
    expect(await browser.redirectOf(callbackUrl)).toBe(
      `${server.url}/sign-in?sso_error=code_rejected`,
    );
    expect(await me(browser)).toBeNull();
    expect(LIFELINE_CLIENT.clientId).not.toBe(OTHER_CLIENT.clientId);
  });

  it('refuses a sign-in the person cancelled at the provider', async () => {
    const browser = new Browser();
    const authorizationUrl = await browser.redirectOf(`${server.url}/auth/oidc/start`);
    const interaction = await browser.redirectOf(authorizationUrl);
    let next = await browser.redirectOf(`${interaction}/abort`);
    while (new URL(next).origin === provider.issuer) next = await browser.redirectOf(next);
    expect(await browser.redirectOf(next)).toBe(`${server.url}/sign-in?sso_error=provider_refused`);
  });

  it('refuses a sign-in started more than 10 minutes before it came back, unaudited', async () => {
    const browser = new Browser();
    const { callbackUrl } = await signInAtProvider(browser, server.url, 'u-agent');
    server.clock.advance(11 * MINUTE);
    expect(await browser.redirectOf(callbackUrl)).toBe(
      `${server.url}/sign-in?sso_error=no_pending_sign_in`,
    );
  });

  it('finishes on another server process than the one that started it (nothing in memory)', async () => {
    const browser = new Browser();
    const { callbackUrl } = await signInAtProvider(browser, server.url, 'u-lead');
    // A second server on the same database, with settings of its own (nothing discovered yet).
    const sso = server.deps.sso;
    if (!sso) throw new Error('no sso');
    const other = createApp({ deps: { ...server.deps, sso: { ...sso } } });
    const listener = await new Promise<Server>((done) => {
      const s = other.listen(0, '127.0.0.1', () => done(s));
    });
    try {
      const otherUrl = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
      for (const [name, value] of browser.jar(server.url)) browser.jar(otherUrl).set(name, value);
      const landed = await browser.redirectOf(callbackUrl.replace(server.url, otherUrl));
      expect(landed).toBe(`${otherUrl}/`);
      const session = browser.jar(otherUrl).get('lifeline_session');
      expect(session).toBeTruthy();
      browser.jar(server.url).set('lifeline_session', session ?? '');
      expect(await me(browser)).toMatchObject({ email: 'sso.lead@corp.test', role: 'lead' });
    } finally {
      await new Promise<void>((done) => listener.close(() => done()));
      listener.closeAllConnections();
    }
  });

  it('starts on the origin the provider comes back to, whatever name the console was opened by', async () => {
    const other = server.url.replace('127.0.0.1', 'localhost');
    const response = await fetch(`${other}/auth/oidc/start`, { redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${server.url}/auth/oidc/start?moved=1`);
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it('answers every refusal on the callback without a server error, whatever the query', async () => {
    for (const query of [
      '',
      '?code=x',
      '?state=x',
      '?error=access_denied',
      `?${'a'.repeat(4000)}`,
    ]) {
      const response = await fetch(`${server.url}/auth/oidc/callback${query}`, {
        redirect: 'manual',
        headers: { cookie: `lifeline_sso=${'x'.repeat(43)}` },
      });
      expect(response.status, query).toBe(303);
      expect(response.headers.get('location')).toMatch(/^\/sign-in\?sso_error=/);
    }
  });
});

describe('single sign-on: an expired ID token', () => {
  let server: TestServer;
  let provider: DemoProvider;

  beforeAll(async () => {
    server = await startTestServer({ accounts: 0 });
    // A provider whose ID tokens last a minute; Lifeline's clock moves on before they arrive.
    provider = await startTestProvider(server.url, { idTokenTtlSeconds: 60 });
    server.deps.sso = ssoSettingsFor(provider, server.url);
  });
  afterAll(async () => {
    await provider.close();
    await server.close();
  });

  it('is refused, audited, and opens no session', async () => {
    server.clock.set(Date.now());
    const browser = new Browser();
    const { callbackUrl } = await signInAtProvider(browser, server.url, 'u-agent');
    server.clock.advance(5 * MINUTE);
    expect(await browser.redirectOf(callbackUrl)).toBe(
      `${server.url}/sign-in?sso_error=id_token_expired`,
    );
    const [event] = await server.sql<{ details: string }>(
      `SELECT details FROM audit_events WHERE action = 'auth.login' AND ${jsonField(server, 'details', 'refusal')} = 'id_token_expired'`,
    );
    expect(event).toBeDefined();
    expect(await server.count('SELECT count(*) AS n FROM staff_sessions')).toBe(0);
  });
});

describe('single sign-on: a provider that is down', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ accounts: 0 });
  });
  afterAll(() => server.close());

  it('is a clear refusal at the start and at the callback, never a 500', async () => {
    server.clock.set(Date.now());
    const provider = await startTestProvider(server.url);
    server.deps.sso = ssoSettingsFor(provider, server.url);
    const browser = new Browser();
    const { callbackUrl } = await signInAtProvider(browser, server.url, 'u-agent');
    await provider.close();
    // Down between the sign-in at the provider and the code exchange.
    expect(await browser.redirectOf(callbackUrl)).toBe(
      `${server.url}/sign-in?sso_error=provider_unavailable`,
    );
    // Down before anything was learnt about it (a server that just started).
    server.deps.sso = ssoSettingsFor(provider, server.url);
    const response = await fetch(`${server.url}/auth/oidc/start`, { redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/sign-in?sso_error=provider_unavailable');
  });
});

describe('single sign-on: an address that keeps failing', () => {
  let server: TestServer;
  let provider: DemoProvider;

  beforeAll(async () => {
    server = await startTestServer({ accounts: 0 });
    provider = await startTestProvider(server.url);
    server.deps.sso = ssoSettingsFor(provider, server.url);
  });
  afterAll(async () => {
    await provider.close();
    await server.close();
  });

  it('cannot start more sign-ins (nor fill the audit log), and shares the password throttle', async () => {
    server.clock.set(Date.now());
    const auditBefore = await server.count('SELECT count(*) AS n FROM audit_events');
    for (let i = 0; i < SIGN_IN_FAILURES_PER_IP; i++) {
      const response = await fetch(`${server.url}/auth/oidc/callback?code=c${i}&state=s${i}`, {
        redirect: 'manual',
      });
      expect(response.headers.get('location')).toBe('/sign-in?sso_error=no_pending_sign_in');
    }
    const start = await fetch(`${server.url}/auth/oidc/start`, { redirect: 'manual' });
    expect(start.headers.get('location')).toBe('/sign-in?sso_error=rate_limited');
    expect(await server.count('SELECT count(*) AS n FROM sso_pending_sign_ins')).toBe(0);
    // Callbacks with no sign-in behind them are anonymous: counted, not audited.
    expect(await server.count('SELECT count(*) AS n FROM audit_events')).toBe(auditBefore);
    expect(
      await reasonOf(
        server
          .client()
          .auth.login.mutate({ email: 'agent@lifeline.test', password: 'lifeline-demo' }),
      ),
    ).toBe('RATE_LIMITED');
    // The window passes: the address may start again.
    server.clock.advance(16 * MINUTE);
    const again = await fetch(`${server.url}/auth/oidc/start`, { redirect: 'manual' });
    expect(again.headers.get('location')).toMatch(new RegExp(`^${provider.issuer}/`));
  });
});

describe('password sign-in turned off (STAFF_PASSWORD_SIGN_IN=false)', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ accounts: 0 });
    server.deps.passwordSignIn = false;
    await server.sql(
      "UPDATE staff SET break_glass = ? WHERE email = 'admin@lifeline.test'",
      server.engine === 'postgres' ? true : 1,
    );
  });
  afterAll(() => server.close());

  it('refuses staff passwords with a typed error, whether right or wrong, audited when right', async () => {
    const client = server.client();
    expect(
      await reasonOf(
        client.auth.login.mutate({ email: 'lead@lifeline.test', password: 'lifeline-demo' }),
      ),
    ).toBe('PASSWORD_SIGN_IN_OFF');
    expect(
      await reasonOf(
        client.auth.login.mutate({ email: 'lead@lifeline.test', password: 'wrong-password' }),
      ),
    ).toBe('PASSWORD_SIGN_IN_OFF');
    expect(
      await reasonOf(client.auth.login.mutate({ email: 'nobody@lifeline.test', password: 'x' })),
    ).toBe('PASSWORD_SIGN_IN_OFF');
    const [lead] = await server.sql<{ id: string }>(
      "SELECT id FROM staff WHERE email = 'lead@lifeline.test'",
    );
    expect(
      await server.sql(
        "SELECT staff_id, reason FROM audit_events WHERE action = 'auth.login' AND outcome = 'refused'",
      ),
    ).toEqual([{ staff_id: lead?.id, reason: 'PASSWORD_SIGN_IN_OFF' }]);
    expect(await client.auth.config.query()).toMatchObject({ passwordSignIn: false });
  });

  it('lets a break-glass admin in, audited as such', async () => {
    const admin = await server.signedIn('admin@lifeline.test');
    expect((await admin.auth.me.query()).staff.role).toBe('admin');
    const [event] = await server.sql<{ details: string }>(
      "SELECT details FROM audit_events WHERE action = 'auth.login' AND outcome = 'succeeded' ORDER BY id DESC LIMIT 1",
    );
    expect(JSON.parse(event?.details ?? '{}')).toEqual({ method: 'password', breakGlass: true });
  });

  it('refuses a break-glass mark on someone who is no longer an admin', async () => {
    await server.sql(
      "UPDATE staff SET break_glass = ?, role = 'lead' WHERE email = 'agent2@lifeline.test'",
      server.engine === 'postgres' ? true : 1,
    );
    expect(
      await reasonOf(
        server
          .client()
          .auth.login.mutate({ email: 'agent2@lifeline.test', password: 'lifeline-demo' }),
      ),
    ).toBe('PASSWORD_SIGN_IN_OFF');
  });
});
