import { HOUR, MINUTE } from '@lifeline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestClient,
  DEMO_PASSWORD,
  jarOf,
  reasonOf,
  startTestServer,
  type TestServer,
} from './harness.ts';

describe('staff sign-in over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ accounts: 0 });
  });
  afterAll(() => server.close());

  it('signs in with an HttpOnly, SameSite=Strict session cookie and signs out', async () => {
    const response = await fetch(`${server.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ json: { email: 'agent@lifeline.test', password: DEMO_PASSWORD } }),
    });
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie().join('\n');
    expect(cookie).toMatch(/lifeline_session=[A-Za-z0-9_-]{43}/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);

    const client = await server.signedIn('agent@lifeline.test');
    const me = await client.auth.me.query();
    expect(me.staff).toMatchObject({ email: 'agent@lifeline.test', role: 'agent' });
    expect(me.capabilities).toContain('accounts.read');
    expect(me.capabilities).not.toContain('audit.readAll');
    await client.auth.logout.mutate();
    expect(await reasonOf(client.auth.me.query())).toBe('UNAUTHENTICATED');
  });

  it('stores only the hash of the session id', async () => {
    const client = await server.signedIn('lead@lifeline.test');
    const sessionId = jarOf(client).get('lifeline_session');
    const rows = await server.sql<{ id_hash: string }>('SELECT id_hash FROM staff_sessions');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((row) => row.id_hash === sessionId)).toBe(false);
  });

  it('refuses a wrong password and an unknown email with the same answer', async () => {
    const client = server.client();
    const wrong = await reasonOf(
      client.auth.login.mutate({ email: 'admin@lifeline.test', password: 'nope-nope' }),
    );
    const unknown = await reasonOf(
      client.auth.login.mutate({ email: 'ghost@lifeline.test', password: 'nope-nope' }),
    );
    expect(wrong).toBe('UNAUTHENTICATED');
    expect(unknown).toBe('UNAUTHENTICATED');
  });

  it('expires a session after 30 idle minutes and after 12 hours in any case', async () => {
    const client = await server.signedIn('agent2@lifeline.test');
    server.clock.advance(29 * MINUTE);
    expect((await client.auth.me.query()).staff.email).toBe('agent2@lifeline.test');
    server.clock.advance(29 * MINUTE);
    expect((await client.auth.me.query()).staff.email).toBe('agent2@lifeline.test');
    server.clock.advance(31 * MINUTE);
    expect(await reasonOf(client.auth.me.query())).toBe('UNAUTHENTICATED');

    const busy = await server.signedIn('agent2@lifeline.test');
    for (let elapsed = 0; elapsed < 12 * HOUR; elapsed += 20 * MINUTE) {
      server.clock.advance(20 * MINUTE);
      if (elapsed + 20 * MINUTE < 12 * HOUR) await busy.auth.me.query();
    }
    expect(await reasonOf(busy.auth.me.query())).toBe('UNAUTHENTICATED');
  });

  it('throttles sign-in per email after 5 failures in 15 minutes, even with the right password', async () => {
    const client = server.client();
    for (let i = 0; i < 5; i += 1) {
      expect(
        await reasonOf(
          client.auth.login.mutate({ email: 'agent2@lifeline.test', password: 'wrong-password' }),
        ),
      ).toBe('UNAUTHENTICATED');
    }
    expect(
      await reasonOf(
        client.auth.login.mutate({ email: 'agent2@lifeline.test', password: DEMO_PASSWORD }),
      ),
    ).toBe('RATE_LIMITED');
    server.clock.advance(15 * MINUTE + 1);
    expect(
      await reasonOf(
        client.auth.login.mutate({ email: 'agent2@lifeline.test', password: DEMO_PASSWORD }),
      ),
    ).toBe('none');
  });

  it('refuses a forged session cookie', async () => {
    const client = createTestClient(server.url);
    jarOf(client).set('lifeline_session', 'A'.repeat(43));
    expect(await reasonOf(client.auth.me.query())).toBe('UNAUTHENTICATED');
  });
});

describe('cross-site requests and headers', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ accounts: 0 });
  });
  afterAll(() => server.close());

  const loginBody = JSON.stringify({
    json: { email: 'agent@lifeline.test', password: DEMO_PASSWORD },
  });

  it('refuses a mutation from a foreign origin or with no origin', async () => {
    for (const origin of ['https://evil.example', undefined]) {
      const response = await fetch(`${server.url}/trpc/auth.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}) },
        body: loginBody,
      });
      expect(response.status).toBe(403);
      expect(response.headers.getSetCookie()).toEqual([]);
    }
  });

  it('refuses form and plain-text bodies, which skip the browser preflight', async () => {
    for (const type of [
      'text/plain',
      'multipart/form-data; boundary=x',
      'application/x-www-form-urlencoded',
    ]) {
      const response = await fetch(`${server.url}/trpc/auth.login`, {
        method: 'POST',
        headers: { 'content-type': type, origin: server.url },
        body: loginBody,
      });
      expect(response.status).toBe(415);
      expect(response.headers.getSetCookie()).toEqual([]);
    }
  });

  it('sends the security headers', async () => {
    const response = await fetch(`${server.url}/healthz`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('answers health and readiness', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      ok: true,
      database: true,
      migrationsApplied: true,
      integrity: null,
    });
  });
});
