import { RETENTION, runJobsOnce } from '@lifeline/api';
import { deleteExpiredRows, EXPIRING_ROWS, verifyAuditChain } from '@lifeline/db';
import { DAY, HOUR, MINUTE } from '@lifeline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, reasonOf, SEEDED_AT, startTestServer, type TestServer } from './harness.ts';

// Housekeeping (SPEC §9's scheduler): the rows that only serve a short window are made by the
// real flows — sign-ins, a wrong password, an email code, a reset link — and deleted once past
// their retention, never before, while the audit keeps what they were for.

const TABLES = EXPIRING_ROWS;
type Counts = Record<(typeof TABLES)[number], number>;

describe('housekeeping of short-lived rows', () => {
  let server: TestServer;
  const count = (table: string) => server.count(`SELECT count(*) AS n FROM ${table}`);
  const counts = async (): Promise<Counts> => {
    const entries: Array<[string, number]> = [];
    for (const table of TABLES) entries.push([table, await count(table)]);
    return Object.fromEntries(entries) as Counts;
  };
  const run = () => runJobsOnce(server.deps, server.clock.now);

  /** One round of the flows that leave short-lived rows, at the clock's time. */
  async function traffic(round: string) {
    const wrong = await reasonOf(
      server.client().auth.login.mutate({ email: 'agent@lifeline.test', password: 'wrong-one' }),
    );
    expect(wrong).toBe('UNAUTHENTICATED');
    const agent = await server.signedIn('agent@lifeline.test');
    await agent.verification.sendCode.mutate({
      identifier: 'new.password@example.com',
      ticketRef: `HK-${round}`,
    });
    const [login] = await server.sql<{ id: string }>(
      "SELECT id FROM logins WHERE identifier = 'ok.owner@example.com'",
    );
    await agent.actions.sendPasswordReset.mutate({
      loginId: login?.id ?? '',
      ticketRef: `HK-${round}`,
      idempotencyKey: `housekeeping-${round}`,
    });
  }

  beforeAll(async () => {
    server = await startTestServer({ accounts: 50 });
  });
  afterAll(() => server.close());

  it('keeps every retention far beyond the window its rows serve', () => {
    // Replays come within minutes, the sign-in throttle looks back 15 minutes, sessions end
    // within 12 hours, codes within 10 minutes and links within the hour.
    expect(RETENTION.idempotency_keys).toBeGreaterThanOrEqual(DAY);
    expect(RETENTION.sign_in_attempts).toBeGreaterThanOrEqual(7 * DAY);
    expect(RETENTION.staff_sessions).toBeGreaterThanOrEqual(DAY);
    expect(RETENTION.verification_codes).toBeGreaterThanOrEqual(HOUR);
    expect(RETENTION.password_reset_tokens).toBeGreaterThanOrEqual(HOUR);
  });

  it('deletes each kind once past its retention, never before', async () => {
    const seeded = await counts();
    await traffic('first');
    const first = await counts();
    for (const table of TABLES) expect(first[table], table).toBeGreaterThan(seeded[table]);
    expect((await run()).housekeeping).toBe(0);
    expect(await counts()).toEqual(first);

    // Two days on: the code and the link (expired within the hour) are gone; the rest stays.
    server.clock.set(SEEDED_AT + 2 * DAY);
    expect((await run()).housekeeping).toBe(first.verification_codes + first.password_reset_tokens);
    expect(await counts()).toMatchObject({
      idempotency_keys: first.idempotency_keys,
      sign_in_attempts: first.sign_in_attempts,
      staff_sessions: first.staff_sessions,
      verification_codes: 0,
      password_reset_tokens: 0,
    });
    await traffic('second');
    const second = await counts();

    // Eight days on: the first round's replays and sessions are gone, the second's stay.
    server.clock.set(SEEDED_AT + 8 * DAY);
    await run();
    expect(await counts()).toMatchObject({
      idempotency_keys: second.idempotency_keys - first.idempotency_keys,
      sign_in_attempts: second.sign_in_attempts,
      staff_sessions: second.staff_sessions - first.staff_sessions,
    });

    // A month on: the first round's sign-in attempts go too.
    server.clock.set(SEEDED_AT + 31 * DAY);
    await run();
    expect(await count('sign_in_attempts')).toBe(second.sign_in_attempts - first.sign_in_attempts);
    // The audit still tells the whole story, and its chain holds.
    const audited = await server.count(
      "SELECT count(*) AS n FROM audit_events WHERE action IN ('verification.send_code', 'login.send_password_reset') AND ticket_ref LIKE 'HK-%'",
    );
    expect(audited).toBeGreaterThanOrEqual(4);
    expect(await verifyAuditChain(server.db.read)).toMatchObject({ ok: true });
  });

  it('still throttles sign-ins and replays actions inside their windows afterwards', async () => {
    server.clock.advance(MINUTE);
    for (let i = 0; i < 5; i++) {
      await reasonOf(
        server.client().auth.login.mutate({ email: 'lead@lifeline.test', password: 'nope' }),
      );
    }
    expect(
      await reasonOf(
        server.client().auth.login.mutate({ email: 'lead@lifeline.test', password: DEMO_PASSWORD }),
      ),
    ).toBe('RATE_LIMITED');
    await run();
    expect(
      await reasonOf(
        server.client().auth.login.mutate({ email: 'lead@lifeline.test', password: DEMO_PASSWORD }),
      ),
    ).toBe('RATE_LIMITED');
  });

  it('deletes in bounded batches, oldest first, rows sharing the edge time together', async () => {
    const insert = (at: number) =>
      server.sql(
        'INSERT INTO sign_in_attempts (email_hash, ip, at, succeeded) VALUES (?, ?, ?, FALSE)',
        'batch@lifeline.test',
        '192.0.2.1',
        at,
      );
    await server.exec('DELETE FROM sign_in_attempts');
    const base = 1_000_000;
    for (let i = 0; i < 25; i++) await insert(base + i);
    await insert(base + 9); // a tie at the first edge
    await insert(base + 100); // not before the cutoff
    const before = base + 100;
    const batch = (limit: number) =>
      server.db.transaction((tx) => deleteExpiredRows(tx, 'sign_in_attempts', before, limit));
    expect(await batch(10)).toEqual({ deleted: 11, more: true });
    expect(await batch(10)).toEqual({ deleted: 10, more: true });
    expect(await batch(10)).toEqual({ deleted: 5, more: false });
    expect(await batch(10)).toEqual({ deleted: 0, more: false });
    expect(await server.sql('SELECT at FROM sign_in_attempts')).toEqual([{ at: base + 100 }]);
  });
});
