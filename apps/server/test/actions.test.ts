import { createHash } from 'node:crypto';
import { newId } from '@lifeline/db';
import { DAY, HOUR, MINUTE, VERIFICATION_VALIDITY } from '@lifeline/domain';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  reasonOf,
  SEEDED_AT,
  startTestServer,
  type TestClient,
  type TestServer,
} from './harness.ts';

// SPEC §6 actions over real HTTP: each success with the database state after it, each refusal
// reason with its audit event and an untouched account, idempotent replay and the version race.

const TICKET = 'TCK-1001';

type Row = Record<string, unknown>;

let keyCounter = 0;
/** A fresh idempotency key, as the console makes one per confirmation dialog. */
function key(): string {
  keyCounter += 1;
  return `test-key-${String(keyCounter).padStart(6, '0')}`;
}

async function ownerLogin(server: TestServer, identifier: string) {
  const row = await server.one<{ loginId: string; accountId: string }>(
    `SELECT id AS "loginId", account_id AS "accountId" FROM logins WHERE identifier = ? AND role = 'owner'`,
    identifier,
  );
  if (!row) throw new Error(`no owner login ${identifier}`);
  return row;
}

/** The team-member login `identifier` on the account owned by `ownerIdentifier`. */
async function teamLogin(server: TestServer, identifier: string, ownerIdentifier: string) {
  const row = await server.one<{ loginId: string; accountId: string }>(
    `SELECT l.id AS "loginId", l.account_id AS "accountId" FROM logins l
     JOIN logins o ON o.account_id = l.account_id AND o.role = 'owner'
     WHERE l.identifier = ? AND l.role = 'team_member' AND o.identifier = ?`,
    identifier,
    ownerIdentifier,
  );
  if (!row) throw new Error(`no team login ${identifier} on ${ownerIdentifier}`);
  return row;
}

async function blockOf(server: TestServer, identifier: string, kind: string): Promise<string> {
  const { accountId } = await ownerLogin(server, identifier);
  const row = await server.one<{ id: string }>(
    'SELECT id FROM blocks WHERE account_id = ? AND kind = ?',
    accountId,
    kind,
  );
  if (!row) throw new Error(`no ${kind} block on ${identifier}`);
  return row.id;
}

/**
 * A verification row as `verification.check` writes it (that procedure is built elsewhere):
 * passed now, valid 15 minutes, bound to staff, login, account and ticket.
 */
async function recordVerification(
  server: TestServer,
  input: {
    staffId: string;
    loginId: string;
    accountId: string;
    ticketRef?: string;
    method?: 'card_last4' | 'billing_address' | 'email_code';
    outcome?: 'passed' | 'failed';
  },
): Promise<string> {
  const id = newId('ver');
  const now = server.clock.now;
  const outcome = input.outcome ?? 'passed';
  await server.sql(
    `INSERT INTO verifications (id, staff_id, login_id, account_id, ticket_ref, method, outcome, created_at, expires_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    id,
    input.staffId,
    input.loginId,
    input.accountId,
    input.ticketRef ?? TICKET,
    input.method ?? 'card_last4',
    outcome,
    now,
    outcome === 'passed' ? now + VERIFICATION_VALIDITY : null,
  );
  return id;
}

/** A deactivated account of our own (owner login, optional team member), for tests that race. */
async function makeDeactivatedAccount(
  server: TestServer,
  input: { identifier: string; reason?: string; ago?: number; teamMember?: string },
) {
  const accountId = newId('acc');
  const loginId = newId('lgn');
  const now = server.clock.now;
  const deactivatedAt = now - (input.ago ?? 20 * DAY);
  await server.sql(
    `INSERT INTO accounts (id, contact_email, plan, status, created_at, balance_cents, deactivated_at,
       deactivation_reason, purge_after, version, contacts_count, lists_count, campaigns_count)
     VALUES (?, ?, 'paid', 'deactivated', ?, 0, ?, ?, ?, 1, 12, 2, 3)`,
    accountId,
    input.identifier,
    now - 300 * DAY,
    deactivatedAt,
    input.reason ?? 'owner_cancelled',
    deactivatedAt + 120 * DAY,
  );
  const insertLogin = (...values: unknown[]) =>
    server.sql(
      `INSERT INTO logins (id, account_id, identifier, identifier_kind, role, created_at)
       VALUES (?, ?, ?, 'email', ?, ?)`,
      ...values,
    );
  await insertLogin(loginId, accountId, input.identifier, 'owner', now - 300 * DAY);
  let teamLoginId: string | null = null;
  if (input.teamMember) {
    teamLoginId = newId('lgn');
    await insertLogin(teamLoginId, accountId, input.teamMember, 'team_member', now - 100 * DAY);
  }
  return { accountId, loginId, teamLoginId };
}

/**
 * An active account of our own (owner login, optionally locked, a team member, a self-block), for
 * tests that must not spend a seeded scenario.
 */
async function makeActiveAccount(
  server: TestServer,
  input: { identifier: string; locked?: boolean; teamMember?: string; selfBlock?: boolean },
) {
  const accountId = newId('acc');
  const loginId = newId('lgn');
  const now = server.clock.now;
  await server.sql(
    `INSERT INTO accounts (id, contact_email, plan, status, created_at, balance_cents, version,
       contacts_count, lists_count, campaigns_count)
     VALUES (?, ?, 'paid', 'active', ?, 0, 1, 12, 2, 3)`,
    accountId,
    input.identifier,
    now - 300 * DAY,
  );
  const insertLogin = (...values: unknown[]) =>
    server.sql(
      `INSERT INTO logins (id, account_id, identifier, identifier_kind, role, created_at,
         failed_attempts, first_failed_at, locked_until, lockout_count)
       VALUES (?, ?, ?, 'email', ?, ?, ?, ?, ?, ?)`,
      ...values,
    );
  // failed attempts, first failure, locked until, lockouts
  const lock = input.locked ? [5, now - 12 * MINUTE, now + 10 * MINUTE, 1] : [0, null, null, 0];
  await insertLogin(loginId, accountId, input.identifier, 'owner', now - 300 * DAY, ...lock);
  let teamLoginId: string | null = null;
  if (input.teamMember) {
    teamLoginId = newId('lgn');
    await insertLogin(
      teamLoginId,
      accountId,
      input.teamMember,
      'team_member',
      now - 100 * DAY,
      0,
      null,
      null,
      0,
    );
  }
  let blockId: string | null = null;
  if (input.selfBlock) {
    blockId = newId('blk');
    await server.sql(
      `INSERT INTO blocks (id, account_id, kind, placed_at, placed_by, customer_notified_at)
       VALUES (?, ?, 'self_block', ?, 'customer', ?)`,
      blockId,
      accountId,
      now - 4 * DAY,
      now - 4 * DAY,
    );
  }
  return { accountId, loginId, teamLoginId, blockId };
}

async function accountRow(server: TestServer, accountId: string): Promise<Row> {
  return (await server.one('SELECT * FROM accounts WHERE id = ?', accountId)) as Row;
}

async function loginRow(server: TestServer, loginId: string): Promise<Row> {
  return (await server.one('SELECT * FROM logins WHERE id = ?', loginId)) as Row;
}

async function blockRow(server: TestServer, blockId: string): Promise<Row> {
  return (await server.one('SELECT * FROM blocks WHERE id = ?', blockId)) as Row;
}

/** Everything an action may change about one account. */
async function accountState(server: TestServer, accountId: string | null) {
  if (accountId === null) return null;
  return {
    account: await accountRow(server, accountId),
    logins: await server.sql('SELECT * FROM logins WHERE account_id = ? ORDER BY id', accountId),
    blocks: await server.sql('SELECT * FROM blocks WHERE account_id = ? ORDER BY id', accountId),
    resetTokens: await server.sql(
      'SELECT t.* FROM password_reset_tokens t JOIN logins l ON l.id = t.login_id WHERE l.account_id = ? ORDER BY t.id',
      accountId,
    ),
    reviews: await server.sql(
      'SELECT * FROM reactivation_reviews WHERE account_id = ? ORDER BY id',
      accountId,
    ),
  };
}

async function lastAuditId(server: TestServer): Promise<number> {
  const row = (await server.one('SELECT max(id) AS id FROM audit_events')) as {
    id: number | null;
  };
  return row.id ?? 0;
}

function auditAfter(server: TestServer, afterId: number): Promise<Row[]> {
  return server.sql('SELECT * FROM audit_events WHERE id > ? ORDER BY id', afterId);
}

function successEvents(server: TestServer, action: string, accountId: string): Promise<Row[]> {
  return server.sql(
    "SELECT * FROM audit_events WHERE action = ? AND account_id = ? AND outcome = 'succeeded' ORDER BY id",
    action,
    accountId,
  );
}

function outboxOfEvent(server: TestServer, auditEventId: unknown): Promise<Row[]> {
  return server.sql(
    'SELECT * FROM outbox WHERE audit_event_id = ? ORDER BY to_address',
    auditEventId,
  );
}

function outboxCount(server: TestServer): Promise<number> {
  return server.count('SELECT count(*) AS n FROM outbox');
}

function detailsOf(event: Row | undefined): Record<string, unknown> {
  return JSON.parse(String(event?.details)) as Record<string, unknown>;
}

/**
 * The call is refused with `reason`, exactly one audit event records the refusal, and nothing
 * about the account (row, logins, blocks, tokens, reviews) nor the outbox changed.
 */
async function expectRefused(
  server: TestServer,
  call: () => Promise<unknown>,
  reason: string,
  scope: { action: string; accountId: string | null },
): Promise<void> {
  const before = await accountState(server, scope.accountId);
  const emailsBefore = await outboxCount(server);
  const lastId = await lastAuditId(server);
  expect(await reasonOf(call())).toBe(reason);
  const events = await auditAfter(server, lastId);
  expect(events).toHaveLength(1);
  expect(events[0]).toMatchObject({
    action: scope.action,
    outcome: 'refused',
    reason,
    account_id: scope.accountId,
  });
  expect(await accountState(server, scope.accountId)).toEqual(before);
  expect(await outboxCount(server)).toBe(emailsBefore);
}

/**
 * Sends one input (so one idempotency key) three times. The replays answer exactly as the first
 * call did and write nothing: no audit event, no email, no change to the account. Returns the
 * first answer with the audit events and emails it wrote.
 */
async function sendThrice<T>(
  server: TestServer,
  accountId: string,
  send: () => Promise<T>,
): Promise<{ result: T; events: Row[]; emails: Row[] }> {
  const lastId = await lastAuditId(server);
  const emailsBefore = await outboxCount(server);
  const result = await send();
  const events = await auditAfter(server, lastId);
  const emails: Row[] = [];
  for (const event of events) emails.push(...(await outboxOfEvent(server, event.id)));
  expect(await outboxCount(server)).toBe(emailsBefore + emails.length);
  const after = await accountState(server, accountId);
  for (let replay = 0; replay < 2; replay += 1) {
    expect(await send()).toEqual(result);
  }
  expect(await auditAfter(server, lastId)).toEqual(events);
  expect(await outboxCount(server)).toBe(emailsBefore + emails.length);
  expect(await accountState(server, accountId)).toEqual(after);
  return { result, events, emails };
}

async function staffIdOf(client: TestClient): Promise<string> {
  return (await client.auth.me.query()).staff.id;
}

describe('support actions over HTTP', () => {
  let server: TestServer;
  let agent: TestClient;
  let agent2: TestClient;
  let lead: TestClient;
  let agentId: string;
  let agent2Id: string;
  let leadId: string;

  beforeAll(async () => {
    server = await startTestServer({ accounts: 50 });
    agent = await server.signedIn('agent@lifeline.test');
    agent2 = await server.signedIn('agent2@lifeline.test');
    lead = await server.signedIn('lead@lifeline.test');
    agentId = await staffIdOf(agent);
    agent2Id = await staffIdOf(agent2);
    leadId = await staffIdOf(lead);
  });
  afterAll(() => server.close());

  describe('actions.reactivate', () => {
    it('reactivates cancelled.recent: active, version bumped, audited, queued for review, owner emailed', async () => {
      const owner = await ownerLogin(server, 'cancelled.recent@example.com');
      const verificationId = await recordVerification(server, { staffId: agentId, ...owner });
      const now = server.clock.now;

      const result = await agent.actions.reactivate.mutate({
        accountId: owner.accountId,
        verificationId,
        ticketRef: ` ${TICKET} `,
        idempotencyKey: key(),
        expectedVersion: 1,
        note: 'Caller changed their mind',
      });

      expect(result.account).toMatchObject({
        id: owner.accountId,
        status: 'active',
        plan: 'paid',
        version: 2,
        deactivatedAt: null,
        deactivationReason: null,
        purgeAfter: null,
      });
      expect(result.daysLeft).toBe(110);
      expect(await accountRow(server, owner.accountId)).toMatchObject({
        status: 'active',
        plan: 'paid',
        version: 2,
        deactivated_at: null,
        deactivation_reason: null,
        purge_after: null,
        contacts_count: 1840,
        lists_count: 6,
        campaigns_count: 42,
      });

      const events = await successEvents(server, 'account.reactivate', owner.accountId);
      expect(events).toHaveLength(1);
      const event = events[0];
      expect(event).toMatchObject({
        staff_id: agentId,
        login_id: owner.loginId,
        ticket_ref: TICKET,
        verification_id: verificationId,
        at: now,
      });
      const details = detailsOf(event);
      expect(details.before).toMatchObject({
        status: 'deactivated',
        deactivationReason: 'owner_cancelled',
        version: 1,
      });
      expect(details.after).toMatchObject({ status: 'active', deactivatedAt: null, version: 2 });
      expect(details.note).toBe('Caller changed their mind');

      const reviews = await server.sql(
        'SELECT * FROM reactivation_reviews WHERE account_id = ?',
        owner.accountId,
      );
      expect(reviews).toEqual([
        expect.objectContaining({
          id: result.review.id,
          audit_event_id: event?.id,
          agent_id: agentId,
          ticket_ref: TICKET,
          verification_id: verificationId,
          verification_method: 'card_last4',
          verified_at: now,
          deactivation_reason: 'owner_cancelled',
          days_left: 110,
          reactivated_at: now,
          status: 'open',
          reviewed_by: null,
        }),
      ]);

      const emails = await outboxOfEvent(server, event?.id);
      expect(emails.map((e) => e.to_address)).toEqual(['cancelled.recent@example.com']);
      expect(emails[0]).toMatchObject({
        template: 'account_reactivated',
        account_id: owner.accountId,
        status: 'pending',
        secret: null,
      });
    });

    it('reactivates unpaid.closed as limited with dunning restarted now (balance still owed)', async () => {
      const owner = await ownerLogin(server, 'unpaid.closed@example.com');
      const verificationId = await recordVerification(server, { staffId: agentId, ...owner });
      const result = await agent.actions.reactivate.mutate({
        accountId: owner.accountId,
        verificationId,
        ticketRef: TICKET,
        idempotencyKey: key(),
        expectedVersion: 1,
      });
      expect(result.account).toMatchObject({
        status: 'limited',
        plan: 'paid',
        balanceCents: -4900,
        paymentFailedAt: server.clock.now,
        version: 2,
      });
      expect(await accountRow(server, owner.accountId)).toMatchObject({
        status: 'limited',
        payment_failed_at: server.clock.now,
        balance_cents: -4900,
        deactivated_at: null,
      });
      const [review] = (await server.sql(
        'SELECT * FROM reactivation_reviews WHERE account_id = ?',
        owner.accountId,
      )) as Row[];
      expect(review).toMatchObject({ deactivation_reason: 'non_payment', days_left: 20 });
      // The diagnosis says the payment period restarted with the reactivation, not that a
      // payment failed today.
      const after = await agent.accounts.diagnose.query({
        identifier: 'unpaid.closed@example.com',
      });
      const limited = after.findings.find((f) => f.code === 'limited_payment_failed');
      expect(limited).toMatchObject({
        scriptKey: 'limited_after_reactivation',
        facts: { startedBy: 'reactivation', paymentFailedAt: server.clock.now, dayOfDunning: 1 },
      });
      const page = await agent.accounts.get.query({ accountId: owner.accountId });
      expect(page.account.dunning).toMatchObject({ startedBy: 'reactivation', dayOfDunning: 1 });
    });

    it('reactivates trial.ended as active on the free plan (verified by billing address)', async () => {
      const owner = await ownerLogin(server, 'trial.ended@example.com');
      const verificationId = await recordVerification(server, {
        staffId: agentId,
        ...owner,
        method: 'billing_address',
      });
      const result = await agent.actions.reactivate.mutate({
        accountId: owner.accountId,
        verificationId,
        ticketRef: TICKET,
        idempotencyKey: key(),
        expectedVersion: 1,
      });
      expect(result.account).toMatchObject({ status: 'active', plan: 'free', version: 2 });
      expect(await accountRow(server, owner.accountId)).toMatchObject({
        status: 'active',
        plan: 'free',
        contacts_count: 120,
      });
      const [review] = (await server.sql(
        'SELECT * FROM reactivation_reviews WHERE account_id = ?',
        owner.accountId,
      )) as Row[];
      expect(review).toMatchObject({
        deactivation_reason: 'trial_expired',
        verification_method: 'billing_address',
        days_left: 90,
      });
    });

    it('reactivates asked.to.close with one hour of its window left', async () => {
      const owner = await ownerLogin(server, 'asked.to.close@example.com');
      const verificationId = await recordVerification(server, { staffId: agentId, ...owner });
      const result = await agent.actions.reactivate.mutate({
        accountId: owner.accountId,
        verificationId,
        ticketRef: TICKET,
        idempotencyKey: key(),
        expectedVersion: 1,
      });
      expect(result.account).toMatchObject({ status: 'active', version: 2 });
      expect(result.daysLeft).toBe(1);
      expect(await accountRow(server, owner.accountId)).toMatchObject({ status: 'active' });
    });

    it('refuses VERIFICATION_REQUIRED without a verification covering this owner, this agent and this ticket', async () => {
      const target = await makeDeactivatedAccount(server, {
        identifier: 'verify.me@example.com',
        teamMember: 'helper@example.com',
      });
      const teamLoginId = target.teamLoginId ?? '';
      const okOwner = await ownerLogin(server, 'ok.owner@example.com');
      const attempts: Record<string, string> = {
        unknown: 'ver_0000000000000000',
        failed: await recordVerification(server, {
          staffId: agentId,
          ...target,
          outcome: 'failed',
        }),
        otherStaff: await recordVerification(server, { staffId: agent2Id, ...target }),
        otherTicket: await recordVerification(server, {
          staffId: agentId,
          ...target,
          ticketRef: 'TCK-9999',
        }),
        teamMember: await recordVerification(server, {
          staffId: agentId,
          loginId: teamLoginId,
          accountId: target.accountId,
          method: 'email_code',
        }),
        otherAccount: await recordVerification(server, { staffId: agentId, ...okOwner }),
      };
      for (const verificationId of Object.values(attempts)) {
        await expectRefused(
          server,
          () =>
            agent.actions.reactivate.mutate({
              accountId: target.accountId,
              verificationId,
              ticketRef: TICKET,
              idempotencyKey: key(),
              expectedVersion: 1,
            }),
          'VERIFICATION_REQUIRED',
          { action: 'account.reactivate', accountId: target.accountId },
        );
      }
      const [refusal] = await auditAfter(server, (await lastAuditId(server)) - 1);
      expect(refusal).toMatchObject({ ticket_ref: TICKET, verification_id: attempts.otherAccount });
    });

    it('refuses NOT_DEACTIVATED, NOT_REACTIVATABLE, WINDOW_CLOSED and NOT_FOUND', async () => {
      const cases: Array<[string, string]> = [
        ['ok.owner@example.com', 'NOT_DEACTIVATED'],
        ['tos.closed@example.com', 'NOT_REACTIVATABLE'],
        ['window.closed@example.com', 'WINDOW_CLOSED'],
      ];
      for (const [identifier, reason] of cases) {
        const owner = await ownerLogin(server, identifier);
        const verificationId = await recordVerification(server, { staffId: agentId, ...owner });
        await expectRefused(
          server,
          () =>
            agent.actions.reactivate.mutate({
              accountId: owner.accountId,
              verificationId,
              ticketRef: TICKET,
              idempotencyKey: key(),
              expectedVersion: 1,
            }),
          reason,
          { action: 'account.reactivate', accountId: owner.accountId },
        );
      }
      await expectRefused(
        server,
        () =>
          agent.actions.reactivate.mutate({
            accountId: 'acc_0000000000000000',
            verificationId: 'ver_0000000000000000',
            ticketRef: TICKET,
            idempotencyKey: key(),
            expectedVersion: 1,
          }),
        'NOT_FOUND',
        { action: 'account.reactivate', accountId: 'acc_0000000000000000' },
      );
    });

    it('refuses a stale expectedVersion with VERSION_CONFLICT', async () => {
      const target = await makeDeactivatedAccount(server, { identifier: 'stale.view@example.com' });
      const verificationId = await recordVerification(server, { staffId: agentId, ...target });
      await expectRefused(
        server,
        () =>
          agent.actions.reactivate.mutate({
            accountId: target.accountId,
            verificationId,
            ticketRef: TICKET,
            idempotencyKey: key(),
            expectedVersion: 2,
          }),
        'VERSION_CONFLICT',
        { action: 'account.reactivate', accountId: target.accountId },
      );
    });

    it('two agents reactivating one account at once: exactly one succeeds, the other gets VERSION_CONFLICT', async () => {
      const target = await makeDeactivatedAccount(server, { identifier: 'race@example.com' });
      const first = await recordVerification(server, { staffId: agentId, ...target });
      const second = await recordVerification(server, { staffId: agent2Id, ...target });
      const lastId = await lastAuditId(server);
      const reasons = await Promise.all([
        reasonOf(
          agent.actions.reactivate.mutate({
            accountId: target.accountId,
            verificationId: first,
            ticketRef: TICKET,
            idempotencyKey: key(),
            expectedVersion: 1,
          }),
        ),
        reasonOf(
          agent2.actions.reactivate.mutate({
            accountId: target.accountId,
            verificationId: second,
            ticketRef: TICKET,
            idempotencyKey: key(),
            expectedVersion: 1,
          }),
        ),
      ]);
      expect(reasons.sort()).toEqual(['VERSION_CONFLICT', 'none']);
      expect(await accountRow(server, target.accountId)).toMatchObject({
        status: 'active',
        version: 2,
      });
      const events = await auditAfter(server, lastId);
      expect(events.filter((e) => e.outcome === 'succeeded')).toHaveLength(1);
      expect(events.filter((e) => e.outcome === 'refused')).toEqual([
        expect.objectContaining({ reason: 'VERSION_CONFLICT', account_id: target.accountId }),
      ]);
      expect((await accountState(server, target.accountId))?.reviews).toHaveLength(1);
      const [success] = events.filter((e) => e.outcome === 'succeeded');
      expect(await outboxOfEvent(server, success?.id)).toHaveLength(1);
    });

    it('replays an idempotency key: same result, done once; the key with another input is INVALID_INPUT', async () => {
      const target = await makeDeactivatedAccount(server, {
        identifier: 'double.click@example.com',
      });
      const verificationId = await recordVerification(server, { staffId: agentId, ...target });
      const input = {
        accountId: target.accountId,
        verificationId,
        ticketRef: TICKET,
        idempotencyKey: key(),
        expectedVersion: 1,
      };
      const emailsBefore = await outboxCount(server);
      const first = await agent.actions.reactivate.mutate(input);
      const again = await agent.actions.reactivate.mutate(input);
      expect(again).toEqual(first);
      expect(await accountRow(server, target.accountId)).toMatchObject({
        status: 'active',
        version: 2,
      });
      expect(await successEvents(server, 'account.reactivate', target.accountId)).toHaveLength(1);
      expect((await accountState(server, target.accountId))?.reviews).toHaveLength(1);
      expect(await outboxCount(server)).toBe(emailsBefore + 1);

      await expectRefused(
        server,
        () => agent.actions.reactivate.mutate({ ...input, note: 'something else' }),
        'INVALID_INPUT',
        { action: 'account.reactivate', accountId: target.accountId },
      );
    });
  });

  describe('actions.detachTeamMember', () => {
    it("detaches dual.role's team-member login, verified through its owner login elsewhere", async () => {
      const member = await teamLogin(server, 'dual.role@example.com', 'studio.owner@example.com');
      const ownLogin = await ownerLogin(server, 'dual.role@example.com');
      const verificationId = await recordVerification(server, { staffId: agentId, ...ownLogin });
      const now = server.clock.now;

      const result = await agent.actions.detachTeamMember.mutate({
        loginId: member.loginId,
        verificationId,
        ticketRef: TICKET,
        idempotencyKey: key(),
      });
      expect(result.login).toMatchObject({
        id: member.loginId,
        accountId: member.accountId,
        role: 'team_member',
        removedAt: now,
      });
      expect(await loginRow(server, member.loginId)).toMatchObject({ removed_at: now });
      expect(await loginRow(server, ownLogin.loginId)).toMatchObject({ removed_at: null });
      expect(await accountRow(server, member.accountId)).toMatchObject({ version: 2 });

      const [event] = await successEvents(server, 'login.detach_team_member', member.accountId);
      expect(event).toMatchObject({
        login_id: member.loginId,
        ticket_ref: TICKET,
        verification_id: verificationId,
        staff_id: agentId,
      });
      expect(detailsOf(event)).toMatchObject({
        before: { removedAt: null },
        after: { removedAt: now },
      });
      const emails = await outboxOfEvent(server, event?.id);
      expect(emails.map((e) => e.to_address)).toEqual([
        'dual.role@example.com',
        'studio.owner@example.com',
      ]);
      expect(emails[0]).toMatchObject({ template: 'team_member_detached' });
      expect(String(emails[0]?.body_text)).toContain('dual.role@example.com');
      expect(String(emails[0]?.body_text)).toContain('main login of another account');

      // Already removed: nothing left to detach, and the asker's view is stale (SPEC §6).
      await expectRefused(
        server,
        () =>
          agent.actions.detachTeamMember.mutate({
            loginId: member.loginId,
            verificationId,
            ticketRef: TICKET,
            idempotencyKey: key(),
          }),
        'VERSION_CONFLICT',
        { action: 'login.detach_team_member', accountId: member.accountId },
      );
    });

    it('detaches one two.teams membership verified by an email code to that address', async () => {
      const member = await teamLogin(
        server,
        'two.teams@example.com',
        'agency.one@agency-one.example',
      );
      const other = await teamLogin(
        server,
        'two.teams@example.com',
        'agency.two@agency-two.example',
      );
      const verificationId = await recordVerification(server, {
        staffId: agentId,
        ...member,
        method: 'email_code',
      });
      const result = await agent.actions.detachTeamMember.mutate({
        loginId: member.loginId,
        verificationId,
        ticketRef: TICKET,
        idempotencyKey: key(),
      });
      expect(result.login.removedAt).toBe(server.clock.now);
      expect(await loginRow(server, other.loginId)).toMatchObject({ removed_at: null });
      const [event] = await successEvents(server, 'login.detach_team_member', member.accountId);
      const emails = await outboxOfEvent(server, event?.id);
      expect(emails.map((e) => e.to_address)).toEqual([
        'agency.one@agency-one.example',
        'two.teams@example.com',
      ]);
      expect(String(emails[0]?.body_text)).toContain('also a team member of another account');
    });

    it("refuses NOT_TEAM_MEMBER for an owner login and VERIFICATION_REQUIRED for another email's verification", async () => {
      const ownLogin = await ownerLogin(server, 'dual.role@example.com');
      const ownVerification = await recordVerification(server, { staffId: agentId, ...ownLogin });
      await expectRefused(
        server,
        () =>
          agent.actions.detachTeamMember.mutate({
            loginId: ownLogin.loginId,
            verificationId: ownVerification,
            ticketRef: TICKET,
            idempotencyKey: key(),
          }),
        'NOT_TEAM_MEMBER',
        { action: 'login.detach_team_member', accountId: ownLogin.accountId },
      );

      const member = await teamLogin(
        server,
        'two.teams@example.com',
        'agency.two@agency-two.example',
      );
      const stranger = await recordVerification(server, {
        staffId: agentId,
        ...(await ownerLogin(server, 'ok.owner@example.com')),
      });
      await expectRefused(
        server,
        () =>
          agent.actions.detachTeamMember.mutate({
            loginId: member.loginId,
            verificationId: stranger,
            ticketRef: TICKET,
            idempotencyKey: key(),
          }),
        'VERIFICATION_REQUIRED',
        { action: 'login.detach_team_member', accountId: member.accountId },
      );
    });

    it('replays an idempotency key: same result, detached once; the key with another input is INVALID_INPUT', async () => {
      const target = await makeActiveAccount(server, {
        identifier: 'detach.twice@example.com',
        teamMember: 'detach.member@example.com',
      });
      const member = { loginId: String(target.teamLoginId), accountId: target.accountId };
      const verificationId = await recordVerification(server, {
        staffId: agentId,
        ...member,
        method: 'email_code',
      });
      const input = {
        loginId: member.loginId,
        verificationId,
        ticketRef: TICKET,
        idempotencyKey: key(),
      };
      const { result, events, emails } = await sendThrice(server, target.accountId, () =>
        agent.actions.detachTeamMember.mutate(input),
      );
      expect(result.login).toMatchObject({ id: member.loginId, removedAt: server.clock.now });
      expect(await loginRow(server, member.loginId)).toMatchObject({
        removed_at: server.clock.now,
      });
      expect(await accountRow(server, target.accountId)).toMatchObject({ version: 2 });
      expect(events).toEqual([
        expect.objectContaining({
          action: 'login.detach_team_member',
          outcome: 'succeeded',
          login_id: member.loginId,
        }),
      ]);
      expect(emails.map((e) => [e.to_address, e.template])).toEqual([
        ['detach.member@example.com', 'team_member_detached'],
        ['detach.twice@example.com', 'team_member_detached'],
      ]);

      await expectRefused(
        server,
        () => agent.actions.detachTeamMember.mutate({ ...input, ticketRef: 'TCK-1002' }),
        'INVALID_INPUT',
        { action: 'login.detach_team_member', accountId: target.accountId },
      );
      // The key still answers for the request it was first used for.
      expect(await agent.actions.detachTeamMember.mutate(input)).toEqual(result);
    });
  });

  describe('actions.unlockLogin', () => {
    it('unlocks hard.locked for good: lock and counters cleared, audited, emailed', async () => {
      const owner = await ownerLogin(server, 'hard.locked@example.com');
      expect(await loginRow(server, owner.loginId)).toMatchObject({ lockout_count: 3 });
      const verificationId = await recordVerification(server, { staffId: agentId, ...owner });

      const result = await agent.actions.unlockLogin.mutate({
        loginId: owner.loginId,
        verificationId,
        ticketRef: TICKET,
        idempotencyKey: key(),
        sendResetLink: false,
      });
      expect(result).toMatchObject({
        login: { id: owner.loginId, locked: false, failedAttempts: 0, lockoutCount: 0 },
        wasLocked: true,
        wasPermanent: true,
        resetLink: null,
      });
      expect(await loginRow(server, owner.loginId)).toMatchObject({
        failed_attempts: 0,
        first_failed_at: null,
        locked_until: null,
        lockout_count: 0,
      });
      expect(await accountRow(server, owner.accountId)).toMatchObject({ version: 2 });
      const [event] = await successEvents(server, 'login.unlock', owner.accountId);
      expect(event).toMatchObject({ ticket_ref: TICKET, verification_id: verificationId });
      expect(detailsOf(event)).toMatchObject({
        before: { lockoutCount: 3, failedAttempts: 5 },
        after: { lockoutCount: 0, failedAttempts: 0, lockedUntil: null },
      });
      const emails = await outboxOfEvent(server, event?.id);
      expect(emails.map((e) => [e.to_address, e.template])).toEqual([
        ['hard.locked@example.com', 'login_unlocked'],
      ]);
      expect((await accountState(server, owner.accountId))?.resetTokens).toEqual([]);
    });

    it('unlocks locked.out and sends a reset link in the same transaction, never returning the link', async () => {
      const owner = await ownerLogin(server, 'locked.out@example.com');
      const verificationId = await recordVerification(server, { staffId: agentId, ...owner });
      const result = await agent.actions.unlockLogin.mutate({
        loginId: owner.loginId,
        verificationId,
        ticketRef: TICKET,
        idempotencyKey: key(),
        sendResetLink: true,
      });
      expect(result.login).toMatchObject({ locked: false, lockedUntil: null });
      expect(await loginRow(server, owner.loginId)).toMatchObject({ locked_until: null });

      const tokens = (await accountState(server, owner.accountId))?.resetTokens as Row[];
      expect(tokens).toHaveLength(1);
      const email = (await server.one(
        'SELECT * FROM outbox WHERE id = ?',
        result.resetLink?.outboxId,
      )) as Row;
      expect(email).toMatchObject({
        template: 'password_reset',
        to_address: 'locked.out@example.com',
      });
      const secret = String(email.secret);
      expect(secret.startsWith(`${server.deps.resetLinkBase}?token=`)).toBe(true);
      const token = secret.split('?token=')[1] ?? '';
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(tokens[0]?.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
      expect(String(email.body_text)).toContain('{{secret}}');
      expect(String(email.body_text)).not.toContain(token);
      expect(JSON.stringify(result)).not.toContain(token);

      const actions = (await successEvents(server, 'login.unlock', owner.accountId)).concat(
        await successEvents(server, 'login.send_password_reset', owner.accountId),
      );
      expect(actions.map((e) => [e.action, e.verification_id])).toEqual([
        ['login.unlock', verificationId],
        ['login.send_password_reset', verificationId],
      ]);
      expect(JSON.stringify(actions)).not.toContain(token);

      // The refreshed diagnosis says what was just done, from the audit log, first; SPEC §4's
      // no_blocker_found follows with its after-a-fix script, not "probably a wrong password";
      // to another agent it was "another staff member".
      const after = await agent.accounts.diagnose.query({ identifier: 'locked.out@example.com' });
      expect(after.findings.map((f) => [f.code, f.scriptKey])).toEqual([
        ['recent_support_action', 'recent_support_action.unlocked_reset_sent'],
        ['no_blocker_found', 'no_blocker_found_after_fix'],
      ]);
      expect(after.findings[0]).toMatchObject({
        scriptKey: 'recent_support_action.unlocked_reset_sent',
        loginId: owner.loginId,
        facts: { outcome: 'unlocked_reset_sent', byYou: true, ticketRef: TICKET },
      });
      expect(after.logins[0]?.resetLinkSentAt).toBe(server.clock.now);
      const seenByOther = await agent2.accounts.diagnose.query({
        identifier: 'locked.out@example.com',
      });
      expect(seenByOther.findings[0]?.facts).toMatchObject({ byYou: false });
    });

    it('refuses to unlock with a verification of another login', async () => {
      const owner = await ownerLogin(server, 'new.password@example.com');
      const other = await recordVerification(server, {
        staffId: agentId,
        ...(await ownerLogin(server, 'ok.owner@example.com')),
      });
      await expectRefused(
        server,
        () =>
          agent.actions.unlockLogin.mutate({
            loginId: owner.loginId,
            verificationId: other,
            ticketRef: TICKET,
            idempotencyKey: key(),
            sendResetLink: false,
          }),
        'VERIFICATION_REQUIRED',
        { action: 'login.unlock', accountId: owner.accountId },
      );
      await expectRefused(
        server,
        () =>
          agent.actions.unlockLogin.mutate({
            loginId: 'lgn_0000000000000000',
            verificationId: other,
            ticketRef: TICKET,
            idempotencyKey: key(),
            sendResetLink: false,
          }),
        'NOT_FOUND',
        { action: 'login.unlock', accountId: null },
      );
    });

    it('replays an idempotency key: same result, unlocked and linked once; the key with another input is INVALID_INPUT', async () => {
      const target = await makeActiveAccount(server, {
        identifier: 'unlock.twice@example.com',
        locked: true,
      });
      const verificationId = await recordVerification(server, { staffId: agentId, ...target });
      const input = {
        loginId: target.loginId,
        verificationId,
        ticketRef: TICKET,
        idempotencyKey: key(),
        sendResetLink: true,
      };
      const { result, events, emails } = await sendThrice(server, target.accountId, () =>
        agent.actions.unlockLogin.mutate(input),
      );
      expect(result).toMatchObject({
        login: { id: target.loginId, locked: false, failedAttempts: 0 },
        wasLocked: true,
      });
      expect(await loginRow(server, target.loginId)).toMatchObject({
        locked_until: null,
        failed_attempts: 0,
      });
      expect(await accountRow(server, target.accountId)).toMatchObject({ version: 2 });
      expect(events.map((e) => [e.action, e.outcome, e.login_id])).toEqual([
        ['login.unlock', 'succeeded', target.loginId],
        ['login.send_password_reset', 'succeeded', target.loginId],
      ]);
      expect(emails.map((e) => [e.to_address, e.template])).toEqual([
        ['unlock.twice@example.com', 'login_unlocked'],
        ['unlock.twice@example.com', 'password_reset'],
      ]);
      expect(emails[1]?.id).toBe(result.resetLink?.outboxId);
      expect((await accountState(server, target.accountId))?.resetTokens).toHaveLength(1);

      await expectRefused(
        server,
        () => agent.actions.unlockLogin.mutate({ ...input, sendResetLink: false }),
        'INVALID_INPUT',
        { action: 'login.unlock', accountId: target.accountId },
      );
      expect(await agent.actions.unlockLogin.mutate(input)).toEqual(result);
    });
  });

  describe('actions.sendPasswordReset', () => {
    it('sends at most 3 reset links per login per hour; the 4th is RATE_LIMITED', async () => {
      const owner = await ownerLogin(server, 'new.password@example.com');
      const outboxIds: string[] = [];
      for (let i = 0; i < 3; i += 1) {
        const result = await agent.actions.sendPasswordReset.mutate({
          loginId: owner.loginId,
          ticketRef: TICKET,
          idempotencyKey: key(),
        });
        expect(Object.keys(result).sort()).toEqual(['expiresAt', 'outboxId']);
        expect(result.expiresAt).toBe(server.clock.now + HOUR);
        outboxIds.push(result.outboxId);
      }
      expect(new Set(outboxIds).size).toBe(3);
      const emails: Row[] = [];
      for (const id of outboxIds) {
        emails.push((await server.one('SELECT * FROM outbox WHERE id = ?', id)) as Row);
      }
      expect(emails.every((e) => e.to_address === 'new.password@example.com')).toBe(true);
      const tokens = (await accountState(server, owner.accountId))?.resetTokens as Row[];
      expect(tokens).toHaveLength(3);
      const hashes = emails.map((e) =>
        createHash('sha256')
          .update(String(e.secret).split('?token=')[1] ?? '')
          .digest('hex'),
      );
      expect(new Set(hashes)).toEqual(new Set(tokens.map((t) => t.token_hash)));
      expect(
        await successEvents(server, 'login.send_password_reset', owner.accountId),
      ).toHaveLength(3);
      // A reset link changes nothing on the account: no version bump.
      expect(await accountRow(server, owner.accountId)).toMatchObject({ version: 1 });

      await expectRefused(
        server,
        () =>
          agent2.actions.sendPasswordReset.mutate({
            loginId: owner.loginId,
            ticketRef: TICKET,
            idempotencyKey: key(),
          }),
        'RATE_LIMITED',
        { action: 'login.send_password_reset', accountId: owner.accountId },
      );
      // The refusal says when the next link may go: an hour after the oldest of the three.
      const refusal = await agent2.actions.sendPasswordReset
        .mutate({ loginId: owner.loginId, ticketRef: TICKET, idempotencyKey: key() })
        .catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(TRPCClientError);
      expect((refusal as { data?: unknown }).data).toMatchObject({
        reason: 'RATE_LIMITED',
        retryAt: server.clock.now + HOUR,
      });
    });

    it("counts an unlock's reset link toward the limit and mails a username login's link to the account email", async () => {
      const owner = await ownerLogin(server, 'jdupont');
      const verificationId = await recordVerification(server, { staffId: agentId, ...owner });
      // Unlocking needs something to clear (a login with nothing locked is refused).
      const lock = () =>
        server.sql(
          'UPDATE logins SET failed_attempts = 5, first_failed_at = ?, locked_until = ? WHERE id = ?',
          server.clock.now - MINUTE,
          server.clock.now + 10 * MINUTE,
          owner.loginId,
        );
      await lock();
      const unlocked = await agent.actions.unlockLogin.mutate({
        loginId: owner.loginId,
        verificationId,
        ticketRef: TICKET,
        idempotencyKey: key(),
        sendResetLink: true,
      });
      const link = (await server.one(
        'SELECT to_address FROM outbox WHERE id = ?',
        unlocked.resetLink?.outboxId,
      )) as Row;
      expect(link.to_address).toBe('j.dupont@example.fr');
      for (let i = 0; i < 2; i += 1) {
        await agent.actions.sendPasswordReset.mutate({
          loginId: owner.loginId,
          ticketRef: TICKET,
          idempotencyKey: key(),
        });
      }
      await expectRefused(
        server,
        () =>
          agent.actions.sendPasswordReset.mutate({
            loginId: owner.loginId,
            ticketRef: TICKET,
            idempotencyKey: key(),
          }),
        'RATE_LIMITED',
        { action: 'login.send_password_reset', accountId: owner.accountId },
      );
      // All or nothing: a refused link leaves the unlock undone too.
      await lock();
      await expectRefused(
        server,
        () =>
          agent.actions.unlockLogin.mutate({
            loginId: owner.loginId,
            verificationId,
            ticketRef: TICKET,
            idempotencyKey: key(),
            sendResetLink: true,
          }),
        'RATE_LIMITED',
        { action: 'login.unlock', accountId: owner.accountId },
      );
    });

    it('replays an idempotency key: same result, one link spent of the hourly three; the key with another input is INVALID_INPUT', async () => {
      const target = await makeActiveAccount(server, { identifier: 'reset.twice@example.com' });
      const input = { loginId: target.loginId, ticketRef: TICKET, idempotencyKey: key() };
      const { result, events, emails } = await sendThrice(server, target.accountId, () =>
        agent.actions.sendPasswordReset.mutate(input),
      );
      expect(events).toEqual([
        expect.objectContaining({
          action: 'login.send_password_reset',
          outcome: 'succeeded',
          login_id: target.loginId,
        }),
      ]);
      expect(emails).toEqual([
        expect.objectContaining({
          id: result.outboxId,
          template: 'password_reset',
          to_address: 'reset.twice@example.com',
        }),
      ]);
      expect((await accountState(server, target.accountId))?.resetTokens).toHaveLength(1);

      await expectRefused(
        server,
        () => agent.actions.sendPasswordReset.mutate({ ...input, ticketRef: 'TCK-1002' }),
        'INVALID_INPUT',
        { action: 'login.send_password_reset', accountId: target.accountId },
      );
      expect(await agent.actions.sendPasswordReset.mutate(input)).toEqual(result);

      // The hour's count holds one link, not three: two more go out, then the limit refuses.
      for (let i = 0; i < 2; i += 1) {
        await agent.actions.sendPasswordReset.mutate({ ...input, idempotencyKey: key() });
      }
      await expectRefused(
        server,
        () => agent.actions.sendPasswordReset.mutate({ ...input, idempotencyKey: key() }),
        'RATE_LIMITED',
        { action: 'login.send_password_reset', accountId: target.accountId },
      );
      expect((await accountState(server, target.accountId))?.resetTokens).toHaveLength(3);
    });
  });

  describe('actions.liftBlock', () => {
    it('lifts self.blocked for a verified owner; without a verification it is refused; twice is BLOCK_NOT_LIFTABLE', async () => {
      const owner = await ownerLogin(server, 'self.blocked@example.com');
      const blockId = await blockOf(server, 'self.blocked@example.com', 'self_block');
      await expectRefused(
        server,
        () => agent.actions.liftBlock.mutate({ blockId, ticketRef: TICKET, idempotencyKey: key() }),
        'VERIFICATION_REQUIRED',
        { action: 'block.lift', accountId: owner.accountId },
      );

      const verificationId = await recordVerification(server, { staffId: agentId, ...owner });
      const now = server.clock.now;
      const result = await agent.actions.liftBlock.mutate({
        blockId,
        verificationId,
        ticketRef: TICKET,
        idempotencyKey: key(),
      });
      expect(result.block).toMatchObject({
        id: blockId,
        kind: 'self_block',
        liftedAt: now,
        liftedBy: agentId,
      });
      expect(await blockRow(server, blockId)).toMatchObject({ lifted_at: now, lifted_by: agentId });
      expect(await accountRow(server, owner.accountId)).toMatchObject({ version: 2 });
      const [event] = await successEvents(server, 'block.lift', owner.accountId);
      expect(event).toMatchObject({ ticket_ref: TICKET, verification_id: verificationId });
      expect(detailsOf(event)).toMatchObject({ kind: 'self_block', after: { liftedAt: now } });
      expect(
        (await outboxOfEvent(server, event?.id)).map((e) => [e.to_address, e.template]),
      ).toEqual([['self.blocked@example.com', 'block_lifted']]);

      await expectRefused(
        server,
        () =>
          agent.actions.liftBlock.mutate({
            blockId,
            verificationId,
            ticketRef: TICKET,
            idempotencyKey: key(),
          }),
        'BLOCK_NOT_LIFTABLE',
        { action: 'block.lift', accountId: owner.accountId },
      );
    });

    it('suspicious activity: an agent gets FORBIDDEN_ROLE; a lead lifts it, with a note', async () => {
      const owner = await ownerLogin(server, 'fraud.hold@example.com');
      const blockId = await blockOf(server, 'fraud.hold@example.com', 'suspicious_activity');
      await expectRefused(
        server,
        () =>
          agent.actions.liftBlock.mutate({
            blockId,
            ticketRef: TICKET,
            idempotencyKey: key(),
            note: 'Caller sounds genuine',
          }),
        'FORBIDDEN_ROLE',
        { action: 'block.lift', accountId: owner.accountId },
      );
      await expectRefused(
        server,
        () => lead.actions.liftBlock.mutate({ blockId, ticketRef: TICKET, idempotencyKey: key() }),
        'INVALID_INPUT',
        { action: 'block.lift', accountId: owner.accountId },
      );

      const result = await lead.actions.liftBlock.mutate({
        blockId,
        ticketRef: TICKET,
        idempotencyKey: key(),
        note: 'Travel confirmed with the customer; payout details match the invoice',
      });
      expect(result.block).toMatchObject({ kind: 'suspicious_activity', liftedBy: leadId });
      expect(JSON.stringify(result)).not.toContain('three countries');
      expect(await blockRow(server, blockId)).toMatchObject({ lifted_by: leadId });
      const [event] = await successEvents(server, 'block.lift', owner.accountId);
      expect(event).toMatchObject({ staff_id: leadId, verification_id: null });
      expect(detailsOf(event).note).toBe(
        'Travel confirmed with the customer; payout details match the invoice',
      );
    });

    it('identity check: not liftable until approved; an approved check whose block is open is lifted without verification', async () => {
      const pending = await ownerLogin(server, 'kyc.pending@example.com');
      const pendingBlock = await blockOf(
        server,
        'kyc.pending@example.com',
        'identity_check_required',
      );
      const todo = await ownerLogin(server, 'kyc.todo@example.com');
      const todoBlock = await blockOf(server, 'kyc.todo@example.com', 'identity_check_required');
      for (const [blockId, accountId] of [
        [pendingBlock, pending.accountId],
        [todoBlock, todo.accountId],
      ] as const) {
        await expectRefused(
          server,
          () =>
            agent.actions.liftBlock.mutate({ blockId, ticketRef: TICKET, idempotencyKey: key() }),
          'BLOCK_NOT_LIFTABLE',
          { action: 'block.lift', accountId },
        );
      }

      await server.sql(
        "UPDATE identity_checks SET status = 'approved', decided_at = ?, decided_by = ? WHERE block_id = ?",
        server.clock.now,
        leadId,
        pendingBlock,
      );
      const result = await agent.actions.liftBlock.mutate({
        blockId: pendingBlock,
        ticketRef: TICKET,
        idempotencyKey: key(),
      });
      expect(result.block).toMatchObject({
        kind: 'identity_check_required',
        liftedAt: server.clock.now,
        liftedBy: agentId,
      });
      expect(await blockRow(server, pendingBlock)).toMatchObject({ lifted_by: agentId });
    });

    it('replays an idempotency key: same result, lifted once; the key with another input is INVALID_INPUT', async () => {
      const target = await makeActiveAccount(server, {
        identifier: 'lift.twice@example.com',
        selfBlock: true,
      });
      const blockId = String(target.blockId);
      const verificationId = await recordVerification(server, { staffId: agentId, ...target });
      const input = { blockId, verificationId, ticketRef: TICKET, idempotencyKey: key() };
      const { result, events, emails } = await sendThrice(server, target.accountId, () =>
        agent.actions.liftBlock.mutate(input),
      );
      expect(result.block).toMatchObject({
        id: blockId,
        kind: 'self_block',
        liftedAt: server.clock.now,
        liftedBy: agentId,
      });
      expect(await blockRow(server, blockId)).toMatchObject({ lifted_by: agentId });
      expect(await accountRow(server, target.accountId)).toMatchObject({ version: 2 });
      expect(events).toEqual([
        expect.objectContaining({
          action: 'block.lift',
          outcome: 'succeeded',
          account_id: target.accountId,
        }),
      ]);
      expect(emails.map((e) => [e.to_address, e.template])).toEqual([
        ['lift.twice@example.com', 'block_lifted'],
      ]);

      await expectRefused(
        server,
        () => agent.actions.liftBlock.mutate({ ...input, note: 'Caller asked twice' }),
        'INVALID_INPUT',
        { action: 'block.lift', accountId: target.accountId },
      );
      expect(await agent.actions.liftBlock.mutate(input)).toEqual(result);
    });
  });
});

describe('support actions as time passes', () => {
  let server: TestServer;
  let agentId: string;

  beforeAll(async () => {
    server = await startTestServer({ accounts: 0 });
    agentId = await staffIdOf(await server.signedIn('agent@lifeline.test'));
  });
  afterAll(() => server.close());

  it('refuses VERIFICATION_EXPIRED once a verification is 15 minutes old, for every gated action', async () => {
    const reactivate = await ownerLogin(server, 'cancelled.recent@example.com');
    const unlock = await ownerLogin(server, 'hard.locked@example.com');
    const detachVia = await ownerLogin(server, 'dual.role@example.com');
    const member = await teamLogin(server, 'dual.role@example.com', 'studio.owner@example.com');
    const lift = await ownerLogin(server, 'self.blocked@example.com');
    const blockId = await blockOf(server, 'self.blocked@example.com', 'self_block');
    const verifications = {
      reactivate: await recordVerification(server, { staffId: agentId, ...reactivate }),
      unlock: await recordVerification(server, { staffId: agentId, ...unlock }),
      detach: await recordVerification(server, { staffId: agentId, ...detachVia }),
      lift: await recordVerification(server, { staffId: agentId, ...lift }),
    };
    server.clock.advance(VERIFICATION_VALIDITY);
    const agent = await server.signedIn('agent@lifeline.test');

    await expectRefused(
      server,
      () =>
        agent.actions.reactivate.mutate({
          accountId: reactivate.accountId,
          verificationId: verifications.reactivate,
          ticketRef: TICKET,
          idempotencyKey: key(),
          expectedVersion: 1,
        }),
      'VERIFICATION_EXPIRED',
      { action: 'account.reactivate', accountId: reactivate.accountId },
    );
    await expectRefused(
      server,
      () =>
        agent.actions.unlockLogin.mutate({
          loginId: unlock.loginId,
          verificationId: verifications.unlock,
          ticketRef: TICKET,
          idempotencyKey: key(),
          sendResetLink: false,
        }),
      'VERIFICATION_EXPIRED',
      { action: 'login.unlock', accountId: unlock.accountId },
    );
    await expectRefused(
      server,
      () =>
        agent.actions.detachTeamMember.mutate({
          loginId: member.loginId,
          verificationId: verifications.detach,
          ticketRef: TICKET,
          idempotencyKey: key(),
        }),
      'VERIFICATION_EXPIRED',
      { action: 'login.detach_team_member', accountId: member.accountId },
    );
    await expectRefused(
      server,
      () =>
        agent.actions.liftBlock.mutate({
          blockId,
          verificationId: verifications.lift,
          ticketRef: TICKET,
          idempotencyKey: key(),
        }),
      'VERIFICATION_EXPIRED',
      { action: 'block.lift', accountId: lift.accountId },
    );
  });

  it('refuses asked.to.close with WINDOW_CLOSED once its last hour has passed', async () => {
    server.clock.set(SEEDED_AT + HOUR);
    const agent = await server.signedIn('agent@lifeline.test');
    const owner = await ownerLogin(server, 'asked.to.close@example.com');
    const verificationId = await recordVerification(server, { staffId: agentId, ...owner });
    await expectRefused(
      server,
      () =>
        agent.actions.reactivate.mutate({
          accountId: owner.accountId,
          verificationId,
          ticketRef: TICKET,
          idempotencyKey: key(),
          expectedVersion: 1,
        }),
      'WINDOW_CLOSED',
      { action: 'account.reactivate', accountId: owner.accountId },
    );
  });

  it('allows reset links again once the oldest of three has left the hour', async () => {
    let agent = await server.signedIn('agent@lifeline.test');
    const owner = await ownerLogin(server, 'ok.owner@example.com');
    const send = () =>
      agent.actions.sendPasswordReset.mutate({
        loginId: owner.loginId,
        ticketRef: TICKET,
        idempotencyKey: key(),
      });
    await send();
    server.clock.advance(10 * MINUTE);
    await send();
    await send();
    expect(await reasonOf(send())).toBe('RATE_LIMITED');
    server.clock.advance(50 * MINUTE - 1);
    // Past the 30-minute idle timeout of the session: sign in again.
    agent = await server.signedIn('agent@lifeline.test');
    expect(await reasonOf(send())).toBe('RATE_LIMITED');
    server.clock.advance(1);
    expect(await reasonOf(send())).toBe('none');
  });
});

describe('an action on a verification made through verification.check', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ accounts: 0 });
  });
  afterAll(() => server.close());

  it('reactivates cancelled.recent after the caller gives the card last4 on file', async () => {
    const agent = await server.signedIn('agent@lifeline.test');
    const owner = await ownerLogin(server, 'cancelled.recent@example.com');
    const check = await agent.verification.check.mutate({
      identifier: '  Cancelled.Recent@example.com ',
      ticketRef: TICKET,
      factor: { method: 'card_last4', last4: '3333' },
    });
    expect(check.outcome).toBe('passed');
    const verificationId = check.verificationId ?? '';
    const result = await agent.actions.reactivate.mutate({
      accountId: owner.accountId,
      verificationId,
      ticketRef: TICKET,
      idempotencyKey: key(),
      expectedVersion: 1,
    });
    expect(result.account).toMatchObject({ status: 'active', version: 2 });
    const [review] = (await server.sql(
      'SELECT * FROM reactivation_reviews WHERE account_id = ?',
      owner.accountId,
    )) as Row[];
    expect(review).toMatchObject({
      verification_id: verificationId,
      verification_method: 'card_last4',
    });
  });
});
