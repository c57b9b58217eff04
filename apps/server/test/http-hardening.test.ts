import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jarOf, startTestServer, type TestClient, type TestServer } from './harness.ts';

// SPEC §13 over real HTTP: metrics only on their own listener, `no-store` on every response
// that may hold customer data, and a Host allow-list against DNS rebinding.

let server: TestServer;
let agent: TestClient;
let cookie: string;
beforeAll(async () => {
  server = await startTestServer({ accounts: 0 });
  agent = await server.signedIn('agent@lifeline.test');
  cookie = `lifeline_session=${jarOf(agent).get('lifeline_session')}`;
});
afterAll(() => server.close());

/** A GET with a Host header of our choosing (fetch will not send one). */
function getWithHost(
  url: string,
  path: string,
  host: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${url}${path}`, { headers: { host } });
    request.on('response', (response) => {
      let body = '';
      response.on('data', (chunk) => {
        body += String(chunk);
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

/** An HTTP/1.0 GET without any Host header (1.1 requires one; Node refuses those itself). */
function getWithoutHost(url: string, path: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.end(`GET ${path} HTTP/1.0\r\n\r\n`);
    });
    let answer = '';
    socket.on('data', (chunk) => {
      answer += String(chunk);
    });
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('metrics', () => {
  it('are not served by the main app', async () => {
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { data: { reason: string } } };
    expect(body.error.data.reason).toBe('NOT_FOUND');
  });

  it('are served by the metrics listener', async () => {
    await agent.accounts.search.query({ query: 'ok.owner@example.com' });
    const response = await fetch(`${server.metricsUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toMatch(/lifeline_\w+\{procedure="accounts\.search"/);
  });
});

describe('Cache-Control: no-store', () => {
  it('is on every /trpc response: queries, mutations, refusals, batches', async () => {
    const responses = [
      await fetch(
        `${server.url}/trpc/accounts.search?input=${encodeURIComponent(JSON.stringify({ json: { query: 'ok.owner@example.com' } }))}`,
        { headers: { cookie } },
      ),
      await fetch(`${server.url}/trpc/auth.me`, { headers: { cookie } }),
      await fetch(`${server.url}/trpc/auth.me`),
      await fetch(`${server.url}/trpc/no.such.procedure`),
      await fetch(`${server.url}/trpc/auth.me,auth.me?batch=1&input={}`, { headers: { cookie } }),
      await fetch(`${server.url}/trpc/auth.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: server.url },
        body: JSON.stringify({
          json: { email: 'agent@lifeline.test', password: 'wrong-password' },
        }),
      }),
      await fetch(`${server.url}/trpc/auth.login`, { method: 'POST', body: '{}' }),
    ];
    for (const response of responses) {
      expect(response.headers.get('cache-control'), response.url).toBe('no-store');
      await response.arrayBuffer();
    }
    expect(responses.map((r) => r.status)).toContain(200);
  });

  it('is on every /api response, refusals and unknown paths included', async () => {
    for (const [path, headers] of [
      ['/api/audit.csv', { cookie }],
      ['/api/audit.csv', {}],
      ['/api/audit.csv?action=nope', { cookie }],
      ['/api/nothing-here', { cookie }],
    ] as const) {
      const response = await fetch(`${server.url}${path}`, { headers });
      expect(response.headers.get('cache-control'), path).toBe('no-store');
      await response.arrayBuffer();
    }
  });
});

describe('the Host allow-list', () => {
  const port = () => new URL(server.url).port;

  it('answers the loopback names the server listens on', async () => {
    for (const host of [`127.0.0.1:${port()}`, `localhost:${port()}`, `LOCALHOST.:${port()}`]) {
      const response = await getWithHost(server.url, '/trpc/auth.me', host);
      expect(response.status, host).toBe(401);
    }
  });

  it('refuses any other name with 421 in the refusal envelope', async () => {
    for (const host of [`evil.example:${port()}`, 'evil.example', `127.0.0.1.evil.example`]) {
      const response = await getWithHost(server.url, '/trpc/auth.me', host);
      expect(response.status, String(host)).toBe(421);
      const body = JSON.parse(response.body) as {
        error: { message: string; data: { reason: string; httpStatus: number } };
      };
      expect(body.error.data).toMatchObject({ reason: 'INVALID_INPUT', httpStatus: 421 });
      expect(body.error.message).toMatch(/host/i);
    }
    expect(await getWithoutHost(server.url, '/trpc/auth.me')).toMatch(/^HTTP\/1\.[01] 421 /);
    // Nor does the console itself, nor the CSV, answer to it.
    expect((await getWithHost(server.url, '/', 'evil.example')).status).toBe(421);
    expect((await getWithHost(server.url, '/api/audit.csv', 'evil.example')).status).toBe(421);
  });

  it('leaves /healthz and /readyz to any name (probes use the address)', async () => {
    expect((await getWithHost(server.url, '/healthz', '10.1.2.3:3000')).status).toBe(200);
    expect((await getWithHost(server.url, '/readyz', '10.1.2.3:3000')).status).toBe(200);
  });

  it('takes a configured list, ports included, or * for any', async () => {
    const configured = await startTestServer({
      accounts: 0,
      allowedHosts: ['support.example.com', 'console.example.com:8443'],
    });
    try {
      const status = async (host: string) =>
        (await getWithHost(configured.url, '/trpc/auth.me', host)).status;
      expect(await status('support.example.com')).toBe(401);
      expect(await status('Support.Example.com:443')).toBe(401);
      expect(await status('console.example.com:8443')).toBe(401);
      expect(await status('console.example.com')).toBe(421);
      expect(await status('console.example.com:443')).toBe(421);
      expect(await status(`127.0.0.1:${new URL(configured.url).port}`)).toBe(421);
    } finally {
      await configured.close();
    }
    const open = await startTestServer({ accounts: 0, allowedHosts: '*' });
    try {
      expect((await getWithHost(open.url, '/trpc/auth.me', 'anything.example')).status).toBe(401);
    } finally {
      await open.close();
    }
  });
});
