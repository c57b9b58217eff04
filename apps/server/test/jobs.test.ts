import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runJobsOnce } from '@lifeline/api';
import {
  enqueueEmail,
  findAuditHead,
  identifierHash,
  PURGED_ADDRESS,
  PURGED_BODY,
  verifyAuditChain,
} from '@lifeline/db';
import { DAY, HOUR, MINUTE } from '@lifeline/domain';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startPeriodic, startScheduler } from '../src/scheduler.ts';
import { SEEDED_AT, startTestServer, type TestServer } from './harness.ts';
import { failDeletesOf } from './test-db.ts';

// One server for the whole file: the clock only moves forward through the suite, the way it
// does in production, and each step checks what the jobs did at that instant.

interface AccountRow {
  id: string;
  status: string;
  version: number;
  deactivated_at: number | null;
  deactivation_reason: string | null;
  purge_after: number | null;
  payment_failed_at: number | null;
}

interface LoginRow {
  id: string;
  account_id: string;
  failed_attempts: number;
  first_failed_at: number | null;
  locked_until: number | null;
  lockout_count: number;
}

interface AuditRow {
  id: number;
  staff_id: string;
  action: string;
  outcome: string;
  account_id: string | null;
  login_id: string | null;
  details: string;
}

describe('scheduled jobs (dunning, lockout expiry, purge)', () => {
  let server: TestServer;
  const ids: Record<string, { accountId: string; loginId: string }> = {};

  const sql = <T = Record<string, unknown>>(query: string, ...params: unknown[]) =>
    server.sql<T>(query, ...params);
  const accountRow = (accountId: string) =>
    server.one<AccountRow>('SELECT * FROM accounts WHERE id = ?', accountId);
  const loginRow = (loginId: string) =>
    server.one<LoginRow>('SELECT * FROM logins WHERE id = ?', loginId);
  const auditOf = (action: string, accountId: string) =>
    sql<AuditRow>(
      'SELECT * FROM audit_events WHERE action = ? AND account_id = ? ORDER BY id',
      action,
      accountId,
    );
  const run = () => runJobsOnce(server.deps, server.clock.now, { batchSize: 7 });

  /** What the console says about an identifier now (a fresh sign-in: the clock jumps hours). */
  async function findingCodes(identifier: string): Promise<string[]> {
    const agent = await server.signedIn('agent@lifeline.test');
    const diagnosis = await agent.accounts.diagnose.query({ identifier });
    return diagnosis.findings.map((finding) => finding.code);
  }

  beforeAll(async () => {
    server = await startTestServer({ accounts: 300 });
    for (const identifier of [
      'window.closed@example.com',
      'asked.to.close@example.com',
      'locked.out@example.com',
      'hard.locked@example.com',
      'limited.dunning@example.com',
    ]) {
      const [row] = await sql<{ id: string; account_id: string }>(
        "SELECT id, account_id FROM logins WHERE identifier = ? AND role = 'owner'",
        identifier,
      );
      if (!row) throw new Error(`scenario ${identifier} missing`);
      ids[identifier] = { accountId: row.account_id, loginId: row.id };
    }
  });
  afterAll(() => server.close());

  const id = (identifier: string) => {
    const found = ids[identifier];
    if (!found) throw new Error(identifier);
    return found;
  };

  it('changes nothing at a fresh start: window.closed stays "window closed"', async () => {
    expect(server.clock.now).toBe(SEEDED_AT);
    const report = await run();
    expect(report).toEqual({ dunning: 0, lockoutExpiry: 0, purge: 0, housekeeping: 0, failed: [] });
    expect((await accountRow(id('window.closed@example.com').accountId))?.status).toBe(
      'deactivated',
    );
    expect(await findingCodes('window.closed@example.com')).toContain('deactivated_window_closed');
    expect(await sql('SELECT * FROM audit_events WHERE action LIKE ?', 'job.%')).toHaveLength(0);
  });

  it('clears a temporary lock once it has run out, and never a permanent one', async () => {
    const lockedOut = id('locked.out@example.com');
    const hardLocked = id('hard.locked@example.com');
    const lockedUntil = (await loginRow(lockedOut.loginId))?.locked_until;
    // Seeded 10 minutes into its 15-minute lock.
    expect(lockedUntil).toBe(SEEDED_AT + 5 * MINUTE);

    server.clock.set(SEEDED_AT + 5 * MINUTE - 1);
    await run();
    expect((await loginRow(lockedOut.loginId))?.locked_until).toBe(lockedUntil);

    server.clock.set(SEEDED_AT + 5 * MINUTE);
    const report = await run();
    expect(report.lockoutExpiry).toBeGreaterThanOrEqual(1);
    expect(await loginRow(lockedOut.loginId)).toMatchObject({
      locked_until: null,
      failed_attempts: 0,
      first_failed_at: null,
      // Still counts toward "3 lockouts in a row".
      lockout_count: 1,
    });
    const [event] = await sql<AuditRow>(
      "SELECT * FROM audit_events WHERE action = 'job.lockout_expiry' AND login_id = ?",
      lockedOut.loginId,
    );
    expect(event).toMatchObject({ staff_id: 'system', outcome: 'succeeded' });
    expect(JSON.parse(event?.details ?? '{}')).toMatchObject({
      before: { lockedUntil },
      after: { lockedUntil: null },
      lockoutCount: 1,
    });
    expect(await findingCodes('locked.out@example.com')).not.toContain('login_locked');

    // The third lockout in a row waits for support, however long the jobs run.
    server.clock.set(SEEDED_AT + 2 * HOUR);
    await run();
    expect(await loginRow(hardLocked.loginId)).toMatchObject({
      locked_until: null,
      lockout_count: 3,
    });
    expect(
      await sql(
        "SELECT * FROM audit_events WHERE action = 'job.lockout_expiry' AND login_id = ?",
        hardLocked.loginId,
      ),
    ).toHaveLength(0);
    expect(await findingCodes('hard.locked@example.com')).toContain('login_locked');
  });

  it('purges nothing in the day between purgeAfter and purgeAfter + 24 h', async () => {
    const windowClosed = id('window.closed@example.com');
    const purgeAfter = (await accountRow(windowClosed.accountId))?.purge_after ?? 0;
    expect(purgeAfter).toBe(SEEDED_AT - 2 * HOUR);

    for (const at of [purgeAfter, purgeAfter + 12 * HOUR, purgeAfter + DAY]) {
      server.clock.set(at);
      expect((await run()).purge).toBe(0);
      expect((await accountRow(windowClosed.accountId))?.status).toBe('deactivated');
    }
    expect(await findingCodes('window.closed@example.com')).toContain('deactivated_window_closed');
  });

  it('turns window.closed into a tombstone once purgeAfter + 24 h has passed', async () => {
    const windowClosed = id('window.closed@example.com');
    const before = await accountRow(windowClosed.accountId);
    // A notification still waiting for delivery: personal data, erased with the account.
    const outboxId = await server.db.transaction((tx) =>
      enqueueEmail(
        tx,
        {
          template: 'password_reset',
          toAddress: 'window.closed@example.com',
          subject: 'Reset your password',
          bodyText: 'Use this link: {{secret}}',
          secret: 'https://example.test/reset/secret-token',
          accountId: windowClosed.accountId,
          loginId: windowClosed.loginId,
        },
        server.clock.now,
      ),
    );

    const now = (before?.purge_after ?? 0) + DAY + 1;
    server.clock.set(now);
    const report = await run();
    // asked.to.close's window closes an hour later: only window.closed is due at this instant.
    expect(report).toMatchObject({ purge: 1, failed: [] });

    expect(await accountRow(windowClosed.accountId)).toBeUndefined();
    expect(await sql('SELECT * FROM logins WHERE account_id = ?', windowClosed.accountId)).toEqual(
      [],
    );
    expect(
      await sql('SELECT * FROM logins WHERE identifier = ?', 'window.closed@example.com'),
    ).toEqual([]);
    for (const table of ['cards', 'billing_addresses', 'charges', 'blocks', 'verifications']) {
      expect(
        await sql(`SELECT * FROM ${table} WHERE account_id = ?`, windowClosed.accountId),
      ).toEqual([]);
    }
    expect(
      await sql('SELECT * FROM tombstones WHERE account_id = ?', windowClosed.accountId),
    ).toEqual([
      {
        account_id: windowClosed.accountId,
        deactivated_at: before?.deactivated_at,
        deactivation_reason: 'owner_cancelled',
        purged_at: now,
      },
    ]);
    const hashes = (
      await sql<{ identifier_hash: string }>(
        'SELECT identifier_hash FROM tombstone_identifiers WHERE account_id = ?',
        windowClosed.accountId,
      )
    ).map((row) => row.identifier_hash);
    // The login and the contact email are the same address here: one hash.
    expect(hashes).toEqual([
      identifierHash(server.deps.identifierHashKey, 'window.closed@example.com'),
    ]);

    const [email] = await sql<Record<string, unknown>>(
      'SELECT * FROM outbox WHERE id = ?',
      outboxId,
    );
    expect(email).toMatchObject({
      to_address: PURGED_ADDRESS,
      body_text: PURGED_BODY,
      secret: null,
      status: 'failed',
    });

    const [event, ...more] = await auditOf('job.purge', windowClosed.accountId);
    expect(more).toHaveLength(0);
    expect(event).toMatchObject({ staff_id: 'system', outcome: 'succeeded' });
    expect(event?.details).not.toContain('window.closed');
    expect(JSON.parse(event?.details ?? '{}')).toMatchObject({
      deactivationReason: 'owner_cancelled',
      erased: { logins: 1, cards: 1, identifierHashes: 1, outboxRedacted: 1 },
    });
    expect(await verifyAuditChain(server.db.read)).toMatchObject({ ok: true });

    expect(await findingCodes('window.closed@example.com')).toEqual(['purged']);
    // A neighbour whose window closes an hour after it is still only "window closed".
    expect((await accountRow(id('asked.to.close@example.com').accountId))?.status).toBe(
      'deactivated',
    );
  });

  it('is idempotent: running again at the same instant changes nothing', async () => {
    const eventsBefore = (await sql('SELECT id FROM audit_events')).length;
    expect(await run()).toEqual({
      dunning: 0,
      lockoutExpiry: 0,
      purge: 0,
      housekeeping: 0,
      failed: [],
    });
    expect(await sql('SELECT id FROM audit_events')).toHaveLength(eventsBefore);
  });

  it('deactivates a limited account at t0 + 90 days exactly, not an hour before', async () => {
    const dunning = id('limited.dunning@example.com');
    const before = await accountRow(dunning.accountId);
    const t0 = before?.payment_failed_at ?? 0;
    expect(t0).toBe(SEEDED_AT - 20 * DAY);

    server.clock.set(t0 + 90 * DAY - HOUR);
    await run();
    expect((await accountRow(dunning.accountId))?.status).toBe('limited');
    expect(await findingCodes('limited.dunning@example.com')).toContain('limited_payment_failed');

    server.clock.set(t0 + 90 * DAY);
    const report = await run();
    expect(report.dunning).toBeGreaterThanOrEqual(1);
    expect(await accountRow(dunning.accountId)).toMatchObject({
      status: 'deactivated',
      deactivation_reason: 'non_payment',
      deactivated_at: t0 + 90 * DAY,
      purge_after: t0 + 90 * DAY + 120 * DAY,
      version: (before?.version ?? 0) + 1,
    });
    const [event] = await auditOf('job.dunning', dunning.accountId);
    expect(event).toMatchObject({ staff_id: 'system', outcome: 'succeeded' });
    expect(JSON.parse(event?.details ?? '{}')).toMatchObject({
      before: { status: 'limited', deactivatedAt: null, version: before?.version },
      after: {
        status: 'deactivated',
        deactivationReason: 'non_payment',
        deactivatedAt: t0 + 90 * DAY,
        version: (before?.version ?? 0) + 1,
      },
    });
    expect(await findingCodes('limited.dunning@example.com')).toContain(
      'deactivated_reactivatable',
    );
  });

  it('makes each change once when two runs race on the same database', async () => {
    // Every generated account deactivated at seeding is due by now, and every limited one
    // reaches its 90 days; limited.dunning (deactivated at +70 d) is not due yet.
    server.clock.set(SEEDED_AT + 150 * DAY);
    const due = await server.count(
      "SELECT count(*) AS n FROM accounts WHERE status = 'deactivated' AND purge_after < ?",
      server.clock.now - DAY,
    );
    expect(due).toBeGreaterThan(7);
    const purgeEventsBefore = await sql(
      'SELECT id FROM audit_events WHERE action = ?',
      'job.purge',
    );

    const [a, b] = await Promise.all([run(), run()]);
    expect(a.failed).toEqual([]);
    expect(b.failed).toEqual([]);
    const purged = a.purge + b.purge;
    expect(purged).toBeGreaterThanOrEqual(due);
    expect(await sql('SELECT id FROM audit_events WHERE action = ?', 'job.purge')).toHaveLength(
      purgeEventsBefore.length + purged,
    );
    expect(
      await sql(
        "SELECT * FROM accounts WHERE status = 'deactivated' AND purge_after < ?",
        server.clock.now - DAY,
      ),
    ).toEqual([]);
    expect(await sql("SELECT * FROM accounts WHERE status = 'limited'")).toEqual([]);
    expect(await verifyAuditChain(server.db.read)).toMatchObject({ ok: true });

    const metrics = await (await fetch(`${server.metricsUrl}/metrics`)).text();
    expect(metrics).toMatch(/lifeline_job_runs_total\{job="purge",outcome="succeeded"\} \d+/);
    expect(metrics).toMatch(/lifeline_job_changes_total\{job="purge"\} \d+/);
  });

  it('runs from the scheduler on its clock until stopped', async () => {
    const dunning = id('limited.dunning@example.com');
    expect((await accountRow(dunning.accountId))?.status).toBe('deactivated');
    server.clock.set(SEEDED_AT + 400 * DAY);
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const checkpointDir = join(server.dir, 'audit-checkpoints');
    const scheduler = startScheduler({ ...server.deps, logger }, 3600, {
      checkpointDir,
      fullCheckHours: 24,
    });
    await vi.waitFor(
      () => expect(lines.some((line) => line.includes('"msg":"audit checkpoint"'))).toBe(true),
      { timeout: 10_000, interval: 20 },
    );
    await scheduler.stop();
    expect(await sql("SELECT * FROM accounts WHERE status = 'deactivated'")).toEqual([]);
    expect(await accountRow(dunning.accountId)).toBeUndefined();
    expect(await auditOf('job.purge', dunning.accountId)).toHaveLength(1);
    expect(await verifyAuditChain(server.db.read)).toMatchObject({ ok: true });
    // The head after the pass is signed, logged and appended to the checkpoint folder: the
    // anchor a truncation or a rewrite cannot fake.
    const head = await findAuditHead(server.db.read);
    const logged = lines
      .map(
        (line) =>
          JSON.parse(line) as {
            msg: string;
            auditCheckpoint?: { lastEventId: number; chainHash: string };
          },
      )
      .filter((entry) => entry.msg === 'audit checkpoint');
    expect(logged.map((entry) => entry.auditCheckpoint?.lastEventId)).toEqual([head?.id]);
    expect(logged[0]?.auditCheckpoint?.chainHash).toBe(head?.hash);
    const folder = readFileSync(join(checkpointDir, 'checkpoints.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(folder.map((line) => JSON.parse(line))).toEqual(logged.map((e) => e.auditCheckpoint));
    // The full check ran too, off the request path, and found the chain whole.
    expect(lines.some((line) => line.includes('"msg":"audit chain: full check passed"'))).toBe(
      true,
    );
    const metrics = await (await fetch(`${server.metricsUrl}/metrics`)).text();
    expect(metrics).toContain(`lifeline_audit_head_id ${head?.id}`);
  });
});

describe('a purge that fails on one account', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ accounts: 0 });
  });
  afterAll(() => server.close());

  it('rolls that account back whole, purges the others, and reports the job failed', async () => {
    const sql = <T = Record<string, unknown>>(query: string, ...params: unknown[]) =>
      server.sql<T>(query, ...params);
    const [victim] = await sql<{ account_id: string }>(
      'SELECT account_id FROM logins WHERE identifier = ?',
      'cancelled.recent@example.com',
    );
    const accountId = victim?.account_id ?? '';
    // A failure at the very end of its transaction (the account row's delete), on the
    // connection the jobs write with: everything before it in that transaction must go too.
    const restoreDeletes = await failDeletesOf(server, 'accounts', accountId);
    server.clock.set(SEEDED_AT + 200 * DAY);
    // Every deactivated scenario is due by now, and limited.dunning too (deactivated at +70 d
    // by the same pass, purge due after +191 d).
    const due = (await sql("SELECT id FROM accounts WHERE status IN ('deactivated', 'limited')"))
      .length;

    const report = await runJobsOnce(server.deps, server.clock.now);
    expect(report.failed).toEqual(['purge']);
    expect(report.purge).toBe(due - 1);
    expect(await sql('SELECT id, status FROM accounts WHERE id = ?', accountId)).toEqual([
      { id: accountId, status: 'deactivated' },
    ]);
    expect(await sql('SELECT id FROM logins WHERE account_id = ?', accountId)).toHaveLength(1);
    expect(await sql('SELECT * FROM cards WHERE account_id = ?', accountId)).toHaveLength(1);
    expect(await sql('SELECT * FROM tombstones WHERE account_id = ?', accountId)).toEqual([]);
    expect(
      await sql('SELECT * FROM tombstone_identifiers WHERE account_id = ?', accountId),
    ).toEqual([]);
    expect(
      await sql(
        "SELECT * FROM audit_events WHERE action = 'job.purge' AND account_id = ?",
        accountId,
      ),
    ).toEqual([]);

    await restoreDeletes();
    expect(await runJobsOnce(server.deps, server.clock.now)).toEqual({
      dunning: 0,
      lockoutExpiry: 0,
      purge: 1,
      housekeeping: 0,
      failed: [],
    });
    expect(await verifyAuditChain(server.db.read)).toMatchObject({ ok: true });
  });
});

describe('the periodic runner under the scheduler and the outbox sender', () => {
  it('never overlaps passes, survives a failing pass, and stop() waits for the running one', async () => {
    let active = 0;
    let maxActive = 0;
    let passes = 0;
    const periodic = startPeriodic(
      'test',
      1,
      async () => {
        passes += 1;
        active += 1;
        maxActive = Math.max(maxActive, active);
        await new Promise((resolve) => setTimeout(resolve, 5));
        active -= 1;
        if (passes === 2) throw new Error('a failing pass');
      },
      pino({ level: 'silent' }),
    );
    await vi.waitFor(() => expect(passes).toBeGreaterThanOrEqual(5), { timeout: 10_000 });
    await periodic.stop();
    expect(active).toBe(0);
    expect(maxActive).toBe(1);
    const stoppedAt = passes;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(passes).toBe(stoppedAt);
  });
});
