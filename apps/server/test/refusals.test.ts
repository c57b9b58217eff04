import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.ts';

/**
 * Requests refused before tRPC (the Express guards, the CSV export, unknown routes) answer in
 * the envelope tRPC's own errors use, with the `data.code` that goes with their status: the
 * console and scripts read both the same way.
 */
describe('refusals outside tRPC', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ accounts: 0 });
  });
  afterAll(() => server.close());

  async function refusal(path: string, init: RequestInit = {}) {
    const response = await fetch(`${server.url}${path}`, init);
    const body = (await response.json()) as {
      error: { code: number; data: { code: string; httpStatus: number; reason: string } };
    };
    return { status: response.status, ...body.error.data, jsonRpc: body.error.code };
  }

  it('says what each status is, like tRPC does', async () => {
    const json = { 'content-type': 'application/json' };
    const cases = [
      { path: '/api/no-such-thing', init: {}, expected: [404, 'NOT_FOUND', 'NOT_FOUND', -32004] },
      {
        path: '/trpc/auth.logout',
        init: { method: 'POST', headers: json, body: '{}' },
        expected: [403, 'FORBIDDEN', 'UNAUTHENTICATED', -32003],
      },
      {
        path: '/trpc/auth.logout',
        init: { method: 'POST', headers: { origin: server.url, 'content-type': 'text/plain' } },
        expected: [415, 'UNSUPPORTED_MEDIA_TYPE', 'INVALID_INPUT', -32015],
      },
      {
        path: '/api/audit.csv',
        init: {},
        expected: [401, 'UNAUTHORIZED', 'UNAUTHENTICATED', -32001],
      },
    ] as const;
    for (const { path, init, expected } of cases) {
      const got = await refusal(path, init);
      expect([got.status, got.code, got.reason, got.jsonRpc], path).toEqual(expected);
      expect(got.httpStatus).toBe(got.status);
    }
  });

  it('matches what tRPC itself answers for the same refusal', async () => {
    const ours = await refusal('/api/audit.csv');
    const trpc = await fetch(`${server.url}/trpc/auth.me`);
    const theirs = ((await trpc.json()) as { error: { json: { code: number; data: object } } })
      .error.json;
    expect(trpc.status).toBe(ours.status);
    expect(theirs.code).toBe(ours.jsonRpc);
    expect(theirs.data).toMatchObject({ code: ours.code, reason: ours.reason });
  });
});
