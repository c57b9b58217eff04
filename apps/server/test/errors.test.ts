import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestServer, type TestServer } from './harness.ts';

/** What a client may never see, whatever goes wrong (SPEC §11, §13). */
function assertNothingLeaks(body: string) {
  expect(body).not.toMatch(/\n\s+at .+:\d+:\d+/); // stack frames
  expect(body).not.toMatch(/SQLITE_|no such table|SqliteError|SELECT .* FROM|INSERT INTO/i);
  expect(body).not.toMatch(/node_modules|\/work\/|apps\/server|packages\//);
}

describe('errors never leak internals', () => {
  let server: TestServer;
  let cookie = '';
  beforeAll(async () => {
    server = await startTestServer({ accounts: 0 });
    const response = await fetch(`${server.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ json: { email: 'agent@lifeline.test', password: DEMO_PASSWORD } }),
    });
    cookie = (response.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
  });
  afterAll(() => server.close());

  const get = (path: string) => fetch(`${server.url}${path}`, { headers: { cookie } });

  it('answers malformed JSON, wrong types and unknown keys with 400 INVALID_INPUT', async () => {
    const cases = [
      '{not json',
      JSON.stringify({ json: { identifier: 42 } }),
      JSON.stringify({ json: { identifier: 'a@b.c', extra: true } }),
      JSON.stringify({ json: { identifier: 'x'.repeat(10_000) } }),
    ];
    for (const input of cases) {
      const response = await get(`/trpc/accounts.diagnose?input=${encodeURIComponent(input)}`);
      const body = await response.text();
      expect(response.status, input.slice(0, 40)).toBe(400);
      expect(JSON.parse(body).error.json.data.reason).toBe('INVALID_INPUT');
      assertNothingLeaks(body);
    }
  });

  it('refuses an oversized body without reading it all', async () => {
    const response = await fetch(`${server.url}/trpc/verification.check`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url, cookie },
      body: JSON.stringify({ json: { identifier: 'x'.repeat(200_000) } }),
    });
    expect(response.status).toBe(413);
    assertNothingLeaks(await response.text());
  });

  it('answers an unknown procedure and an unknown path with 404', async () => {
    const procedure = await get('/trpc/accounts.dropAll');
    expect(procedure.status).toBe(404);
    assertNothingLeaks(await procedure.text());
    const path = await get('/api/nothing-here');
    expect(path.status).toBe(404);
  });

  it('turns a database failure into a 500 with a request id and no SQL', async () => {
    // Break the database under the running server: the next lookup fails deep inside SQLite.
    await server.exec('ALTER TABLE logins RENAME TO logins_moved');
    try {
      const response = await get(
        `/trpc/accounts.diagnose?input=${encodeURIComponent(JSON.stringify({ json: { identifier: 'ok.owner@example.com' } }))}`,
      );
      const body = await response.text();
      expect(response.status).toBe(500);
      const error = JSON.parse(body).error.json;
      expect(error.data.requestId).toBe(response.headers.get('x-request-id'));
      expect(error.message).toContain(error.data.requestId);
      assertNothingLeaks(body);
    } finally {
      await server.exec('ALTER TABLE logins_moved RENAME TO logins');
    }
  });

  it('counts calls per procedure and outcome in /metrics', async () => {
    await get(
      `/trpc/accounts.diagnose?input=${encodeURIComponent(JSON.stringify({ json: { identifier: 'ok.owner@example.com' } }))}`,
    );
    const metrics = await (await fetch(`${server.metricsUrl}/metrics`)).text();
    expect(metrics).toMatch(
      /lifeline_requests_total\{procedure="accounts.diagnose",outcome="ok"\} \d+/,
    );
    expect(metrics).toMatch(
      /lifeline_requests_total\{procedure="accounts.diagnose",outcome="INVALID_INPUT"\} \d+/,
    );
    expect(metrics).toMatch(
      /lifeline_request_duration_seconds_bucket\{le="0.005",procedure="accounts.diagnose"\}/,
    );
    expect(metrics).toContain('lifeline_outbox_backlog');
  });
});
