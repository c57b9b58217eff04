import { appendAuditEvent, newId } from '@lifeline/db';
import { DAY, HOUR, MINUTE } from '@lifeline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  jarOf,
  reasonOf,
  SEEDED_AT,
  startTestServer,
  type TestClient,
  type TestServer,
} from './harness.ts';
import { dropAppendOnlyGuard } from './test-db.ts';

// The lead pages over real HTTP (SPEC §8, §15): identity-check queue and decisions, the
// reactivation review queue, alerts, the audit log and its report, and the outbox. Rows that
// other procedures create (reviews, alerts, verifications, emails with secrets) are inserted
// directly, so these tests do not depend on how those procedures evolve.

type Row = Record<string, unknown>;

let keyCounter = 0;
function key(): string {
  keyCounter += 1;
  return `lead-key-${String(keyCounter).padStart(6, '0')}`;
}

let server: TestServer;
let lead: TestClient;
let agent: TestClient;
let admin: TestClient;
const staffIds: Record<string, string> = {};

async function ownerOf(identifier: string) {
  const row = (await server.one(
    `SELECT id AS "loginId", account_id AS "accountId" FROM logins WHERE identifier = ? AND role = 'owner'`,
    identifier,
  )) as { loginId: string; accountId: string } | undefined;
  if (!row) throw new Error(`no owner login ${identifier}`);
  return row;
}

async function checkOf(identifier: string) {
  const { accountId } = await ownerOf(identifier);
  return (await server.one(
    `SELECT c.id AS "checkId", c.block_id AS "blockId", c.status, c.submitted_at AS "submittedAt",
              c.decided_by AS "decidedBy", b.lifted_at AS "liftedAt", b.lifted_by AS "liftedBy"
       FROM identity_checks c JOIN blocks b ON b.id = c.block_id WHERE c.account_id = ?`,
    accountId,
  )) as {
    checkId: string;
    blockId: string;
    status: string;
    submittedAt: number | null;
    decidedBy: string | null;
    liftedAt: number | null;
    liftedBy: string | null;
  };
}

function auditRows(where: string, ...params: unknown[]): Promise<Row[]> {
  return server.sql(`SELECT * FROM audit_events WHERE ${where} ORDER BY id`, ...params);
}

/** A reactivation as the actions service records it: its audit event, then its review row. */
async function insertReactivationReview(input: {
  agentId: string;
  reactivatedAt: number;
  daysLeft: number;
  status?: 'open' | 'reviewed_ok' | 'concern';
  identifier?: string;
  ticketRef?: string;
}): Promise<string> {
  const { accountId } = await ownerOf(input.identifier ?? 'cancelled.recent@example.com');
  const verificationId = newId('ver');
  const ticketRef = input.ticketRef ?? `TCK-${input.daysLeft}`;
  const event = await server.db.transaction((tx) =>
    appendAuditEvent(tx, {
      at: input.reactivatedAt,
      staffId: input.agentId,
      action: 'account.reactivate',
      outcome: 'succeeded',
      accountId,
      ticketRef,
      verificationId,
      details: { status: { before: 'deactivated', after: 'active' } },
    }),
  );
  const id = newId('rev');
  await server.sql(
    `INSERT INTO reactivation_reviews (id, audit_event_id, account_id, agent_id, ticket_ref,
         verification_id, verification_method, verified_at, deactivation_reason, days_left,
         reactivated_at, status)
       VALUES (?, ?, ?, ?, ?, ?, 'card_last4', ?, 'owner_cancelled', ?, ?, ?)`,
    id,
    event.id,
    accountId,
    input.agentId,
    ticketRef,
    verificationId,
    input.reactivatedAt - 2 * MINUTE,
    input.daysLeft,
    input.reactivatedAt,
    input.status ?? 'open',
  );
  return id;
}

beforeAll(async () => {
  server = await startTestServer({ accounts: 0 });
  lead = await server.signedIn('lead@lifeline.test');
  agent = await server.signedIn('agent@lifeline.test');
  await server.signedIn('agent2@lifeline.test');
  admin = await server.signedIn('admin@lifeline.test');
  for (const row of (await server.sql('SELECT id, email FROM staff')) as Row[]) {
    staffIds[String(row.email)] = String(row.id);
  }
});
afterAll(() => server.close());

describe('identityChecks.queue', () => {
  it('lists submitted checks by due time with SLA state, then the ones not started, flagged', async () => {
    const { items } = await lead.identityChecks.queue.query();
    expect(items.map((i) => i.ownerIdentifier)).toEqual([
      'kyc.pending@example.com',
      'kyc.todo@example.com',
    ]);
    const [pending, todo] = items;
    expect(pending).toMatchObject({
      status: 'submitted',
      accountId: (await ownerOf('kyc.pending@example.com')).accountId,
      submittedAt: SEEDED_AT - 30 * HOUR,
      dueAt: SEEDED_AT + 18 * HOUR,
      overdue: false,
      hoursLeft: 18,
      awaitingSubmission: false,
    });
    expect(todo).toMatchObject({
      status: 'not_started',
      submittedAt: null,
      dueAt: null,
      overdue: false,
      hoursLeft: null,
      awaitingSubmission: true,
    });
  });

  it('orders several submitted checks by due time and marks the overdue ones', async () => {
    // A second submitted check, submitted earlier: due first, and past its 48 hours.
    const { accountId } = await ownerOf('ok.owner@example.com');
    const blockId = newId('blk');
    const checkId = newId('idc');
    await server.sql(
      `INSERT INTO blocks (id, account_id, kind, placed_at, placed_by) VALUES (?, ?, 'identity_check_required', ?, 'system')`,
      blockId,
      accountId,
      SEEDED_AT - 4 * DAY,
    );
    await server.sql(
      `INSERT INTO identity_checks (id, block_id, account_id, status, submitted_at) VALUES (?, ?, ?, 'submitted', ?)`,
      checkId,
      blockId,
      accountId,
      SEEDED_AT - 50 * HOUR,
    );
    try {
      const { items } = await lead.identityChecks.queue.query({ limit: 10 });
      expect(items.map((i) => i.checkId).slice(0, 2)).toEqual([
        checkId,
        (await checkOf('kyc.pending@example.com')).checkId,
      ]);
      expect(items[0]).toMatchObject({ overdue: true, hoursLeft: 0 });
      expect(items[1]).toMatchObject({ overdue: false, hoursLeft: 18 });
      const limited = await lead.identityChecks.queue.query({ limit: 1 });
      expect(limited.items.map((i) => i.checkId)).toEqual([checkId]);
    } finally {
      await server.sql('DELETE FROM identity_checks WHERE id = ?', checkId);
      await server.sql('DELETE FROM blocks WHERE id = ?', blockId);
    }
  });

  it('is for leads and admins only', async () => {
    expect(await reasonOf(agent.identityChecks.queue.query())).toBe('FORBIDDEN_ROLE');
    expect(await reasonOf(admin.identityChecks.queue.query())).toBe('none');
  });
});

describe('identityChecks.decide', () => {
  it('refuses a check that was not submitted (BLOCK_NOT_LIFTABLE) and audits the refusal', async () => {
    const todo = await checkOf('kyc.todo@example.com');
    const reason = await reasonOf(
      lead.identityChecks.decide.mutate({
        checkId: todo.checkId,
        decision: 'approve',
        note: 'Documents look fine',
        ticketRef: 'TCK-KYC-0',
        idempotencyKey: key(),
      }),
    );
    expect(reason).toBe('BLOCK_NOT_LIFTABLE');
    expect(await checkOf('kyc.todo@example.com')).toMatchObject({
      status: 'not_started',
      liftedAt: null,
    });
    const refused = await auditRows(
      "action = 'identity_check.decide' AND outcome = 'refused' AND ticket_ref = 'TCK-KYC-0'",
    );
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({
      staff_id: staffIds['lead@lifeline.test'],
      reason: 'BLOCK_NOT_LIFTABLE',
      account_id: (await ownerOf('kyc.todo@example.com')).accountId,
    });
  });

  it('refuses agents, unknown checks and a blank note', async () => {
    const pending = await checkOf('kyc.pending@example.com');
    const base = { decision: 'approve' as const, ticketRef: 'TCK-KYC-1', idempotencyKey: key() };
    expect(
      await reasonOf(
        agent.identityChecks.decide.mutate({ ...base, checkId: pending.checkId, note: 'ok' }),
      ),
    ).toBe('FORBIDDEN_ROLE');
    expect(
      await reasonOf(
        lead.identityChecks.decide.mutate({
          ...base,
          idempotencyKey: key(),
          checkId: 'idc_0000000000000000',
          note: 'ok',
        }),
      ),
    ).toBe('NOT_FOUND');
    expect(
      await reasonOf(
        lead.identityChecks.decide.mutate({
          ...base,
          idempotencyKey: key(),
          checkId: pending.checkId,
          note: '   ',
        }),
      ),
    ).toBe('INVALID_INPUT');
    expect((await checkOf('kyc.pending@example.com')).status).toBe('submitted');
  });

  it('approves kyc.pending: block lifted, version bumped, owner emailed, diagnosis clear; replay is a no-op', async () => {
    const { accountId } = await ownerOf('kyc.pending@example.com');
    const before = await lead.accounts.diagnose.query({ identifier: 'kyc.pending@example.com' });
    expect(before.findings.map((f) => f.code)).toContain('identity_check_required');
    const versionBefore = (
      (await server.one('SELECT version FROM accounts WHERE id = ?', accountId)) as Row
    ).version as number;

    server.clock.advance(5 * MINUTE);
    const pending = await checkOf('kyc.pending@example.com');
    const input = {
      checkId: pending.checkId,
      decision: 'approve' as const,
      note: 'Passport and selfie match',
      ticketRef: 'TCK-KYC-2',
      idempotencyKey: key(),
    };
    const result = await lead.identityChecks.decide.mutate(input);
    const leadId = staffIds['lead@lifeline.test'];
    expect(result.check).toMatchObject({
      id: pending.checkId,
      status: 'approved',
      decidedBy: leadId,
    });
    expect(result.block).toMatchObject({
      id: pending.blockId,
      liftedAt: server.clock.now,
      liftedBy: leadId,
    });
    expect(result.account).toEqual({ id: accountId, version: versionBefore + 1 });

    expect(await checkOf('kyc.pending@example.com')).toMatchObject({
      status: 'approved',
      decidedBy: leadId,
      liftedAt: server.clock.now,
      liftedBy: leadId,
    });
    const events = await auditRows(
      "action = 'identity_check.decide' AND outcome = 'succeeded' AND account_id = ?",
      accountId,
    );
    expect(events).toHaveLength(1);
    expect(JSON.parse(String(events[0]?.details))).toMatchObject({
      decision: 'approve',
      status: { before: 'submitted', after: 'approved' },
      blockLifted: true,
    });
    const emails = (await server.sql(
      "SELECT to_address, audit_event_id FROM outbox WHERE template = 'identity_check_decided'",
    )) as Row[];
    expect(emails).toEqual([
      { to_address: 'kyc.pending@example.com', audit_event_id: events[0]?.id },
    ]);

    const after = await lead.accounts.diagnose.query({ identifier: 'kyc.pending@example.com' });
    expect(after.findings.map((f) => f.code)).not.toContain('identity_check_required');

    // Same key, same input: the stored result, nothing done twice.
    const replay = await lead.identityChecks.decide.mutate(input);
    expect(replay).toEqual(result);
    expect(
      await auditRows(
        "action = 'identity_check.decide' AND outcome = 'succeeded' AND account_id = ?",
        accountId,
      ),
    ).toHaveLength(1);

    // Decided now: it leaves the queue, and deciding it again is refused.
    const queue = await lead.identityChecks.queue.query();
    expect(queue.items.map((i) => i.checkId)).not.toContain(pending.checkId);
    expect(
      await reasonOf(lead.identityChecks.decide.mutate({ ...input, idempotencyKey: key() })),
    ).toBe('BLOCK_NOT_LIFTABLE');
  });

  it('rejects with a note: the block stays, the owner is told', async () => {
    const { accountId } = await ownerOf('kyc.todo@example.com');
    const todo = await checkOf('kyc.todo@example.com');
    await server.sql(
      "UPDATE identity_checks SET status = 'submitted', submitted_at = ? WHERE id = ?",
      server.clock.now - HOUR,
      todo.checkId,
    );
    const result = await lead.identityChecks.decide.mutate({
      checkId: todo.checkId,
      decision: 'reject',
      note: 'Document is expired',
      ticketRef: 'TCK-KYC-3',
      idempotencyKey: key(),
    });
    expect(result.check.status).toBe('rejected');
    expect(result.block.liftedAt).toBeNull();
    expect(await checkOf('kyc.todo@example.com')).toMatchObject({
      status: 'rejected',
      liftedAt: null,
    });
    const email = (await server.one(
      "SELECT subject FROM outbox WHERE template = 'identity_check_decided' AND account_id = ?",
      accountId,
    )) as Row;
    expect(email.subject).toMatch(/another look/);
  });
});

describe('reviews', () => {
  let agentReviewOld: string;
  let agentReviewNew: string;
  let leadOwnReview: string;
  let agent2Review: string;

  beforeAll(async () => {
    agentReviewOld = await insertReactivationReview({
      agentId: staffIds['agent@lifeline.test'] ?? '',
      reactivatedAt: SEEDED_AT - 3 * DAY,
      daysLeft: 100,
    });
    agentReviewNew = await insertReactivationReview({
      agentId: staffIds['agent@lifeline.test'] ?? '',
      reactivatedAt: SEEDED_AT - 1 * DAY,
      daysLeft: 5,
    });
    agent2Review = await insertReactivationReview({
      agentId: staffIds['agent2@lifeline.test'] ?? '',
      reactivatedAt: SEEDED_AT - 2 * DAY,
      daysLeft: 40,
      status: 'reviewed_ok',
    });
    leadOwnReview = await insertReactivationReview({
      agentId: staffIds['lead@lifeline.test'] ?? '',
      reactivatedAt: SEEDED_AT - 4 * DAY,
      daysLeft: 60,
    });
  });

  it('lists open reviews first, newest first, with agent, ticket, verification, reason and days left', async () => {
    const { items, coverage } = await lead.reviews.queue.query();
    expect(items.map((i) => i.id)).toEqual([
      agentReviewNew,
      agentReviewOld,
      leadOwnReview,
      agent2Review,
    ]);
    expect(items[0]).toMatchObject({
      agentId: staffIds['agent@lifeline.test'],
      agentName: 'Alex Agent',
      ticketRef: 'TCK-5',
      verificationMethod: 'card_last4',
      verifiedAt: SEEDED_AT - 1 * DAY - 2 * MINUTE,
      deactivationReason: 'owner_cancelled',
      daysLeft: 5,
      reactivatedAt: SEEDED_AT - 1 * DAY,
      status: 'open',
    });
    expect(coverage).toContainEqual({
      agentId: staffIds['agent2@lifeline.test'],
      agentName: 'Sam Second',
      total: 1,
      reviewed: 1,
      coverage: 1,
      openConcerns: 0,
    });
    expect(coverage).toContainEqual(
      expect.objectContaining({ agentId: staffIds['agent@lifeline.test'], total: 2, reviewed: 0 }),
    );
  });

  it('pages by keyset, one at a time, in the same order, and filters by status and agent', async () => {
    const all = (await lead.reviews.queue.query()).items.map((i) => i.id);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await lead.reviews.queue.query({ limit: 1, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(all);

    const reviewedOnly = await lead.reviews.queue.query({ status: 'reviewed_ok' });
    expect(reviewedOnly.items.map((i) => i.id)).toEqual([agent2Review]);
    const agentOnly = await lead.reviews.queue.query({
      agentId: staffIds['agent@lifeline.test'] ?? '',
    });
    expect(agentOnly.items.map((i) => i.id)).toEqual([agentReviewNew, agentReviewOld]);
    expect(await reasonOf(lead.reviews.queue.query({ cursor: 'not-a-cursor' }))).toBe(
      'INVALID_INPUT',
    );
    expect(await reasonOf(agent.reviews.queue.query())).toBe('FORBIDDEN_ROLE');
  });

  it('refuses a lead reviewing their own reactivation, and audits the refusal', async () => {
    const call = lead.reviews.mark.mutate({ reviewId: leadOwnReview, status: 'reviewed_ok' });
    await expect(call).rejects.toThrow(/yourself/);
    expect(
      await reasonOf(lead.reviews.mark.mutate({ reviewId: leadOwnReview, status: 'reviewed_ok' })),
    ).toBe('FORBIDDEN_ROLE');
    const row = (await server.one(
      'SELECT status FROM reactivation_reviews WHERE id = ?',
      leadOwnReview,
    )) as Row;
    expect(row.status).toBe('open');
    const refused = await auditRows(
      "action = 'review.mark' AND outcome = 'refused' AND reason = 'FORBIDDEN_ROLE'",
    );
    expect(refused.length).toBe(2);
    expect(JSON.parse(String(refused[0]?.details))).toMatchObject({ reviewId: leadOwnReview });
    // Another lead (here the admin) may review it.
    expect(
      await reasonOf(admin.reviews.mark.mutate({ reviewId: leadOwnReview, status: 'reviewed_ok' })),
    ).toBe('none');
  });

  it('marks reviewed_ok with reviewer and time, in one transaction with its audit event', async () => {
    server.clock.advance(MINUTE);
    const result = await lead.reviews.mark.mutate({
      reviewId: agentReviewOld,
      status: 'reviewed_ok',
      note: 'Verified by card, customer asked',
    });
    expect(result.review).toMatchObject({
      id: agentReviewOld,
      status: 'reviewed_ok',
      reviewedBy: staffIds['lead@lifeline.test'],
      reviewedAt: server.clock.now,
    });
    const row = (await server.one(
      'SELECT status, reviewed_by, reviewed_at, note FROM reactivation_reviews WHERE id = ?',
      agentReviewOld,
    )) as Row;
    expect(row).toEqual({
      status: 'reviewed_ok',
      reviewed_by: staffIds['lead@lifeline.test'],
      reviewed_at: server.clock.now,
      note: 'Verified by card, customer asked',
    });
    const events = await auditRows(
      "action = 'review.mark' AND outcome = 'succeeded' AND details LIKE ?",
      `%${agentReviewOld}%`,
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      ticket_ref: 'TCK-100',
      staff_id: staffIds['lead@lifeline.test'],
    });
    // A review found fine is final.
    expect(
      await reasonOf(
        lead.reviews.mark.mutate({ reviewId: agentReviewOld, status: 'concern', note: 'x' }),
      ),
    ).toBe('INVALID_INPUT');
    expect(
      await reasonOf(
        agent.reviews.mark.mutate({ reviewId: agentReviewNew, status: 'reviewed_ok' }),
      ),
    ).toBe('FORBIDDEN_ROLE');
    expect(
      await reasonOf(
        lead.reviews.mark.mutate({ reviewId: 'rev_0000000000000000', status: 'reviewed_ok' }),
      ),
    ).toBe('NOT_FOUND');
  });

  it('needs a note for a concern, which stays open in the coverage until settled', async () => {
    expect(
      await reasonOf(lead.reviews.mark.mutate({ reviewId: agentReviewNew, status: 'concern' })),
    ).toBe('INVALID_INPUT');
    await lead.reviews.mark.mutate({
      reviewId: agentReviewNew,
      status: 'concern',
      note: 'Reactivated 5 days before purge without a ticket note',
    });
    const agentId = staffIds['agent@lifeline.test'];
    let coverage = (await lead.reviews.queue.query()).coverage.find((c) => c.agentId === agentId);
    expect(coverage).toMatchObject({ total: 2, reviewed: 2, coverage: 1, openConcerns: 1 });
    // Settling the concern needs a note too.
    expect(
      await reasonOf(lead.reviews.mark.mutate({ reviewId: agentReviewNew, status: 'reviewed_ok' })),
    ).toBe('INVALID_INPUT');
    await lead.reviews.mark.mutate({
      reviewId: agentReviewNew,
      status: 'reviewed_ok',
      note: 'Ticket note added; customer confirmed',
    });
    coverage = (await lead.reviews.queue.query()).coverage.find((c) => c.agentId === agentId);
    expect(coverage).toMatchObject({ openConcerns: 0 });
  });
});

describe('alerts.list', () => {
  it('lists active verification locks and throttled staff newest first, with failure counts; expired on request', async () => {
    const now = server.clock.now;
    const locked = await ownerOf('ok.owner@example.com');
    const agentId = staffIds['agent2@lifeline.test'] ?? '';
    const insertVerification = (...values: unknown[]) =>
      server.sql(
        `INSERT INTO verifications (id, staff_id, login_id, account_id, ticket_ref, method, outcome, created_at)
         VALUES (?, ?, ?, ?, 'TCK-AL', 'card_last4', ?, ?)`,
        ...values,
      );
    for (const minutesAgo of [30, 20, 10]) {
      await insertVerification(
        newId('ver'),
        agentId,
        locked.loginId,
        locked.accountId,
        'failed',
        now - minutesAgo * MINUTE,
      );
    }
    // Outside the hour before the alert: not counted.
    await insertVerification(
      newId('ver'),
      agentId,
      locked.loginId,
      locked.accountId,
      'failed',
      now - 2 * HOUR,
    );
    const insertAlert = (...values: unknown[]) =>
      server.sql(
        'INSERT INTO alerts (id, kind, account_id, staff_id, raised_at, until) VALUES (?, ?, ?, ?, ?, ?)',
        ...values,
      );
    const lockAlert = newId('alr');
    const throttleAlert = newId('alr');
    const expiredAlert = newId('alr');
    await insertAlert(
      lockAlert,
      'verification_locked',
      locked.accountId,
      null,
      now - 10 * MINUTE,
      now + 15 * MINUTE,
    );
    await insertAlert(
      throttleAlert,
      'staff_throttled',
      null,
      agentId,
      now - 5 * MINUTE,
      now + 20 * MINUTE,
    );
    await insertAlert(
      expiredAlert,
      'verification_locked',
      locked.accountId,
      null,
      now - 3 * HOUR,
      now - 2 * HOUR,
    );

    const { items } = await lead.alerts.list.query();
    expect(items.map((a) => a.id)).toEqual([throttleAlert, lockAlert]);
    expect(items[0]).toMatchObject({
      kind: 'staff_throttled',
      active: true,
      until: now + 20 * MINUTE,
      failures: 3,
      account: null,
      staff: { staffId: agentId, email: 'agent2@lifeline.test', displayName: 'Sam Second' },
    });
    expect(items[1]).toMatchObject({
      kind: 'verification_locked',
      raisedAt: now - 10 * MINUTE,
      until: now + 15 * MINUTE,
      failures: 3,
      account: { accountId: locked.accountId, ownerIdentifier: 'ok.owner@example.com' },
      staff: null,
    });

    const history = await lead.alerts.list.query({ includeExpired: true });
    expect(history.items.map((a) => a.id)).toEqual([throttleAlert, lockAlert, expiredAlert]);
    expect(history.items[2]).toMatchObject({ active: false, failures: 0 });

    // An alert ends at `until` (a short move: sessions idle out after 30 minutes).
    server.clock.advance(15 * MINUTE);
    expect((await lead.alerts.list.query()).items.map((a) => a.id)).toEqual([throttleAlert]);
    server.clock.advance(5 * MINUTE);
    expect((await lead.alerts.list.query()).items).toEqual([]);
    expect(await reasonOf(agent.alerts.list.query())).toBe('FORBIDDEN_ROLE');
  });
});

describe('audit.list', () => {
  it('shows agents only their own events, even when they ask for someone else', async () => {
    const agentId = staffIds['agent@lifeline.test'];
    const own = await agent.audit.list.query();
    expect(own.items.length).toBeGreaterThan(0);
    expect(new Set(own.items.map((i) => i.staffId))).toEqual(new Set([agentId]));
    const asked = await agent.audit.list.query({ staffId: staffIds['lead@lifeline.test'] ?? '' });
    expect(asked.items.length).toBeGreaterThan(0);
    expect(new Set(asked.items.map((i) => i.staffId))).toEqual(new Set([agentId]));
  });

  it('lets leads see everyone and filter by staff, action, account and date range', async () => {
    const all = await lead.audit.list.query({ limit: 200 });
    expect(new Set(all.items.map((i) => i.staffId)).size).toBeGreaterThan(2);
    expect(all.items[0]).toEqual(
      expect.objectContaining({
        id: expect.any(Number),
        at: expect.any(Number),
        staffId: expect.any(String),
        action: expect.any(String),
        outcome: expect.any(String),
        details: expect.any(Object),
      }),
    );
    const ids = all.items.map((i) => i.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));

    const agent2Id = staffIds['agent2@lifeline.test'];
    const byStaff = await lead.audit.list.query({ staffId: agent2Id ?? '' });
    expect(byStaff.items.length).toBeGreaterThan(0);
    expect(byStaff.items.every((i) => i.staffId === agent2Id)).toBe(true);
    expect(byStaff.items[0]?.staffName).toBe('Sam Second');

    const decisions = await lead.audit.list.query({ action: 'identity_check.decide' });
    expect(decisions.items.length).toBeGreaterThanOrEqual(3);
    expect(decisions.items.every((i) => i.action === 'identity_check.decide')).toBe(true);

    const { accountId } = await ownerOf('kyc.pending@example.com');
    const byAccount = await lead.audit.list.query({ accountId });
    expect(byAccount.items.length).toBeGreaterThan(0);
    expect(byAccount.items.every((i) => i.accountId === accountId)).toBe(true);
    const approved = byAccount.items.find((i) => i.outcome === 'succeeded');
    expect(approved?.details).toMatchObject({ decision: 'approve' });

    const from = SEEDED_AT + 1;
    const to = SEEDED_AT + 6 * MINUTE;
    const ranged = await lead.audit.list.query({ from, to, limit: 200 });
    expect(ranged.items.length).toBeGreaterThan(0);
    expect(ranged.items.every((i) => i.at >= from && i.at < to)).toBe(true);
    expect(ranged.items.length).toBe(all.items.filter((i) => i.at >= from && i.at < to).length);
    expect(await reasonOf(lead.audit.list.query({ from: to, to: from }))).toBe('INVALID_INPUT');
  });

  it('pages by keyset, stable when events are appended between pages', async () => {
    const firstTen = (await lead.audit.list.query({ limit: 10 })).items.map((i) => i.id);
    const page1 = await lead.audit.list.query({ limit: 5 });
    expect(page1.nextCursor).toEqual(expect.any(String));
    // New events land while the lead reads page 1.
    await server.signedIn('agent@lifeline.test');
    await server.signedIn('agent2@lifeline.test');
    const page2 = await lead.audit.list.query({ limit: 5, cursor: page1.nextCursor ?? '' });
    expect([...page1.items, ...page2.items].map((i) => i.id)).toEqual(firstTen);
    expect(await reasonOf(lead.audit.list.query({ cursor: 'eyJpZCI6LTF9' }))).toBe('INVALID_INPUT');
    expect(await reasonOf(lead.audit.list.query({ cursor: '%%%' }))).toBe('INVALID_INPUT');
  });

  it('ends with a null cursor on the last page', async () => {
    const agentId = staffIds['agent2@lifeline.test'] ?? '';
    const total = await server.count(
      'SELECT count(*) AS n FROM audit_events WHERE staff_id = ?',
      agentId,
    );
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: number }[]; nextCursor: string | null } =
        await lead.audit.list.query({
          staffId: agentId,
          limit: 2,
          ...(cursor ? { cursor } : {}),
        });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });
});

describe('audit.verifyChain', () => {
  it('reports an intact chain with the number of events checked', async () => {
    const count = await server.count('SELECT count(*) AS n FROM audit_events');
    // No scheduler pass here, so no checkpoint yet: the whole log is walked.
    expect(await lead.audit.verifyChain.query()).toEqual({
      ok: true,
      checked: count,
      checkpoint: null,
      lastFullCheck: null,
    });
    expect(await reasonOf(agent.audit.verifyChain.query())).toBe('FORBIDDEN_ROLE');
  });
});

describe('audit.reactivationReport', () => {
  it('aggregates per agent per ISO week: days-left buckets, near-purge, failures, coverage and concerns', async () => {
    // A fixed, quiet range: two ISO weeks of 2026 (W10 starts Monday 2 March).
    const w10 = Date.UTC(2026, 2, 2, 9, 0);
    const w11 = w10 + 7 * DAY;
    const agentId = staffIds['agent@lifeline.test'] ?? '';
    const agent2Id = staffIds['agent2@lifeline.test'] ?? '';
    for (const [at, daysLeft] of [
      [w10, 3],
      [w10 + HOUR, 7],
      [w10 + 2 * HOUR, 8],
      [w10 + 3 * HOUR, 45],
      [w11 + DAY, 119],
    ] as const) {
      await insertReactivationReview({ agentId, reactivatedAt: at, daysLeft });
    }
    const concern = await insertReactivationReview({
      agentId: agent2Id,
      reactivatedAt: w11,
      daysLeft: 70,
    });
    await server.sql(
      "UPDATE reactivation_reviews SET status = 'concern', note = 'n' WHERE id = ?",
      concern,
    );
    await server.db.transaction(async (tx) => {
      for (const [staffId, outcome, at] of [
        [agentId, 'failed', w10 + DAY],
        [agentId, 'locked', w10 + DAY + MINUTE],
        [agentId, 'passed', w10 + DAY + 2 * MINUTE],
        [agent2Id, 'failed', w11 + 2 * DAY],
      ] as const) {
        await appendAuditEvent(tx, {
          at,
          staffId,
          action: 'verification.check',
          outcome,
          ticketRef: 'TCK-R',
        });
      }
    });

    const report = await lead.audit.reactivationReport.query({
      from: w10 - 9 * HOUR,
      to: w11 + 7 * DAY - 9 * HOUR,
    });
    expect(report.weeks).toEqual([
      {
        agentId,
        agentName: 'Alex Agent',
        week: '2026-W11',
        weekStart: '2026-03-09',
        reactivations: 1,
        daysLeft: { '0-7': 0, '8-30': 0, '31-60': 0, '61-90': 0, '91-120': 1 },
        withinSevenDaysOfPurge: 0,
        verificationFailures: 0,
        reviewed: 0,
        concerns: 0,
      },
      {
        agentId: agent2Id,
        agentName: 'Sam Second',
        week: '2026-W11',
        weekStart: '2026-03-09',
        reactivations: 1,
        daysLeft: { '0-7': 0, '8-30': 0, '31-60': 0, '61-90': 1, '91-120': 0 },
        withinSevenDaysOfPurge: 0,
        verificationFailures: 1,
        reviewed: 1,
        concerns: 1,
      },
      {
        agentId,
        agentName: 'Alex Agent',
        week: '2026-W10',
        weekStart: '2026-03-02',
        reactivations: 4,
        daysLeft: { '0-7': 2, '8-30': 1, '31-60': 1, '61-90': 0, '91-120': 0 },
        withinSevenDaysOfPurge: 2,
        verificationFailures: 2,
        reviewed: 0,
        concerns: 0,
      },
    ]);
    expect(report.agents).toEqual([
      {
        agentId,
        agentName: 'Alex Agent',
        reactivations: 5,
        reviewed: 0,
        coverage: 0,
        openConcerns: 0,
        withinSevenDaysOfPurge: 2,
        verificationFailures: 2,
      },
      {
        agentId: agent2Id,
        agentName: 'Sam Second',
        reactivations: 1,
        reviewed: 1,
        coverage: 1,
        openConcerns: 1,
        withinSevenDaysOfPurge: 0,
        verificationFailures: 1,
      },
    ]);

    expect(report.nearPurge.map((r) => [r.agentName, r.daysLeft])).toEqual([
      ['Alex Agent', 7],
      ['Alex Agent', 3],
    ]);

    // Without a range: the last 12 weeks up to now, which holds the reviews seeded above.
    const recent = await lead.audit.reactivationReport.query();
    expect(recent.to).toBeGreaterThan(server.clock.now);
    expect(recent.weeks.some((w) => w.week === '2026-W10')).toBe(false);
    expect(recent.agents.map((a) => a.agentName)).toContain('Sam Second');
    expect(await reasonOf(lead.audit.reactivationReport.query({ from: 10, to: 5 }))).toBe(
      'INVALID_INPUT',
    );
    expect(await reasonOf(agent.audit.reactivationReport.query())).toBe('FORBIDDEN_ROLE');
  });
});

describe('outbox.list', () => {
  const SECRET_CODE = '493817';
  const SECRET_TOKEN = 'rst-token-Zq8VxY2mWkP4';
  let accountId: string;
  let codeEmail: string;
  let leakedEmail: string;

  beforeAll(async () => {
    accountId = (await ownerOf('jdupont')).accountId;
    const insert = (...values: unknown[]) =>
      server.sql(
        `INSERT INTO outbox (id, created_at, template, to_address, subject, body_text, secret, account_id, status, attempts, next_attempt_at, last_error)
         VALUES (?, ?, ?, 'j.dupont@example.fr', ?, ?, ?, ?, ?, ?, ?, ?)`,
        ...values,
      );
    const now = server.clock.now;
    codeEmail = newId('out');
    leakedEmail = newId('out');
    await insert(
      codeEmail,
      now + 1,
      'verification_code',
      'Your verification code',
      'Your one-time code is {{secret}}.',
      SECRET_CODE,
      accountId,
      'failed',
      3,
      now,
      '550 <j.dupont@example.fr>: mailbox unavailable',
    );
    // A sender that wrote the link into the stored body: the secret must still not come out.
    await insert(
      leakedEmail,
      now + 2,
      'password_reset',
      'Reset your password',
      `Use this link: https://app.example.com/reset-password?token=${SECRET_TOKEN}`,
      SECRET_TOKEN,
      accountId,
      'pending',
      0,
      now,
      null,
    );
  });

  it('never returns the secret, to anyone, and labels where it goes', async () => {
    for (const client of [agent, lead, admin]) {
      const response = await client.outbox.list.query({ accountId });
      const text = JSON.stringify(response);
      expect(text).not.toContain(SECRET_CODE);
      expect(text).not.toContain(SECRET_TOKEN);
      expect(text).not.toContain('{{secret}}');
      expect(text).not.toMatch(/"secret"/);
      const code = response.items.find((i) => i.id === codeEmail);
      expect(code?.body).toBe('Your one-time code is [code hidden].');
      const reset = response.items.find((i) => i.id === leakedEmail);
      expect(reset?.body).toBe(
        'Use this link: https://app.example.com/reset-password?token=[link hidden]',
      );
    }
    // The raw HTTP body, not only what the client decoded.
    const raw = await fetch(
      `${server.url}/trpc/outbox.list?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`,
      { headers: { cookie: `lifeline_session=${jarOf(lead).get('lifeline_session')}` } },
    );
    const rawText = await raw.text();
    expect(raw.status).toBe(200);
    expect(rawText).not.toContain(SECRET_CODE);
    expect(rawText).not.toContain(SECRET_TOKEN);
  });

  it('masks recipients for agents and shows them in full to leads', async () => {
    const forAgent = await agent.outbox.list.query({ accountId });
    const forLead = await lead.outbox.list.query({ accountId });
    const agentRow = forAgent.items.find((i) => i.id === codeEmail);
    const leadRow = forLead.items.find((i) => i.id === codeEmail);
    expect(agentRow).toMatchObject({
      to: 'j•••@example.fr',
      template: 'verification_code',
      subject: 'Your verification code',
      status: 'failed',
      attempts: 3,
      sentAt: null,
      lastError: '550 <j•••@example.fr>: mailbox unavailable',
    });
    expect(JSON.stringify(forAgent)).not.toContain('j.dupont@example.fr');
    expect(leadRow).toMatchObject({
      to: 'j.dupont@example.fr',
      lastError: '550 <j.dupont@example.fr>: mailbox unavailable',
    });
  });

  it('lists newest first, filters by account and pages by keyset', async () => {
    const forAccount = await lead.outbox.list.query({ accountId });
    expect(forAccount.items.map((i) => i.id)).toEqual([leakedEmail, codeEmail]);
    expect(forAccount.nextCursor).toBeNull();

    const all = await lead.outbox.list.query({ limit: 200 });
    expect(all.items.length).toBeGreaterThan(2);
    const created = all.items.map((i) => i.createdAt);
    expect(created).toEqual([...created].sort((a, b) => b - a));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } =
        await lead.outbox.list.query({
          limit: 1,
          ...(cursor ? { cursor } : {}),
        });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((i) => i.id));
  });

  it('masks addresses inside bodies for agents too', async () => {
    const id = newId('out');
    const otherAccount = (await ownerOf('ok.owner@example.com')).accountId;
    await server.sql(
      `INSERT INTO outbox (id, created_at, template, to_address, subject, body_text, account_id, status, attempts, next_attempt_at)
         VALUES (?, ?, 'team_member_detached', 'j.dupont@example.fr', 'Removed', ?, ?, 'pending', 0, ?)`,
      id,
      server.clock.now + 3,
      'We removed the team-member login dual.role@example.com (ticket T-1).',
      otherAccount,
      server.clock.now,
    );
    const forAgent = await agent.outbox.list.query({ accountId: otherAccount });
    const forLead = await lead.outbox.list.query({ accountId: otherAccount });
    expect(forAgent.items.find((i) => i.id === id)?.body).toBe(
      'We removed the team-member login d•••@example.com (ticket T-1).',
    );
    expect(forLead.items.find((i) => i.id === id)?.body).toContain('dual.role@example.com');
  });
});

describe('audit.verifyChain after tampering', () => {
  // Its own server: dropping the trigger must not leak into the other tests.
  let tampered: TestServer;
  beforeAll(async () => {
    tampered = await startTestServer({ accounts: 0 });
  });
  afterAll(() => tampered.close());

  it('names the first broken link when a row is changed behind the triggers', async () => {
    const leadClient = await tampered.signedIn('lead@lifeline.test');
    await tampered.signedIn('agent@lifeline.test');
    await tampered.signedIn('agent2@lifeline.test');
    const total = await tampered.count('SELECT count(*) AS n FROM audit_events');
    expect(await leadClient.audit.verifyChain.query()).toMatchObject({ ok: true, checked: total });

    // The triggers refuse the change…
    await expect(
      tampered.sql(`UPDATE audit_events SET details = '{"forged":true}' WHERE id = 2`),
    ).rejects.toThrow(/append-only/);
    // …so an attacker with file access drops one first.
    await dropAppendOnlyGuard(tampered, 'audit_events', 'update');
    await tampered.sql(`UPDATE audit_events SET details = '{"forged":true}' WHERE id = 2`);
    expect(await leadClient.audit.verifyChain.query()).toMatchObject({
      ok: false,
      checked: 1,
      firstBrokenId: 2,
    });
  });
});
