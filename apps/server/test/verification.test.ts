import { HOUR, MINUTE } from '@lifeline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  reasonOf,
  SEEDED_AT,
  startTestServer,
  type TestClient,
  type TestServer,
} from './harness.ts';
import { columnsOf, tableNames } from './test-db.ts';

async function sqlGet<T>(server: TestServer, query: string, ...params: unknown[]): Promise<T> {
  const row = await server.one<T>(query, ...params);
  if (row === undefined) throw new Error(`no row for ${query}`);
  return row;
}

async function ownerAccountId(server: TestServer, identifier: string): Promise<string> {
  return (
    await sqlGet<{ account_id: string }>(
      server,
      "SELECT account_id FROM logins WHERE identifier = ? AND role = 'owner'",
      identifier,
    )
  ).account_id;
}

/** The code the outbox would deliver: the test plays the customer reading their email. */
async function latestCode(server: TestServer, accountId: string): Promise<string> {
  // Each code's email names its audit event, whose id is the order they were sent in.
  return (
    await sqlGet<{ secret: string }>(
      server,
      "SELECT secret FROM outbox WHERE template = 'verification_code' AND account_id = ? ORDER BY created_at DESC, audit_event_id DESC LIMIT 1",
      accountId,
    )
  ).secret;
}

function card(identifier: string, last4: string, ticketRef = 'T-1') {
  return { identifier, ticketRef, factor: { method: 'card_last4' as const, last4 } };
}

describe('verification.check by card and billing address', () => {
  let server: TestServer;
  let agent: TestClient;
  beforeAll(async () => {
    server = await startTestServer();
    agent = await server.signedIn('agent@lifeline.test');
  });
  afterAll(() => server.close());

  it('passes the right last 4 digits, bound to staff, login, account and ticket, for 15 minutes', async () => {
    const result = await agent.verification.check.mutate(card(' OK.Owner@example.com', '4242'));
    expect(result).toEqual({
      outcome: 'passed',
      verificationId: expect.stringMatching(/^ver_/),
      expiresAt: SEEDED_AT + 15 * MINUTE,
    });
    const me = await agent.auth.me.query();
    const row = await sqlGet<Record<string, unknown>>(
      server,
      'SELECT * FROM verifications WHERE id = ?',
      result.verificationId,
    );
    expect(row).toMatchObject({
      staff_id: me.staff.id,
      account_id: await ownerAccountId(server, 'ok.owner@example.com'),
      ticket_ref: 'T-1',
      method: 'card_last4',
      outcome: 'passed',
      expires_at: SEEDED_AT + 15 * MINUTE,
    });
    const audit = await sqlGet<{ outcome: string; details: string; verification_id: string }>(
      server,
      "SELECT outcome, details, verification_id FROM audit_events WHERE action = 'verification.check' ORDER BY id DESC LIMIT 1",
    );
    expect(audit.outcome).toBe('passed');
    expect(audit.verification_id).toBe(result.verificationId);
    expect(JSON.parse(audit.details)).toEqual({
      method: 'card_last4',
      outcome: 'passed',
      expiresAt: SEEDED_AT + 15 * MINUTE,
    });
  });

  it('fails a wrong card without saying anything more', async () => {
    const result = await agent.verification.check.mutate(card('locked.out@example.com', '1112'));
    expect(result).toEqual({ outcome: 'failed' });
    const row = await sqlGet<{ outcome: string; expires_at: number | null }>(
      server,
      // The newest attempt: each has its own audit event, whose id is the order they came in.
      `SELECT v.outcome, v.expires_at FROM verifications v
       JOIN audit_events e ON e.verification_id = v.id AND e.action = 'verification.check'
       WHERE v.account_id = ? ORDER BY e.id DESC LIMIT 1`,
      await ownerAccountId(server, 'locked.out@example.com'),
    );
    expect(row).toEqual({ outcome: 'failed', expires_at: null });
  });

  it('compares a billing address whatever its case, accents, spaces and punctuation', async () => {
    const passed = await agent.verification.check.mutate({
      identifier: 'trial.ended@example.com',
      ticketRef: 'T-2',
      factor: {
        method: 'billing_address',
        postalCode: ' 69 007 ',
        line1: '5, AVENUE jean-jaures.',
      },
    });
    expect(passed.outcome).toBe('passed');
    const wrongLine = await agent.verification.check.mutate({
      identifier: 'ok.owner@example.com',
      ticketRef: 'T-2',
      factor: { method: 'billing_address', postalCode: '75011', line1: '11 Rue Oberkampf' },
    });
    const wrongPostal = await agent.verification.check.mutate({
      identifier: 'ok.owner@example.com',
      ticketRef: 'T-2',
      factor: { method: 'billing_address', postalCode: '75012', line1: '10 rue Oberkampf' },
    });
    // Same answer whichever part was wrong.
    expect(wrongLine).toEqual({ outcome: 'failed' });
    expect(wrongPostal).toEqual({ outcome: 'failed' });
  });

  it('refuses a method the caller does not have: no card on file, or a team member', async () => {
    expect(
      await reasonOf(agent.verification.check.mutate(card('trial.ended@example.com', '0000'))),
    ).toBe('INVALID_INPUT');
    expect(
      await reasonOf(agent.verification.check.mutate(card('two.teams@example.com', '3030'))),
    ).toBe('INVALID_INPUT');
    // dual.role owns one account (card 2222) and is a team member of studio.owner's account.
    const studio = await ownerAccountId(server, 'studio.owner@example.com');
    expect(
      await reasonOf(
        agent.verification.check.mutate({
          ...card('dual.role@example.com', '2323'),
          accountId: studio,
        }),
      ),
    ).toBe('INVALID_INPUT');
    // Only one of its accounts takes a card, so no accountId is needed for it.
    const owned = await agent.verification.check.mutate(card('dual.role@example.com', '2222'));
    expect(owned.outcome).toBe('passed');
    expect(
      (
        await sqlGet<{ account_id: string }>(
          server,
          'SELECT account_id FROM verifications WHERE id = ?',
          owned.verificationId,
        )
      ).account_id,
    ).toBe(await ownerAccountId(server, 'dual.role@example.com'));
    // Refusals count as no failure, and are audited.
    const refused = await server.sql<{ reason: string }>(
      "SELECT reason FROM audit_events WHERE action = 'verification.check' AND outcome = 'refused'",
    );
    expect(refused.map((r) => r.reason)).toEqual([
      'INVALID_INPUT',
      'INVALID_INPUT',
      'INVALID_INPUT',
    ]);
  });

  it('answers NOT_FOUND for an unknown identifier and refuses signed-out callers', async () => {
    expect(
      await reasonOf(agent.verification.check.mutate(card('nobody@nowhere.example', '1234'))),
    ).toBe('NOT_FOUND');
    expect(
      await reasonOf(
        server.client().verification.check.mutate(card('ok.owner@example.com', '4242')),
      ),
    ).toBe('UNAUTHENTICATED');
  });
});

describe('verification by email code', () => {
  let server: TestServer;
  let agent: TestClient;
  beforeAll(async () => {
    server = await startTestServer();
    agent = await server.signedIn('agent@lifeline.test');
  });
  afterAll(() => server.close());

  it('needs the account when the identifier belongs to several', async () => {
    expect(
      await reasonOf(
        agent.verification.sendCode.mutate({
          identifier: 'two.teams@example.com',
          ticketRef: 'T-1',
        }),
      ),
    ).toBe('INVALID_INPUT');
    expect(
      await reasonOf(
        agent.verification.sendCode.mutate({
          identifier: 'ghost@nowhere.example',
          ticketRef: 'T-1',
        }),
      ),
    ).toBe('NOT_FOUND');
  });

  it('sends a code through the outbox, keeps only its keyed hash, and passes it once', async () => {
    const accountId = await ownerAccountId(server, 'agency.one@agency-one.example');
    const sent = await agent.verification.sendCode.mutate({
      identifier: 'Two.Teams@example.com',
      accountId,
      ticketRef: 'T-1',
    });
    expect(sent).toEqual({ sentTo: 't•••@example.com', expiresAt: SEEDED_AT + 10 * MINUTE });
    const email = await sqlGet<Record<string, string | null>>(
      server,
      "SELECT * FROM outbox WHERE template = 'verification_code' AND account_id = ?",
      accountId,
    );
    expect(email.to_address).toBe('two.teams@example.com');
    expect(email.secret).toMatch(/^\d{6}$/);
    expect(email.body_text).toContain('{{secret}}');
    expect(email.body_text).not.toContain(email.secret);
    const stored = await sqlGet<{ code_hash: string; tries: number }>(
      server,
      'SELECT code_hash, tries FROM verification_codes WHERE account_id = ?',
      accountId,
    );
    expect(stored.code_hash).toMatch(/^[0-9a-f]{64}$/);
    const sendEvent = await sqlGet<{ id: number }>(
      server,
      "SELECT id FROM audit_events WHERE action = 'verification.send_code' AND account_id = ?",
      accountId,
    );
    expect(Number(email.audit_event_id)).toBe(sendEvent.id);

    const code = email.secret ?? '';
    const check = { identifier: 'two.teams@example.com', accountId, ticketRef: 'T-1' };
    // Another ticket's code is no code for this one.
    expect(
      await agent.verification.check.mutate({
        ...check,
        ticketRef: 'T-other',
        factor: { method: 'email_code', code },
      }),
    ).toEqual({ outcome: 'failed' });
    const passed = await agent.verification.check.mutate({
      ...check,
      factor: { method: 'email_code', code },
    });
    expect(passed.outcome).toBe('passed');
    // Used up: the same code does not pass twice.
    expect(
      await agent.verification.check.mutate({ ...check, factor: { method: 'email_code', code } }),
    ).toEqual({ outcome: 'failed' });
  });

  it('sends the code of a username account to its contact email', async () => {
    const sent = await agent.verification.sendCode.mutate({
      identifier: 'jdupont',
      ticketRef: 'T-2',
    });
    expect(sent.sentTo).toBe('j•••@example.fr');
    const accountId = await ownerAccountId(server, 'jdupont');
    const code = await latestCode(server, accountId);
    const passed = await agent.verification.check.mutate({
      identifier: 'jdupont',
      ticketRef: 'T-2',
      factor: { method: 'email_code', code },
    });
    expect(passed.outcome).toBe('passed');
  });

  it('lets a code expire after 10 minutes', async () => {
    const accountId = await ownerAccountId(server, 'kyc.todo@example.com');
    await agent.verification.sendCode.mutate({
      identifier: 'kyc.todo@example.com',
      ticketRef: 'T-3',
    });
    const code = await latestCode(server, accountId);
    server.clock.advance(10 * MINUTE);
    const result = await agent.verification.check.mutate({
      identifier: 'kyc.todo@example.com',
      ticketRef: 'T-3',
      factor: { method: 'email_code', code },
    });
    expect(result).toEqual({ outcome: 'failed' });
  });

  it('allows 3 tries per code', async () => {
    const identifier = 'kyc.pending@example.com';
    const accountId = await ownerAccountId(server, identifier);
    await agent.verification.sendCode.mutate({ identifier, ticketRef: 'T-4' });
    const code = await latestCode(server, accountId);
    const wrong = code === '000000' ? '111111' : '000000';
    const attempt = (typed: string) =>
      agent.verification.check.mutate({
        identifier,
        ticketRef: 'T-4',
        factor: { method: 'email_code', code: typed },
      });
    expect(await attempt(wrong)).toEqual({ outcome: 'failed' });
    expect(await attempt(wrong)).toEqual({ outcome: 'failed' });
    // Three failures would also lock the account for an hour, which would hide the code's own
    // limit; the first two failures are dated back out of the rolling hour so only it shows.
    await server.sql(
      'UPDATE verifications SET created_at = created_at - ? WHERE account_id = ?',
      2 * HOUR,
      accountId,
    );
    expect(await attempt(wrong)).toEqual({ outcome: 'failed' });
    expect(
      (
        await sqlGet<{ tries: number }>(
          server,
          'SELECT tries FROM verification_codes WHERE account_id = ?',
          accountId,
        )
      ).tries,
    ).toBe(3);
    // The right code, but after three wrong tries the code is spent.
    expect(await attempt(code)).toEqual({ outcome: 'failed' });
  });
});

describe('verification limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('locks an account for every agent for an hour after 3 failures, and raises an alert', async () => {
    const agent = await server.signedIn('agent@lifeline.test');
    const agent2 = await server.signedIn('agent2@lifeline.test');
    const identifier = 'new.password@example.com';
    const accountId = await ownerAccountId(server, identifier);
    const triesOf = async (client: typeof agent) => {
      const { verification } = await client.accounts.diagnose.query({ identifier });
      const [state] = verification.accounts;
      return `${state?.failedTries} of ${state?.triesAllowed}`;
    };
    expect(await triesOf(agent)).toBe('0 of 3');
    expect(await agent.verification.check.mutate(card(identifier, '0001'))).toEqual({
      outcome: 'failed',
    });
    server.clock.advance(MINUTE);
    expect(await agent.verification.check.mutate(card(identifier, '0002'))).toEqual({
      outcome: 'failed',
    });
    // Every agent sees the tries used on the account before the lock (issue 13).
    expect(await triesOf(agent2)).toBe('2 of 3');
    server.clock.advance(MINUTE);
    const lockedAt = server.clock.now;
    // The third failure answers 'locked' at once, so the agent stops trying.
    expect(await agent.verification.check.mutate(card(identifier, '0003'))).toEqual({
      outcome: 'locked',
      lockedUntil: lockedAt + HOUR,
    });
    expect(
      await server.sql(
        'SELECT kind, account_id, until FROM alerts WHERE account_id = ?',
        accountId,
      ),
    ).toEqual([{ kind: 'verification_locked', account_id: accountId, until: lockedAt + HOUR }]);

    // Another agent with the right card: locked, and nothing is compared.
    expect(await agent2.verification.check.mutate(card(identifier, '1357', 'T-9'))).toEqual({
      outcome: 'locked',
      lockedUntil: lockedAt + HOUR,
    });
    expect(
      await reasonOf(agent2.verification.sendCode.mutate({ identifier, ticketRef: 'T-9' })),
    ).toBe('VERIFICATION_LOCKED');
    const diagnosis = await agent2.accounts.diagnose.query({ identifier });
    expect(diagnosis.verification.accounts[0]?.lockedUntil).toBe(lockedAt + HOUR);
    expect(
      await server.sql(
        "SELECT outcome FROM audit_events WHERE action = 'verification.check' AND account_id = ? ORDER BY id",
        accountId,
      ),
    ).toEqual([
      { outcome: 'failed' },
      { outcome: 'failed' },
      { outcome: 'failed' },
      { outcome: 'locked' },
    ]);

    // An hour is past the session idle timeout: sign in again, as the agent would.
    server.clock.advance(HOUR - 1);
    const later = await server.signedIn('agent2@lifeline.test');
    expect((await later.verification.check.mutate(card(identifier, '1357', 'T-9'))).outcome).toBe(
      'locked',
    );
    server.clock.advance(1);
    expect((await later.verification.check.mutate(card(identifier, '1357', 'T-9'))).outcome).toBe(
      'passed',
    );
  });

  it('throttles a staff member for an hour after 10 failures across accounts', async () => {
    const admin = await server.signedIn('admin@lifeline.test');
    const me = await admin.auth.me.query();
    // Two failures each on five accounts: no account reaches its own limit of three.
    const accounts = [
      ['locked.out@example.com', '1111'],
      ['hard.locked@example.com', '1212'],
      ['cancelled.recent@example.com', '3333'],
      ['asked.to.close@example.com', '3434'],
      ['unpaid.closed@example.com', '4444'],
    ] as const;
    const answers: unknown[] = [];
    for (const [identifier] of accounts) {
      for (const wrong of ['0000', '0001']) {
        answers.push(await admin.verification.check.mutate(card(identifier, wrong, 'T-7')));
      }
    }
    const throttledAt = server.clock.now;
    expect(answers.slice(0, 9)).toEqual(Array(9).fill({ outcome: 'failed' }));
    expect(answers[9]).toEqual({ outcome: 'failed', staffThrottledUntil: throttledAt + HOUR });
    expect(
      await server.sql('SELECT kind, until FROM alerts WHERE staff_id = ?', me.staff.id),
    ).toEqual([{ kind: 'staff_throttled', until: throttledAt + HOUR }]);

    // Refused now, even with a right value, for any account; other staff are not affected.
    expect(
      await reasonOf(admin.verification.check.mutate(card('self.blocked@example.com', '9999'))),
    ).toBe('STAFF_THROTTLED');
    expect(
      await reasonOf(
        admin.verification.sendCode.mutate({
          identifier: 'self.blocked@example.com',
          ticketRef: 'T-7',
        }),
      ),
    ).toBe('STAFF_THROTTLED');
    const lead = await server.signedIn('lead@lifeline.test');
    expect(
      (await lead.verification.check.mutate(card('self.blocked@example.com', '9999'))).outcome,
    ).toBe('passed');
    expect(
      await server.sql(
        "SELECT action, reason FROM audit_events WHERE staff_id = ? AND outcome = 'refused' ORDER BY id",
        me.staff.id,
      ),
    ).toEqual([
      { action: 'verification.check', reason: 'STAFF_THROTTLED' },
      { action: 'verification.send_code', reason: 'STAFF_THROTTLED' },
    ]);

    server.clock.advance(HOUR);
    const adminLater = await server.signedIn('admin@lifeline.test');
    expect(
      (await adminLater.verification.check.mutate(card('self.blocked@example.com', '9999')))
        .outcome,
    ).toBe('passed');
  });
});

describe('typed verification values are never kept or echoed', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  /** Hits of each value in every text column of every table, ids and hashes aside. */
  async function textHits(values: readonly string[]): Promise<Record<string, number>> {
    const hits: Record<string, number> = {};
    for (const table of await tableNames(server)) {
      // Ids and hashes are random by construction, so they may hold these digits by chance;
      // a typed value is never written there either.
      const columns = (await columnsOf(server, table)).filter(
        (c) =>
          c.type.toUpperCase() === 'TEXT' &&
          c.name !== 'id' &&
          !c.name.endsWith('_id') &&
          !c.name.includes('hash') &&
          !(table === 'server_secrets' && c.name === 'value'),
      );
      for (const { name: column } of columns) {
        for (const value of values) {
          hits[`${table}.${column} ~ ${value}`] = await server.count(
            `SELECT count(*) AS n FROM "${table}" WHERE lower("${column}") LIKE ?`,
            `%${value}%`,
          );
        }
      }
    }
    return hits;
  }

  it('leaves no trace of what was typed in any response or any table', async () => {
    const agent = await server.signedIn('agent@lifeline.test');
    await agent.verification.sendCode.mutate({
      identifier: 'kyc.todo@example.com',
      ticketRef: 'T-1',
    });
    const realCode = await latestCode(server, await ownerAccountId(server, 'kyc.todo@example.com'));
    const typedCode = realCode === '913791' ? '913792' : '913791';
    const typed = ['9137', 'quokka', typedCode];
    // Demo addresses may contain such digits already: what counts is that nothing is added.
    const before = await textHits(typed);
    expect(Object.keys(before).length).toBeGreaterThan(100);

    const responses: unknown[] = [];
    const record = async (call: Promise<unknown>) => {
      try {
        responses.push(await call);
      } catch (error) {
        // The message and reason, not the request id: a UUID may hold '9137' by chance.
        responses.push({
          message: (error as Error).message,
          reason: (error as { data?: { reason?: unknown } }).data?.reason,
        });
      }
    };
    await record(agent.verification.check.mutate(card('ok.owner@example.com', '9137')));
    await record(
      agent.verification.check.mutate({
        identifier: 'trial.ended@example.com',
        ticketRef: 'T-1',
        factor: { method: 'billing_address', postalCode: 'QZ9137', line1: '77 Impasse Quokka' },
      }),
    );
    await record(
      agent.verification.check.mutate({
        identifier: 'kyc.todo@example.com',
        ticketRef: 'T-1',
        factor: { method: 'email_code', code: typedCode },
      }),
    );
    // A team member typing a card is refused: the refusal must not echo the value either.
    await record(agent.verification.check.mutate(card('two.teams@example.com', '9137')));
    await record(
      agent.accounts.get.query({ accountId: await ownerAccountId(server, 'ok.owner@example.com') }),
    );
    await record(agent.accounts.diagnose.query({ identifier: 'ok.owner@example.com' }));

    expect(responses.slice(0, 3)).toEqual([
      { outcome: 'failed' },
      { outcome: 'failed' },
      { outcome: 'failed' },
    ]);
    const body = JSON.stringify(responses).toLowerCase();
    for (const value of typed) expect(body).not.toContain(value);
    // The attempts are recorded (rows and audit events), their values are not.
    expect(
      await server.count("SELECT count(*) AS n FROM verifications WHERE outcome = 'failed'"),
    ).toBe(3);
    expect(await textHits(typed)).toEqual(before);
  });
});
