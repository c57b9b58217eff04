import { verificationCodeTimesQuery } from '@lifeline/db';
import { MINUTE } from '@lifeline/domain';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  reasonOf,
  SEEDED_AT,
  startTestServer,
  type TestClient,
  type TestServer,
} from './harness.ts';
import { TEST_ENGINE } from './test-db.ts';

// Security review (issue 12): `verification.sendCode` could flood a customer with codes. At most
// 3 codes per login in 10 minutes, whoever sends them; the 4th is RATE_LIMITED, says until when,
// and is on the audit record.

async function ownerLogin(server: TestServer, identifier: string) {
  const [row] = await server.sql<{ loginId: string; accountId: string }>(
    `SELECT id AS "loginId", account_id AS "accountId" FROM logins WHERE identifier = ? AND role = 'owner'`,
    identifier,
  );
  if (!row) throw new Error(`no owner login ${identifier}`);
  return row;
}

async function codesSent(server: TestServer, loginId: string): Promise<number> {
  return (await server.sql('SELECT id FROM verification_codes WHERE login_id = ?', loginId)).length;
}

async function emailsSent(server: TestServer, loginId: string): Promise<number> {
  return (
    await server.sql(
      "SELECT id FROM outbox WHERE template = 'verification_code' AND login_id = ?",
      loginId,
    )
  ).length;
}

async function refusalOf(call: Promise<unknown>): Promise<{ reason: string; message: string }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCClientError) {
      return {
        reason: String((error.data as { reason?: string } | undefined)?.reason),
        message: error.message,
      };
    }
    throw error;
  }
  return { reason: 'none', message: '' };
}

describe('verification.sendCode: 3 codes per login per 10 minutes, all staff together', () => {
  let server: TestServer;
  let agent: TestClient;
  let agent2: TestClient;
  beforeAll(async () => {
    server = await startTestServer({ accounts: 0 });
    agent = await server.signedIn('agent@lifeline.test');
    agent2 = await server.signedIn('agent2@lifeline.test');
  });
  afterAll(() => server.close());

  it('sends three, refuses the fourth (audited, saying until when), and sends again once the oldest is 10 minutes old', async () => {
    const identifier = 'kyc.todo@example.com';
    const login = await ownerLogin(server, identifier);
    const t0 = server.clock.now;
    expect(t0).toBe(SEEDED_AT);

    await agent.verification.sendCode.mutate({ identifier, ticketRef: 'T-1' });
    server.clock.advance(2 * MINUTE);
    // Another agent, another ticket: the same customer's inbox, so the same count.
    await agent2.verification.sendCode.mutate({ identifier, ticketRef: 'T-2' });
    server.clock.advance(3 * MINUTE);
    await agent.verification.sendCode.mutate({ identifier, ticketRef: 'T-1' });
    expect(await codesSent(server, login.loginId)).toBe(3);

    server.clock.advance(1 * MINUTE);
    const refused = await refusalOf(
      agent2.verification.sendCode.mutate({ identifier, ticketRef: 'T-2' }),
    );
    expect(refused.reason).toBe('RATE_LIMITED');
    // The oldest code (12:00 UTC) leaves the window at 12:10 UTC.
    expect(refused.message).toContain('try again after 12:10 UTC');
    expect(await codesSent(server, login.loginId)).toBe(3);
    expect(await emailsSent(server, login.loginId)).toBe(3);

    const [event] = await server.sql<Record<string, unknown>>(
      "SELECT * FROM audit_events WHERE action = 'verification.send_code' AND outcome = 'refused' ORDER BY id DESC",
    );
    expect(event).toMatchObject({
      reason: 'RATE_LIMITED',
      account_id: login.accountId,
      login_id: login.loginId,
      ticket_ref: 'T-2',
    });
    expect(JSON.parse(String(event?.details))).toMatchObject({
      method: 'email_code',
      retryAt: new Date(t0 + 10 * MINUTE).toISOString(),
    });

    // One millisecond before the oldest code is 10 minutes old: still three in the window.
    server.clock.set(t0 + 10 * MINUTE - 1);
    expect(
      await reasonOf(agent.verification.sendCode.mutate({ identifier, ticketRef: 'T-1' })),
    ).toBe('RATE_LIMITED');
    server.clock.set(t0 + 10 * MINUTE);
    expect(
      (await agent.verification.sendCode.mutate({ identifier, ticketRef: 'T-1' })).sentTo,
    ).toBe('k•••@example.com');
    expect(await codesSent(server, login.loginId)).toBe(4);
  });

  it('counts per login: another customer is not held back by it', async () => {
    const identifier = 'new.password@example.com';
    const login = await ownerLogin(server, identifier);
    for (let i = 0; i < 3; i += 1) {
      await agent.verification.sendCode.mutate({ identifier, ticketRef: 'T-3' });
    }
    expect(
      await reasonOf(agent.verification.sendCode.mutate({ identifier, ticketRef: 'T-3' })),
    ).toBe('RATE_LIMITED');
    expect(await codesSent(server, login.loginId)).toBe(3);
    expect(
      (await agent.verification.sendCode.mutate({ identifier: 'jdupont', ticketRef: 'T-3' }))
        .sentTo,
    ).toBe('j•••@example.fr');
  });
});

describe('the count behind the limit', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ accounts: 0 });
  });
  afterAll(() => server.close());

  // SQLite only: the plan is SQLite's EXPLAIN QUERY PLAN.
  it.runIf(TEST_ENGINE === 'sqlite')(
    'reads the codes of one login through the (login_id, created_at) index',
    async () => {
      const { sql, params } = verificationCodeTimesQuery(
        server.db.read,
        'lgn_0000000000000000',
        SEEDED_AT - 10 * MINUTE,
      ).toSQL();
      const plan = await server.sql<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, ...params);
      const details = plan.map((step) => step.detail).join('\n');
      expect(details).toMatch(
        /SEARCH verification_codes USING (COVERING )?INDEX verification_codes_login_at_idx \(login_id=\? AND created_at>\?\)/,
      );
      // Already in created_at order: no sort step.
      expect(details).not.toContain('TEMP B-TREE');
    },
  );
});
