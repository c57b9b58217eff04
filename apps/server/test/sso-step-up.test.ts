import { MINUTE } from '@lifeline/domain';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DemoProvider } from '../src/dev/oidc-demo-provider.ts';
import { SSO_PENDING_COOKIE, safeReturnTo } from '../src/sso-routes.ts';
import { startTestServer, type TestServer } from './harness.ts';
import {
  Browser,
  loginAtProvider,
  signInAtProvider,
  ssoSettingsFor,
  startTestProvider,
} from './oidc-provider.ts';

// Step-up by provider re-authentication (SPEC §13): a staff member signed in through single
// sign-on confirms it is them by signing in at the provider again (prompt=login, max_age=0),
// as the same iss+sub, and the SAME session gets its 5-minute window. Against the real
// in-process oidc-provider, redirect by redirect.

describe('step-up through the OpenID provider', () => {
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

  async function signIn(sub: string) {
    const browser = new Browser();
    const { callbackUrl } = await signInAtProvider(browser, server.url, sub);
    expect(await browser.redirectOf(callbackUrl)).toBe(`${server.url}/`);
    const staffId = await server.one<{ staff_id: string }>(
      'SELECT staff_id FROM staff_identities WHERE subject = ?',
      sub,
    );
    return { browser, staffId: staffId?.staff_id as string };
  }

  const csvStatus = async (browser: Browser) => {
    const response = await browser.request(`${server.url}/api/audit.csv`);
    await response.arrayBuffer();
    return response.status;
  };
  const sessionCookie = (browser: Browser) => browser.jar(server.url).get('lifeline_session');
  const ageSecondFactor = (staffId: string) =>
    server.sql(
      'UPDATE staff_sessions SET second_factor_at = ? WHERE staff_id = ?',
      server.clock.now - 6 * MINUTE,
      staffId,
    );
  const stepUps = (staffId: string) =>
    server.sql<{ outcome: string; details: string }>(
      "SELECT outcome, details FROM audit_events WHERE action = 'auth.step_up' AND staff_id = ? ORDER BY id",
      staffId,
    );

  it('a provider sign-in is fresh for 5 minutes; then a re-authentication with max_age=0 steps the same session up', async () => {
    const { browser, staffId } = await signIn('u-lead');
    expect(await csvStatus(browser)).toBe(200);
    await ageSecondFactor(staffId);
    expect(await csvStatus(browser)).toBe(403);
    const me = await browser.request(`${server.url}/trpc/auth.me`, {
      headers: { origin: server.url },
    });
    const body = (await me.json()) as {
      result: { data: { json: { stepUp: { methods: string[]; needed: boolean } } } };
    };
    expect(body.result.data.json.stepUp).toMatchObject({ methods: ['sso'], needed: true });

    const cookieBefore = sessionCookie(browser);
    const authorizationUrl = await browser.redirectOf(
      `${server.url}/auth/oidc/start?stepUp=1&returnTo=${encodeURIComponent('/audit?tab=all')}`,
    );
    const asked = new URL(authorizationUrl);
    expect(asked.searchParams.get('prompt')).toBe('login');
    expect(asked.searchParams.get('max_age')).toBe('0');
    // The browser still holds its provider session, and yet the provider asks for the login
    // again (loginAtProvider expects its login form): max_age=0 is honoured.
    const callbackUrl = await loginAtProvider(browser, authorizationUrl, 'u-lead');
    expect(await browser.redirectOf(callbackUrl)).toBe(`${server.url}/audit?tab=all`);

    // The same session, stepped up: no new cookie, the export goes through.
    expect(sessionCookie(browser)).toBe(cookieBefore);
    expect(await csvStatus(browser)).toBe(200);
    const events = await stepUps(staffId);
    expect(events.at(-1)?.outcome).toBe('succeeded');
    expect(JSON.parse(events.at(-1)?.details ?? '{}')).toMatchObject({ method: 'sso' });
    const sessions = await server.count(
      'SELECT count(*) AS n FROM staff_sessions WHERE staff_id = ?',
      staffId,
    );
    expect(sessions).toBe(1);
  });

  it('refuses a re-authentication as another account at the provider, audited; no window', async () => {
    await signIn('u-agent');
    const { browser, staffId } = await signIn('u-lead');
    await ageSecondFactor(staffId);
    const authorizationUrl = await browser.redirectOf(
      `${server.url}/auth/oidc/start?stepUp=1&returnTo=/audit`,
    );
    // Someone else signs in at the provider (their own browser there); the answer comes back
    // to this browser's pending step-up.
    const callbackUrl = await loginAtProvider(new Browser(), authorizationUrl, 'u-agent');
    expect(await browser.redirectOf(callbackUrl)).toBe(
      `${server.url}/audit?step_up_error=other_account`,
    );
    expect(await csvStatus(browser)).toBe(403);
    const events = await stepUps(staffId);
    expect(events.at(-1)?.outcome).toBe('refused');
    expect(JSON.parse(events.at(-1)?.details ?? '{}')).toMatchObject({
      method: 'sso',
      refusal: 'other_account',
    });
  });

  it('refuses an authentication older than the step-up (max_age checked at the callback)', async () => {
    const { browser, staffId } = await signIn('u-lead');
    await ageSecondFactor(staffId);
    const authorizationUrl = await browser.redirectOf(
      `${server.url}/auth/oidc/start?stepUp=1&returnTo=/`,
    );
    const callbackUrl = await loginAtProvider(browser, authorizationUrl, 'u-lead');
    // Two minutes pass before the browser comes back: the sign-in is no longer fresh.
    server.clock.advance(2 * MINUTE);
    expect(await browser.redirectOf(callbackUrl)).toBe(`${server.url}/?step_up_error=not_fresh`);
    expect(await csvStatus(browser)).toBe(403);
  });

  it('asks for a session to step up, and never sends the browser off this origin', async () => {
    const stranger = new Browser();
    expect(
      await stranger.redirectOf(`${server.url}/auth/oidc/start?stepUp=1&returnTo=/audit`),
    ).toBe(`${server.url}/audit?step_up_error=no_session`);
    expect(stranger.jar(server.url).get(SSO_PENDING_COOKIE)).toBeUndefined();
    for (const outside of [
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      'javascript:alert(1)',
      '/%0d%0aSet-Cookie:x=1',
    ]) {
      expect(new URL(safeReturnTo(outside), 'http://lifeline.test').origin).toBe(
        'http://lifeline.test',
      );
    }
    expect(safeReturnTo('/audit?tab=all#x')).toBe('/audit?tab=all#x');
    expect(safeReturnTo('//evil.example/x')).toBe('/');
  });
});
