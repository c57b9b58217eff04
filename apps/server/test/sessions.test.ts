import { SESSION_USER_AGENT_MAX } from '@lifeline/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type ServerProcess, spawnServer, stopServer } from './hardening/support.ts';
import { DEMO_PASSWORD, startTestServer, type TestServer } from './harness.ts';

const CHROME_ON_LINUX =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36';
const FIREFOX_ON_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:145.0) Gecko/20100101 Firefox/145.0';

interface SessionItem {
  id: string;
  device: { browser: string | null; os: string | null };
  userAgent: string;
  ip: string;
  lastIp: string;
  createdAt: number;
  lastSeenAt: number;
  current: boolean;
}

/**
 * Staff sessions (issue 10, "Sessions"): each staff member lists and ends their own, an admin
 * ends all of someone's; an ended session is refused on its next request by every server on the
 * database. Over HTTP, behind one trusted proxy hop so each sign-in comes from its own address.
 */
describe('staff sessions over HTTP', () => {
  let server: TestServer;
  let other: ServerProcess;
  /** Each cookie's address: its requests all come from there, as a browser's would. */
  const addressOf = new Map<string, string>();
  const from = (cookie: string) => ({
    cookie,
    headers: { 'x-forwarded-for': addressOf.get(cookie) ?? '192.0.2.1' },
  });

  /** Signs in from a browser (User-Agent) at an address (the proxy's X-Forwarded-For). */
  async function signIn(email: string, userAgent: string, ip: string): Promise<string> {
    const response = await fetch(`${server.url}/trpc/auth.login`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: server.url,
        'user-agent': userAgent,
        'x-forwarded-for': ip,
      },
      body: JSON.stringify({ json: { email, password: DEMO_PASSWORD } }),
    });
    expect(response.status).toBe(200);
    const cookie = (response.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
    addressOf.set(cookie, ip);
    return cookie;
  }

  const me = (cookie: string, url = server.url) =>
    call(url, 'auth.me', undefined, { ...from(cookie), type: 'query' });
  const listed = (cookie: string) =>
    call(server.url, 'auth.sessions', undefined, { ...from(cookie), type: 'query' });
  const sessions = async (cookie: string) => {
    const result = await listed(cookie);
    expect(result.reason).toBe('none');
    return (result.data as { items: SessionItem[] }).items;
  };
  const endSession = (cookie: string, sessionId: string) =>
    call(server.url, 'auth.endSession', { sessionId }, from(cookie));
  const endSessionsOf = (cookie: string, staffId: string) =>
    call(server.url, 'staff.endSessions', { staffId }, from(cookie));
  const staffIdOf = async (email: string) =>
    String((await server.one<{ id: string }>('SELECT id FROM staff WHERE email = ?', email))?.id);

  beforeAll(async () => {
    server = await startTestServer({ accounts: 0, trustProxy: 1 });
    // The server process below reads the real clock: this one's sessions must be current for it.
    server.clock.set(Date.now());
    other = await spawnServer(server.location, { TRUST_PROXY: '1' });
  }, 60_000);
  afterAll(async () => {
    if (other) await stopServer(other);
    await server?.close();
  });

  it('lists each sign-in with its device, address, start and last seen, the current one marked, and nothing that finds a session', async () => {
    const laptop = await signIn('agent@lifeline.test', CHROME_ON_LINUX, '203.0.113.7');
    server.clock.advance(30_000);
    const desktop = await signIn('agent@lifeline.test', FIREFOX_ON_WINDOWS, '198.51.100.4');

    const seen = await sessions(laptop);
    expect(seen).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f]{32}$/),
        device: { browser: 'Chrome', os: 'Linux' },
        userAgent: CHROME_ON_LINUX,
        ip: '203.0.113.7',
        lastIp: '203.0.113.7',
        createdAt: server.clock.now - 30_000,
        lastSeenAt: server.clock.now - 30_000,
        current: true,
      },
      {
        id: expect.stringMatching(/^[0-9a-f]{32}$/),
        device: { browser: 'Firefox', os: 'Windows' },
        userAgent: FIREFOX_ON_WINDOWS,
        ip: '198.51.100.4',
        lastIp: '198.51.100.4',
        createdAt: server.clock.now,
        lastSeenAt: server.clock.now,
        current: false,
      },
    ]);
    // The other browser sees the same two, itself marked.
    expect((await sessions(desktop)).map((s) => s.current)).toEqual([false, true]);

    // Neither cookie value nor stored hash is in the answer.
    const raw = (await listed(laptop)).text;
    const hashes = await server.sql<{ id_hash: string }>('SELECT id_hash FROM staff_sessions');
    for (const cookie of [laptop, desktop]) expect(raw).not.toContain(cookie.split('=')[1]);
    for (const { id_hash } of hashes) expect(raw).not.toContain(id_hash);
  });

  it('ends another of one’s sessions: refused on its next request here and on a second server process on the same database, audited by public id', async () => {
    const kept = await signIn('lead@lifeline.test', CHROME_ON_LINUX, '203.0.113.20');
    const lost = await signIn('lead@lifeline.test', FIREFOX_ON_WINDOWS, '203.0.113.21');
    // The other process knows both sessions (it reads them from the database).
    expect((await me(lost, other.url)).reason).toBe('none');
    expect((await me(kept, other.url)).reason).toBe('none');

    const target = (await sessions(kept)).find((s) => !s.current);
    expect(target?.ip).toBe('203.0.113.21');
    const ended = await endSession(kept, String(target?.id));
    expect(ended).toMatchObject({ reason: 'none', data: { current: false } });

    expect((await me(lost)).reason).toBe('UNAUTHENTICATED');
    expect((await me(lost, other.url)).reason).toBe('UNAUTHENTICATED');
    expect((await me(kept)).reason).toBe('none');
    expect((await me(kept, other.url)).reason).toBe('none');
    expect((await sessions(kept)).map((s) => s.ip)).toEqual(['203.0.113.20']);
    // Ended already: the same id is now no open session of the lead's.
    expect((await endSession(kept, String(target?.id))).reason).toBe('NOT_FOUND');

    const event = await server.one<{ action: string; outcome: string; details: string }>(
      `SELECT action, outcome, details FROM audit_events
        WHERE staff_id = ? AND action = 'auth.logout' AND outcome = 'succeeded'`,
      await staffIdOf('lead@lifeline.test'),
    );
    expect(event).toBeDefined();
    expect(JSON.parse(String(event?.details))).toEqual({
      ended: 'one',
      session: target?.id,
      current: false,
    });
    const hashes = await server.sql<{ id_hash: string }>('SELECT id_hash FROM staff_sessions');
    for (const { id_hash } of hashes) expect(event?.details).not.toContain(id_hash);
  });

  it('answers NOT_FOUND for someone else’s session, so ids tell nothing, and leaves it open', async () => {
    const agent = await signIn('agent2@lifeline.test', CHROME_ON_LINUX, '203.0.113.30');
    const lead = await signIn('admin@lifeline.test', CHROME_ON_LINUX, '203.0.113.31');
    const [leadSession] = await sessions(lead);
    expect(leadSession).toBeDefined();

    const refused = await endSession(agent, String(leadSession?.id));
    expect(refused).toMatchObject({ status: 404, reason: 'NOT_FOUND' });
    expect((await endSession(agent, 'f'.repeat(32))).reason).toBe('NOT_FOUND');
    expect((await endSession(agent, 'not-an-id')).reason).toBe('INVALID_INPUT');
    expect((await me(lead)).reason).toBe('none');
    // The refusal is on the record, under the one who tried.
    expect(
      await server.count(
        "SELECT count(*) FROM audit_events WHERE staff_id = ? AND action = 'auth.logout' AND outcome = 'refused' AND reason = 'NOT_FOUND'",
        await staffIdOf('agent2@lifeline.test'),
      ),
    ).toBe(2);
  });

  it('ending the current session signs out: the cookie is cleared and refused', async () => {
    const cookie = await signIn('agent2@lifeline.test', FIREFOX_ON_WINDOWS, '203.0.113.40');
    const current = (await sessions(cookie)).find((s) => s.current);
    const response = await fetch(`${server.url}/trpc/auth.endSession`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: server.url,
        ...from(cookie).headers,
        cookie,
      },
      body: JSON.stringify({ json: { sessionId: current?.id } }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie().join('\n')).toMatch(/lifeline_session=;.*Max-Age=0/i);
    expect((await me(cookie)).reason).toBe('UNAUTHENTICATED');
  });

  it('an admin ends all of a staff member’s sessions: every one of their cookies stops working on both servers; audited; agents may not', async () => {
    const first = await signIn('agent@lifeline.test', CHROME_ON_LINUX, '203.0.113.50');
    const second = await signIn('agent@lifeline.test', FIREFOX_ON_WINDOWS, '203.0.113.51');
    const bystander = await signIn('lead@lifeline.test', CHROME_ON_LINUX, '203.0.113.52');
    const admin = await signIn('admin@lifeline.test', CHROME_ON_LINUX, '203.0.113.53');
    const agentId = await staffIdOf('agent@lifeline.test');
    const open = (await sessions(first)).map((s) => s.id);

    // An agent may not, and the refusal is audited.
    expect((await endSessionsOf(first, agentId)).reason).toBe('FORBIDDEN_ROLE');
    expect((await endSessionsOf(admin, 'stf_nobody')).reason).toBe('NOT_FOUND');

    const ended = await endSessionsOf(admin, agentId);
    expect(ended).toMatchObject({
      reason: 'none',
      data: { ended: open.length, signedOut: false },
    });
    for (const cookie of [first, second]) {
      expect((await me(cookie)).reason).toBe('UNAUTHENTICATED');
      expect((await me(cookie, other.url)).reason).toBe('UNAUTHENTICATED');
    }
    expect((await me(bystander)).reason).toBe('none');
    expect((await me(admin)).reason).toBe('none');

    const event = await server.one<{ details: string }>(
      `SELECT details FROM audit_events
        WHERE staff_id = ? AND action = 'auth.logout' AND outcome = 'succeeded'`,
      await staffIdOf('admin@lifeline.test'),
    );
    const details = JSON.parse(String(event?.details)) as Record<string, unknown>;
    expect(details).toMatchObject({ ended: 'all', staffId: agentId, email: 'agent@lifeline.test' });
    expect([...(details.sessions as string[])].sort()).toEqual([...open].sort());
    expect(
      await server.count(
        "SELECT count(*) FROM audit_events WHERE action = 'auth.logout' AND reason = 'FORBIDDEN_ROLE' AND details LIKE '%staff.endSessions%'",
      ),
    ).toBe(1);
  });

  it('keeps a bounded User-Agent, and the last address a session was seen from', async () => {
    const cookie = await signIn(
      'agent2@lifeline.test',
      `${CHROME_ON_LINUX} ${'x'.repeat(2000)}`,
      '203.0.113.60',
    );
    addressOf.set(cookie, '192.0.2.99');
    expect((await me(cookie)).reason).toBe('none');
    const [session] = (await sessions(cookie)).filter((s) => s.current);
    expect(session?.userAgent.length).toBe(SESSION_USER_AGENT_MAX);
    expect(session?.device).toEqual({ browser: 'Chrome', os: 'Linux' });
    expect(session?.ip).toBe('203.0.113.60');
    expect(session?.lastIp).toBe('192.0.2.99');
  });
});
