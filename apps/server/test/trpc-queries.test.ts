import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppRouter } from '@lifeline/api';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { DEMO_PASSWORD, startTestServer, type TestServer } from './harness.ts';

/**
 * The query fast path must answer exactly as the stock tRPC adapter does: the same server
 * state is served twice, once each way, and every response is compared.
 */
describe('tRPC queries answered without the stock adapter', () => {
  let server: TestServer;
  let stock: Server;
  let stockUrl = '';
  let cookie = '';

  beforeAll(async () => {
    server = await startTestServer({ accounts: 0 });
    const app = createApp({ deps: server.deps, fastQueries: false, serveWeb: false });
    stock = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    stockUrl = `http://127.0.0.1:${(stock.address() as AddressInfo).port}`;
    const login = await fetch(`${server.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ json: { email: 'agent@lifeline.test', password: DEMO_PASSWORD } }),
    });
    cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
  });
  afterAll(async () => {
    await new Promise((resolve) => stock.close(resolve));
    await server.close();
  });

  const input = (value: unknown) => encodeURIComponent(JSON.stringify(value));
  const requests: Array<[string, string, boolean]> = [
    [
      'diagnose',
      `/trpc/accounts.diagnose?input=${input({ json: { identifier: ' Cancelled.Recent@example.com' } })}`,
      true,
    ],
    [
      'missing identifier',
      `/trpc/accounts.diagnose?input=${input({ json: { identifier: 'nobody@missing.example' } })}`,
      true,
    ],
    ['invalid input', `/trpc/accounts.diagnose?input=${input({ json: { identifier: 42 } })}`, true],
    ['no input', '/trpc/auth.me', true],
    [
      'not found',
      `/trpc/accounts.get?input=${input({ json: { accountId: 'acc_doesnotexist00' } })}`,
      true,
    ],
    ['signed out', `/trpc/accounts.search?input=${input({ json: { query: 'ok' } })}`, false],
    [
      'batch',
      `/trpc/auth.me,accounts.search?batch=1&input=${input({ 0: { json: null }, 1: { json: { query: 'ok.own' } } })}`,
      true,
    ],
    [
      'mixed batch',
      `/trpc/auth.me,accounts.get?batch=1&input=${input({ 0: { json: null }, 1: { json: { accountId: 'x' } } })}`,
      true,
    ],
    ['mutation by GET', `/trpc/actions.sendPasswordReset?input=${input({ json: {} })}`, true],
    ['unknown procedure', '/trpc/accounts.dropAll', true],
    ['malformed json', '/trpc/accounts.diagnose?input=%7Bnot', true],
  ];

  for (const [name, path, signedIn] of requests) {
    it(`answers "${name}" exactly as the stock adapter`, async () => {
      const headers = signedIn ? { cookie } : undefined;
      const [fast, reference] = await Promise.all([
        fetch(`${server.url}${path}`, { headers }),
        fetch(`${stockUrl}${path}`, { headers }),
      ]);
      expect(fast.status).toBe(reference.status);
      expect(fast.headers.get('content-type')).toMatch(/^application\/json/);
      const strip = (body: string) =>
        JSON.parse(
          body
            .replaceAll(/"requestId":"[^"]+"/g, '"requestId":"x"')
            .replaceAll(/reference [0-9a-f-]+/g, 'reference x'),
        );
      expect(strip(await fast.text())).toEqual(strip(await reference.text()));
    });
  }

  it('serves the batching client the console uses', async () => {
    const client = createTRPCClient<AppRouter>({
      links: [
        httpBatchLink({ url: `${server.url}/trpc`, transformer: superjson, headers: { cookie } }),
      ],
    });
    const [me, diagnosis, refused] = await Promise.allSettled([
      client.auth.me.query(),
      client.accounts.diagnose.query({ identifier: 'dual.role@example.com' }),
      client.accounts.get.query({ accountId: 'acc_doesnotexist00' }),
    ]);
    expect(me.status === 'fulfilled' && me.value.staff.email).toBe('agent@lifeline.test');
    expect(diagnosis.status === 'fulfilled' && diagnosis.value.findings[0]?.code).toBe(
      'ambiguous_login',
    );
    expect(refused.status).toBe('rejected');
  });
});

describe('batch size', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ accounts: 0 });
  });
  afterAll(() => server.close());

  it('refuses a batch of more than 20 calls with 400, queries and mutations alike', async () => {
    const paths = Array.from({ length: 21 }, () => 'auth.me').join(',');
    const inputs = Object.fromEntries(
      Array.from({ length: 21 }, (_, i) => [String(i), { json: null }]),
    );
    const query = await fetch(
      `${server.url}/trpc/${paths}?batch=1&input=${encodeURIComponent(JSON.stringify(inputs))}`,
    );
    expect(query.status).toBe(400);
    const mutations = Array.from({ length: 21 }, () => 'auth.logout').join(',');
    const mutation = await fetch(`${server.url}/trpc/${mutations}?batch=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify(inputs),
    });
    expect(mutation.status).toBe(400);
  });
});
