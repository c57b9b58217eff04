import type { SsoSettings } from '@lifeline/api';
import { parseRoleMap } from '@lifeline/domain';
import { expect } from 'vitest';
import {
  type DemoProvider,
  type DemoProviderOptions,
  type DemoUser,
  startDemoProvider,
} from '../src/dev/oidc-demo-provider.ts';
import { type CookieJar, keepCookies, sendCookies } from './harness.ts';

// The API tests' OpenID provider: oidc-provider on a loopback port (src/dev), Lifeline's client
// and a second client registered, users whose groups map to each role or to none. A `Browser`
// carries cookies per origin and follows nothing by itself, so a test sees every redirect.

export const LIFELINE_CLIENT = { clientId: 'lifeline', clientSecret: 'lifeline-test-secret' };
export const OTHER_CLIENT = { clientId: 'other-app', clientSecret: 'other-app-secret' };
export const ROLE_MAP = 'support-agents=agent,support-leads=lead,it-admins=admin';

export const TEST_USERS: DemoUser[] = [
  { sub: 'u-agent', email: 'sso.agent@corp.test', name: 'Sso Agent', groups: ['support-agents'] },
  {
    sub: 'u-lead',
    email: 'sso.lead@corp.test',
    name: 'Sso Lead',
    groups: ['everyone', 'support-agents', 'support-leads'],
  },
  { sub: 'u-nobody', email: 'sso.nobody@corp.test', name: 'No Role', groups: ['marketing'] },
  {
    sub: 'u-unverified',
    email: 'typed.by.anyone@corp.test',
    name: 'Unverified',
    groups: ['support-agents'],
    emailVerified: false,
  },
  {
    sub: 'u-odd-name',
    email: 'Odd.Name@Corp.Test',
    name: `  Zoé\u200b \u202eKnown\u0007 ${'x'.repeat(150)}`,
    groups: ['support-agents'],
  },
  // The demo agent's email, as another person at the provider: never matched by email alone.
  { sub: 'u-lookalike', email: 'agent@lifeline.test', name: 'Look Alike', groups: ['it-admins'] },
];

export async function startTestProvider(
  lifelineUrl: string,
  options: Partial<DemoProviderOptions> = {},
): Promise<DemoProvider> {
  const redirectUris = [`${lifelineUrl}/auth/oidc/callback`];
  return startDemoProvider({
    users: TEST_USERS,
    clients: [
      { ...LIFELINE_CLIENT, redirectUris },
      { ...OTHER_CLIENT, redirectUris },
    ],
    ...options,
  });
}

export function ssoSettingsFor(provider: DemoProvider, lifelineUrl: string): SsoSettings {
  const parsed = parseRoleMap(ROLE_MAP);
  if (!('map' in parsed)) throw new Error('bad role map');
  return {
    issuerUrl: provider.issuer,
    clientId: LIFELINE_CLIENT.clientId,
    clientSecret: LIFELINE_CLIENT.clientSecret,
    redirectUrl: `${lifelineUrl}/auth/oidc/callback`,
    providerName: 'Corp ID',
    roleClaim: 'groups',
    roleMap: parsed.map,
    scopes: 'openid email profile',
  };
}

/** A browser's cookies, per origin (host and port), and one request at a time. */
export class Browser {
  readonly jars = new Map<string, CookieJar>();

  jar(url: string): CookieJar {
    const origin = new URL(url).origin;
    let jar = this.jars.get(origin);
    if (!jar) {
      jar = new Map();
      this.jars.set(origin, jar);
    }
    return jar;
  }

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const jar = this.jar(url);
    const headers = new Headers(init.headers);
    sendCookies(jar, headers);
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    keepCookies(jar, response);
    return response;
  }

  /** A GET (or a form POST) that must redirect: where to. */
  async redirectOf(url: string, form?: Record<string, string>): Promise<string> {
    const response = await this.request(
      url,
      form
        ? {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams(form).toString(),
          }
        : {},
    );
    await response.arrayBuffer();
    expect(response.status, `${url} redirects`).toBeGreaterThanOrEqual(300);
    expect(response.status, `${url} redirects`).toBeLessThan(400);
    const location = response.headers.get('location');
    if (!location) throw new Error(`no Location from ${url}`);
    return new URL(location, url).href;
  }
}

/**
 * Starts a sign-in at Lifeline and signs in at the provider's own login page as `sub`: the URL
 * the provider sends the browser back to (not followed, so a test can change it first), and the
 * provider's authorization request it came from.
 */
export async function signInAtProvider(
  browser: Browser,
  lifelineUrl: string,
  sub: string,
): Promise<{ callbackUrl: string; authorizationUrl: string }> {
  const authorizationUrl = await browser.redirectOf(`${lifelineUrl}/auth/oidc/start`);
  const callbackUrl = await loginAtProvider(browser, authorizationUrl, sub);
  return { callbackUrl, authorizationUrl };
}

/** Follows an authorization request through the provider's login page to its redirect back. */
export async function loginAtProvider(
  browser: Browser,
  authorizationUrl: string,
  sub: string,
): Promise<string> {
  const interaction = await browser.redirectOf(authorizationUrl);
  const page = await browser.request(interaction);
  const html = await page.text();
  expect(html).toContain('name="login"');
  let next = await browser.redirectOf(interaction, {
    prompt: 'login',
    login: sub,
    password: 'any',
  });
  // The provider may pass through its own endpoints before it sends the browser back.
  for (let hop = 0; hop < 5 && new URL(next).origin === new URL(authorizationUrl).origin; hop++) {
    next = await browser.redirectOf(next);
  }
  return next;
}
