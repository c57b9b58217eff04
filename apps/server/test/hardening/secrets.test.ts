import { type LifelineDb, openDatabase } from '@lifeline/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestSql, tableNames, testSql } from '../test-db.ts';
import {
  type CallOptions,
  call,
  type ServerProcess,
  sha256,
  signIn,
  spawnServer,
  stopChildren,
  stopServer,
  TICKET,
  tempDir,
} from './support.ts';

/**
 * Social-engineering guards (SPEC §5, §8, §13): a server logging at debug level goes through
 * verifications with distinctive typed values, sign-ins with distinctive passwords, email codes
 * and reset links. Then every log line, every response body and every text column of every table
 * is searched for those values: what was typed wrong appears nowhere, passwords and session ids
 * nowhere, an email code only in its outbox row's secret, a reset token only there too (and as a
 * SHA-256 in the tokens table).
 */

const DEMO = 'lifeline-demo';
const NEW_STAFF_PASSWORD = 'Plinth-Quasar-8814-Vellum';
const WRONG_PASSWORD_KNOWN = 'Gossamer-Wrong-5521-Xylo';
const WRONG_PASSWORD_UNKNOWN = 'Obsidian-Unknown-3377-Fern';
const WRONG_CARD = '8067';
// Above 65535: it cannot be the server's port in a logged URL.
const WRONG_POSTAL = '98765';
const WRONG_LINE1 = 'Quillfeather Lane 77';

/** Random ids: a request id's UUID groups or a `ver_…` id may hold four typed digits by chance. */
const RANDOM_ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * The value as a whole token, random ids left out: '8067' is not found inside a UUID (CI once
 * failed on a request id `…-8067-…`), a timestamp, a hex hash, an id or a decimal such as a
 * CPU-seconds gauge.
 */
function occursInText(text: string, needle: string): boolean {
  const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![0-9A-Za-z_]|\\d\\.)${escaped}(?![0-9A-Za-z_]|\\.\\d)`, 'i').test(
    text.replace(RANDOM_ID, ''),
  );
}

/**
 * The texts a value holds. A JSON document is searched by its keys and string values, nested
 * JSON strings included: a typed value is always a string, while a number (a duration, a
 * count) may be any four digits.
 */
function textsOf(text: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [text];
  }
  if (typeof parsed !== 'object' || parsed === null) return [text];
  const texts: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') texts.push(...textsOf(value));
    else if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object' && value !== null) {
      for (const [key, inner] of Object.entries(value)) {
        texts.push(key);
        walk(inner);
      }
    }
  };
  walk(parsed);
  return texts;
}

function occurs(haystack: string, needle: string): boolean {
  return textsOf(haystack).some((text) => occursInText(text, needle));
}

/** Every text value of every row of every table, with where it was found. */
async function textCells(
  raw: TestSql,
): Promise<Array<{ where: string; value: string; row: Record<string, unknown> }>> {
  const cells: Array<{ where: string; value: string; row: Record<string, unknown> }> = [];
  for (const table of await tableNames(raw)) {
    for (const row of await raw.sql(`SELECT * FROM "${table}"`)) {
      for (const [column, value] of Object.entries(row)) {
        if (typeof value === 'string') cells.push({ where: `${table}.${column}`, value, row });
      }
    }
  }
  return cells;
}

describe('secrets never leak: logs, responses, database', () => {
  const temp = tempDir('lifeline-secrets-');
  let server: ServerProcess;
  let db: LifelineDb;
  const responses: string[] = [];
  const secrets = {
    code: '',
    wrongCode: '',
    tokens: [] as string[],
    sessions: [] as string[],
  };

  async function api(path: string, input: unknown, options: CallOptions = {}) {
    const result = await call(server.url, path, input, options);
    responses.push(result.text);
    return result;
  }
  async function session(email: string, password: string) {
    const cookie = await signIn(server.url, email, password);
    secrets.sessions.push(cookie.split('=')[1] ?? '');
    return cookie;
  }

  beforeAll(async () => {
    const dbPath = await temp.database('secrets.db');
    server = await spawnServer(dbPath, { LOG_LEVEL: 'debug', METRICS_PORT: '0' });
    db = openDatabase(dbPath, { migrate: false });
    const raw = testSql(db);
    const admin = await session('admin@lifeline.test', DEMO);
    const lead = await session('lead@lifeline.test', DEMO);
    const agent = { cookie: await session('agent@lifeline.test', DEMO) };

    // Staff passwords: a new member's, and wrong ones for a known and an unknown email.
    const created = await api(
      'staff.create',
      {
        email: 'secret.keeper@lifeline.test',
        displayName: 'Secret Keeper',
        role: 'agent',
        password: NEW_STAFF_PASSWORD,
      },
      { cookie: admin },
    );
    expect(created.reason).toBe('none');
    await session('secret.keeper@lifeline.test', NEW_STAFF_PASSWORD);
    for (const [email, password] of [
      ['agent@lifeline.test', WRONG_PASSWORD_KNOWN],
      ['nobody@lifeline.test', WRONG_PASSWORD_UNKNOWN],
    ]) {
      expect((await api('auth.login', { email, password })).reason).toBe('UNAUTHENTICATED');
    }

    // Card and address: wrong values typed, then the right ones.
    const check = (identifier: string, factor: Record<string, string>) =>
      api('verification.check', { identifier, ticketRef: TICKET, factor }, agent);
    const okOwner = 'ok.owner@example.com';
    expect((await check(okOwner, { method: 'card_last4', last4: WRONG_CARD })).data).toMatchObject({
      outcome: 'failed',
    });
    expect(
      (
        await check(okOwner, {
          method: 'billing_address',
          postalCode: WRONG_POSTAL,
          line1: WRONG_LINE1,
        })
      ).data,
    ).toMatchObject({ outcome: 'failed' });
    expect((await check(okOwner, { method: 'card_last4', last4: '4242' })).data).toMatchObject({
      outcome: 'passed',
    });
    expect(
      (
        await check('trial.ended@example.com', {
          method: 'billing_address',
          postalCode: '69007',
          line1: '5, avenue Jean-Jaurès',
        })
      ).data,
    ).toMatchObject({ outcome: 'passed' });

    // Email code: a wrong one typed, then the one sent.
    const codeHolder = 'new.password@example.com';
    expect(
      (await api('verification.sendCode', { identifier: codeHolder, ticketRef: TICKET }, agent))
        .reason,
    ).toBe('none');
    // Each code's email names its audit event, whose id is the order they were sent in.
    const [email] = await raw.sql(
      "SELECT secret FROM outbox WHERE template = 'verification_code' ORDER BY created_at DESC, audit_event_id DESC LIMIT 1",
    );
    secrets.code = String(email?.secret);
    expect(secrets.code).toMatch(/^\d{6}$/);
    secrets.wrongCode = secrets.code === '314159' ? '271828' : '314159';
    expect(
      (await check(codeHolder, { method: 'email_code', code: secrets.wrongCode })).data,
    ).toMatchObject({ outcome: 'failed' });
    expect(
      (await check(codeHolder, { method: 'email_code', code: secrets.code })).data,
    ).toMatchObject({
      outcome: 'passed',
    });

    // Reset links: one sent on its own, one with an unlock.
    const [owner] = await raw.sql('SELECT id FROM logins WHERE identifier = ?', okOwner);
    const reset = await api(
      'actions.sendPasswordReset',
      { loginId: owner?.id, ticketRef: TICKET, idempotencyKey: 'secrets-reset-1' },
      agent,
    );
    expect(reset.reason).toBe('none');
    const locked = 'locked.out@example.com';
    const [lockedLogin] = await raw.sql('SELECT id FROM logins WHERE identifier = ?', locked);
    const pass = (await check(locked, { method: 'card_last4', last4: '1111' })).data as {
      verificationId: string;
    };
    const unlocked = await api(
      'actions.unlockLogin',
      {
        loginId: lockedLogin?.id,
        verificationId: pass.verificationId,
        ticketRef: TICKET,
        idempotencyKey: 'secrets-unlock-1',
        sendResetLink: true,
      },
      agent,
    );
    expect(unlocked.reason).toBe('none');
    secrets.tokens = (
      await raw.sql("SELECT secret FROM outbox WHERE template = 'password_reset'")
    ).map((r) => String(r.secret).split('?token=')[1] ?? '');
    expect(secrets.tokens).toHaveLength(2);

    // Everything a lead or admin can read back, in every view.
    const read = (path: string, input: unknown, cookie: string) =>
      api(path, input, { cookie, type: 'query' });
    for (const cookie of [lead, admin, agent.cookie]) {
      let cursor: string | undefined;
      do {
        const page = await read('audit.list', { cursor, limit: 200 }, cookie);
        cursor = (page.data as { nextCursor: string | null } | undefined)?.nextCursor ?? undefined;
      } while (cursor);
      await read('outbox.list', { limit: 200 }, cookie);
      for (const identifier of [okOwner, codeHolder, locked, 'trial.ended@example.com']) {
        const diagnosis = await read('accounts.diagnose', { identifier }, cookie);
        const accountIds = new Set(
          (diagnosis.data as { logins: Array<{ accountId: string }> }).logins.map(
            (l) => l.accountId,
          ),
        );
        // On the call's ticket: the agent's passes show billing, which must hold no secret either.
        for (const accountId of accountIds) {
          await read('accounts.get', { accountId, ticketRef: TICKET }, cookie);
        }
      }
    }
    await read('alerts.list', { includeExpired: true }, lead);
    await read('reviews.queue', undefined, lead);
    await read('staff.list', undefined, admin);
    const csv = await fetch(`${server.url}/api/audit.csv`, { headers: { cookie: lead } });
    expect(csv.status).toBe(200);
    responses.push(await csv.text());
    // Metrics are served on their own listener (METRICS_PORT), whose address the log gives.
    const metricsUrl = server.output().match(/"metricsUrl":"(http:\/\/[^"]+)"/)?.[1];
    expect(metricsUrl).toBeDefined();
    const metrics = await (await fetch(`${metricsUrl}/metrics`)).text();
    expect(metrics).toContain('lifeline_requests_total');
    responses.push(metrics);

    // Stop cleanly so that every log line is written out.
    expect(await stopServer(server)).toBe(0);
  }, 60_000);

  afterAll(async () => {
    await db?.close();
    if (server) await stopServer(server, 'SIGKILL');
    await stopChildren();
    await temp.dispose();
  });

  const neverAnywhere = () => [
    DEMO,
    NEW_STAFF_PASSWORD,
    WRONG_PASSWORD_KNOWN,
    WRONG_PASSWORD_UNKNOWN,
    WRONG_CARD,
    WRONG_POSTAL,
    WRONG_LINE1,
    'quillfeatherlane77',
    secrets.wrongCode,
    ...secrets.sessions,
  ];

  it('searches as it should: a typed value anywhere as text, never a number that happens to match', () => {
    expect(occurs('{"pid":8067,"cpu":0.8067,"time":1764518067}', WRONG_CARD)).toBe(false);
    expect(occurs('{"requestId":"0f1e2d3c-8067-4242-8067-0123456789ab"}', WRONG_CARD)).toBe(false);
    expect(occurs('{"verificationId":"ver_8067K2"}', WRONG_CARD)).toBe(false);
    expect(occurs('process_cpu_seconds_total 12.8067', WRONG_CARD)).toBe(false);
    expect(occurs('{"input":{"last4":"8067"}}', WRONG_CARD)).toBe(true);
    expect(occurs('{"msg":"card 8067 refused"}', WRONG_CARD)).toBe(true);
    expect(occurs('{"details":"{\\"typed\\":\\"8067\\"}"}', WRONG_CARD)).toBe(true);
    expect(occurs('{"8067":true}', WRONG_CARD)).toBe(true);
    expect(occurs('last4,8067', WRONG_CARD)).toBe(true);
  });

  it('writes JSON log lines with none of the typed values, passwords, codes, links or sessions', () => {
    const lines = server.output().trim().split('\n');
    expect(lines.length).toBeGreaterThan(20);
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    // Debug logging is on, and the calls are there (procedure and outcome, not input).
    expect(lines.some((line) => line.includes('"procedure":"verification.check"'))).toBe(true);
    const forbidden = [
      ...neverAnywhere(),
      secrets.code,
      ...secrets.tokens,
      // The right answers were typed too: the log never holds card digits or an address.
      '4242',
      '1111',
      '69007',
      'Jean-Jaurès',
    ];
    for (const value of forbidden) {
      const holding = lines.filter((line) => occurs(line, value));
      expect(holding, `log holds ${value}`).toEqual([]);
    }
  });

  it('returns none of them in any response body', () => {
    expect(responses.length).toBeGreaterThan(30);
    for (const value of [...neverAnywhere(), secrets.code, ...secrets.tokens]) {
      const holding = responses.filter((body) => occurs(body, value));
      expect(holding, `a response holds ${value}`).toEqual([]);
    }
  });

  it('stores them nowhere, but the code and links in their outbox secret before delivery', async () => {
    const raw = testSql(db);
    const cells = await textCells(raw);
    for (const value of neverAnywhere()) {
      const found = cells.filter((c) => occurs(c.value, value)).map((c) => c.where);
      expect(found, `stored: ${value}`).toEqual([]);
    }
    const codeCells = cells.filter((c) => occurs(c.value, secrets.code));
    expect(codeCells.map((c) => c.where)).toEqual(['outbox.secret']);
    expect(codeCells[0]?.row).toMatchObject({ template: 'verification_code', status: 'pending' });
    for (const token of secrets.tokens) {
      const tokenCells = cells.filter((c) => c.value.includes(token));
      expect(tokenCells.map((c) => c.where)).toEqual(['outbox.secret']);
      expect(tokenCells[0]?.row).toMatchObject({ template: 'password_reset', status: 'pending' });
      expect(
        await raw.count(
          'SELECT count(*) AS n FROM password_reset_tokens WHERE token_hash = ?',
          sha256(token),
        ),
      ).toBe(1);
    }
    // The audit keeps method and outcome of each check, never the value.
    const checks = await raw.sql(
      "SELECT details FROM audit_events WHERE action = 'verification.check'",
    );
    expect(checks.length).toBeGreaterThanOrEqual(7);
    for (const { details } of checks) {
      const keys = Object.keys(JSON.parse(String(details)) as object).sort();
      expect(
        keys.every((k) =>
          [
            'method',
            'outcome',
            'expiresAt',
            'lockedUntil',
            'accountLockedUntil',
            'staffThrottledUntil',
            'message',
          ].includes(k),
        ),
        keys.join(),
      ).toBe(true);
    }
  });
});
