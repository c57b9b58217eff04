import { signInEmailHash } from '@lifeline/api';
import { MINUTE } from '@lifeline/domain';
import argon2 from 'argon2';
import { afterAll, beforeAll, describe, expect, it, type MockInstance, vi } from 'vitest';
import { DEMO_PASSWORD, startTestServer, type TestServer } from '../harness.ts';
import { jsonField } from '../test-db.ts';
import { call } from './support.ts';

/**
 * SPEC §13 sign-in throttles, attacked in parallel: each attempt reserves its failure slot in a
 * transaction before the password is checked, so a burst cannot slip past the limit. And an
 * unknown email costs what a known one costs — shown by behaviour, not by timing: both run
 * exactly one argon2 verification, against hashes made with the same parameters.
 */

const WINDOW = 15 * MINUTE;

describe('sign-in brute force', () => {
  let server: TestServer;
  let verify: MockInstance<typeof argon2.verify>;

  beforeAll(async () => {
    server = await startTestServer({ accounts: 0 });
    verify = vi.spyOn(argon2, 'verify');
  });
  afterAll(async () => {
    verify.mockRestore();
    await server.close();
  });

  const login = (email: string, password: string, headers?: Record<string, string>) =>
    call(server.url, 'auth.login', { email, password }, { headers });

  async function hashOf(email: string): Promise<string> {
    return String(
      (await server.one('SELECT password_hash FROM staff WHERE email = ?', email))?.password_hash,
    );
  }

  it('holds the per-email limit against 12 parallel attempts: 5 are checked, the rest refused unchecked', async () => {
    const email = 'agent@lifeline.test';
    verify.mockClear();
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => login(email, `guess-number-${i}`)),
    );
    expect(answers.map((a) => a.reason).sort()).toEqual([
      ...Array(7).fill('RATE_LIMITED'),
      ...Array(5).fill('UNAUTHENTICATED'),
    ]);
    expect(answers.every((a) => a.status === 401 || a.status === 429)).toBe(true);
    // A refused attempt never reaches argon2: the slot is reserved first.
    expect(verify).toHaveBeenCalledTimes(5);
    expect(
      await server.count(
        'SELECT count(*) FROM sign_in_attempts WHERE email_hash = ?',
        signInEmailHash(server.deps, email),
      ),
    ).toBe(5);
    // The attempts are in their own table; the log gets the one failure that started the throttle.
    expect(
      await server.sql(
        `SELECT staff_id, reason, ${jsonField(server, 'details', 'throttledBy')} AS throttled_by FROM audit_events WHERE action = 'auth.login' AND outcome = 'refused'`,
      ),
    ).toEqual([
      {
        staff_id: (await server.one('SELECT id FROM staff WHERE email = ?', email))?.id,
        reason: 'RATE_LIMITED',
        throttled_by: 'email_and_address',
      },
    ]);
    // From this address, even the right password waits out the window…
    expect((await login(email, DEMO_PASSWORD)).reason).toBe('RATE_LIMITED');
    server.clock.advance(WINDOW - 1);
    expect((await login(email, DEMO_PASSWORD)).reason).toBe('RATE_LIMITED');
    // …and is let in once the oldest failure has left it.
    server.clock.advance(1);
    expect((await login(email, DEMO_PASSWORD)).reason).toBe('none');
  });

  it('runs one argon2 verification for a known email, an unknown one and a disabled member, and answers them alike', async () => {
    server.clock.advance(WINDOW);
    await server.sql(
      "UPDATE staff SET disabled_at = ? WHERE email = 'agent2@lifeline.test'",
      server.clock.now,
    );
    const staffHashes = (await server.sql('SELECT password_hash FROM staff')).map((r) =>
      String(r.password_hash),
    );
    const params = (hash: string) => hash.split('$').slice(1, 4).join('$');

    const attempts = [
      {
        who: 'known',
        email: 'lead@lifeline.test',
        password: 'not-the-password',
        hash: await hashOf('lead@lifeline.test'),
      },
      {
        who: 'unknown',
        email: 'nobody.here@lifeline.test',
        password: 'not-the-password',
        hash: null,
      },
      {
        who: 'disabled',
        email: 'agent2@lifeline.test',
        password: DEMO_PASSWORD,
        hash: await hashOf('agent2@lifeline.test'),
      },
    ];
    const answers = [];
    for (const attempt of attempts) {
      verify.mockClear();
      const answer = await login(attempt.email, attempt.password);
      answers.push(answer);
      expect(verify, attempt.who).toHaveBeenCalledTimes(1);
      const [hash, password] = verify.mock.calls[0] as [string, string];
      expect(password).toBe(attempt.password);
      if (attempt.hash !== null) {
        expect(hash).toBe(attempt.hash);
      } else {
        // The dummy hash: a real argon2id hash, of no staff member, made with the same cost.
        expect(staffHashes).not.toContain(hash);
        expect(params(hash)).toBe(params(await hashOf('lead@lifeline.test')));
        expect(params(hash)).toMatch(/^argon2id\$v=19\$m=\d+,p=\d+,t=\d+$/);
      }
    }
    // Same status, same reason, same words: nothing tells the three apart.
    const shapes = answers.map((a) => {
      const error = (JSON.parse(a.text) as { error: { json: { message: string; code: number } } })
        .error.json;
      return { status: a.status, reason: a.reason, message: error.message, code: error.code };
    });
    expect(shapes[1]).toEqual(shapes[0]);
    expect(shapes[2]).toEqual(shapes[0]);
  });

  it('holds the per-IP limit against 30 parallel attempts on different emails, whatever X-Forwarded-For says', async () => {
    server.clock.advance(WINDOW);
    verify.mockClear();
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        login(`intruder-${i}@example.com`, 'password1', { 'x-forwarded-for': `10.0.0.${i}` }),
      ),
    );
    expect(answers.map((a) => a.reason).sort()).toEqual([
      ...Array(10).fill('RATE_LIMITED'),
      ...Array(20).fill('UNAUTHENTICATED'),
    ]);
    expect(verify).toHaveBeenCalledTimes(20);
    // Now every sign-in from this address waits, a right password included, spoofed header or not.
    expect((await login('admin@lifeline.test', DEMO_PASSWORD)).reason).toBe('RATE_LIMITED');
    expect(
      (await login('admin@lifeline.test', DEMO_PASSWORD, { 'x-forwarded-for': '203.0.113.9' }))
        .reason,
    ).toBe('RATE_LIMITED');
    expect(
      await server.count(
        `SELECT count(*) FROM audit_events WHERE action = 'auth.login' AND ${jsonField(server, 'details', 'throttledBy')} = 'ip'`,
      ),
    ).toBe(1);
    // Thirty strangers' emails left no text anywhere a lead reads.
    const log = (await server.sql('SELECT details FROM audit_events'))
      .map((r) => String(r.details))
      .join('\n');
    expect(log).not.toContain('intruder-');
    const attempts = JSON.stringify(await server.sql('SELECT * FROM sign_in_attempts'));
    expect(attempts).not.toContain('intruder-');
    server.clock.advance(WINDOW);
    expect((await login('admin@lifeline.test', DEMO_PASSWORD)).reason).toBe('none');
  });
});

describe('sign-in throttling that cannot lock a colleague out (one proxy hop trusted)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ accounts: 0, trustProxy: 1 });
  });
  afterAll(() => server.close());

  /** As the one trusted proxy sends it: the client's own header, then the address it saw. */
  const from = (address: string, written?: string) => ({
    'x-forwarded-for': written === undefined ? address : `${written}, ${address}`,
  });
  const login = (email: string, password: string, headers: Record<string, string>) =>
    call(server.url, 'auth.login', { email, password }, { headers });

  it('wrong passwords from one address refuse that address only: the staff member signs in from theirs', async () => {
    const email = 'lead@lifeline.test';
    const attacker = from('198.51.100.7');
    const answers = [];
    for (let i = 0; i < 6; i += 1)
      answers.push((await login(email, `guess-${i}`, attacker)).reason);
    expect(answers).toEqual([...Array(5).fill('UNAUTHENTICATED'), 'RATE_LIMITED']);
    // The attacker's address is refused even the right password…
    expect((await login(email, DEMO_PASSWORD, attacker)).reason).toBe('RATE_LIMITED');
    // …while the lead, from their own address, gets in (slowed down, never refused).
    expect((await login(email, DEMO_PASSWORD, from('203.0.113.5'))).reason).toBe('none');
    const throttles = await server.sql(
      `SELECT ${jsonField(server, 'details', 'throttledBy')} AS throttled_by, ${jsonField(server, 'details', 'ip')} AS ip FROM audit_events WHERE action = 'auth.login' AND outcome = 'refused' ORDER BY id`,
    );
    expect(throttles).toEqual([{ throttled_by: 'email_and_address', ip: '198.51.100.7' }]);
  });

  it('slows an email guessed from many addresses down, audits it once, and still lets the right password in', async () => {
    server.clock.advance(WINDOW);
    const email = 'admin@lifeline.test';
    for (let i = 0; i < 6; i += 1) {
      expect((await login(email, `spread-${i}`, from(`192.0.2.${i + 1}`))).reason).toBe(
        'UNAUTHENTICATED',
      );
    }
    expect((await login(email, DEMO_PASSWORD, from('203.0.113.6'))).reason).toBe('none');
    expect(
      await server.count(
        `SELECT count(*) FROM audit_events WHERE action = 'auth.login' AND ${jsonField(server, 'details', 'throttledBy')} = 'email_slowdown'`,
      ),
    ).toBe(1);
  });

  it('believes only the address the trusted proxy saw, never one the client wrote', async () => {
    server.clock.advance(WINDOW);
    const email = 'agent@lifeline.test';
    const answers = [];
    for (let i = 0; i < 6; i += 1) {
      // A fresh address written by the client each time, behind the same real one.
      answers.push((await login(email, `spoof-${i}`, from('198.51.100.9', `10.9.9.${i}`))).reason);
    }
    expect(answers).toEqual([...Array(5).fill('UNAUTHENTICATED'), 'RATE_LIMITED']);
    expect(
      await server.count("SELECT count(*) FROM sign_in_attempts WHERE ip = '198.51.100.9'"),
    ).toBe(5);
    expect(
      await server.count("SELECT count(*) FROM sign_in_attempts WHERE ip LIKE '10.9.9.%'"),
    ).toBe(0);
  });
});
