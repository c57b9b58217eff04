import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reasonOf, startTestServer, type TestClient, type TestServer } from './harness.ts';

// Escalations over real HTTP (issue 13): an agent hands a case to the leads; a lead takes it and
// closes it with an outcome; each step is audited; a second lead who loses a race is told who won.

type Row = Record<string, unknown>;

let server: TestServer;
let agent: TestClient;
let lead: TestClient;
let secondLead: TestClient;
let keyCounter = 0;
const key = () => `esc-key-${String(++keyCounter).padStart(6, '0')}`;

async function accountOf(identifier: string): Promise<string> {
  const row = (await server.one(
    `SELECT account_id AS "accountId" FROM logins WHERE identifier = ? AND role = 'owner'`,
    identifier,
  )) as { accountId: string } | undefined;
  if (!row) throw new Error(`no owner login ${identifier}`);
  return row.accountId;
}

beforeAll(async () => {
  server = await startTestServer({ accounts: 0 });
  agent = await server.signedIn('agent@lifeline.test');
  lead = await server.signedIn('lead@lifeline.test');
  const admin = await server.signedIn('admin@lifeline.test');
  const password = 'second-lead-password';
  await admin.staff.create.mutate({
    email: 'lead.two@lifeline.test',
    displayName: 'Second Lead',
    role: 'lead',
    password,
  });
  secondLead = server.client();
  await secondLead.auth.login.mutate({ email: 'lead.two@lifeline.test', password });
});
afterAll(() => server.close());

describe('escalations', () => {
  it('opens one per account, audited; a second attempt is told which one is open', async () => {
    const accountId = await accountOf('fraud.hold@example.com');
    const first = await agent.escalations.open.mutate({
      accountId,
      ticketRef: 'ZD-9001',
      reason: 'suspicious_activity',
      note: 'Caller says the card was stolen last week.',
      idempotencyKey: key(),
    });
    expect(first.alreadyOpen).toBe(false);
    expect(first.escalation).toMatchObject({
      accountId,
      ticketRef: 'ZD-9001',
      reason: 'suspicious_activity',
      status: 'open',
      openedByName: expect.any(String),
    });
    const again = await agent.escalations.open.mutate({
      accountId,
      ticketRef: 'ZD-9002',
      reason: 'other',
      idempotencyKey: key(),
    });
    expect(again).toMatchObject({ alreadyOpen: true, escalation: { id: first.escalation.id } });
    const events = (await server.sql(
      `SELECT action, outcome, ticket_ref AS "ticketRef" FROM audit_events
        WHERE action LIKE 'escalation.%' AND account_id = ? ORDER BY id`,
      accountId,
    )) as Row[];
    expect(events).toEqual([
      { action: 'escalation.open', outcome: 'succeeded', ticketRef: 'ZD-9001' },
    ]);
    expect((await agent.escalations.forAccount.query({ accountId })).items).toHaveLength(1);
  });

  it('is for leads to see, take and close; agents may not', async () => {
    expect(await reasonOf(agent.escalations.queue.query())).toBe('FORBIDDEN_ROLE');
    const { items } = await lead.escalations.queue.query();
    const [escalation] = items;
    if (!escalation) throw new Error('no escalation in the queue');
    expect(await reasonOf(agent.escalations.take.mutate({ escalationId: escalation.id }))).toBe(
      'FORBIDDEN_ROLE',
    );

    const taken = await lead.escalations.take.mutate({ escalationId: escalation.id });
    expect(taken.escalation).toMatchObject({ status: 'taken', takenByName: expect.any(String) });

    // The second lead is told who holds it.
    await expect(
      secondLead.escalations.take.mutate({ escalationId: escalation.id }),
    ).rejects.toThrow(/has already taken this escalation/);
    expect(
      await reasonOf(secondLead.escalations.take.mutate({ escalationId: escalation.id })),
    ).toBe('VERSION_CONFLICT');
    // Fixed or declined need a note saying what was done.
    expect(
      await reasonOf(
        lead.escalations.close.mutate({ escalationId: escalation.id, outcome: 'fixed' }),
      ),
    ).toBe('INVALID_INPUT');
    const closed = await lead.escalations.close.mutate({
      escalationId: escalation.id,
      outcome: 'declined',
      note: 'Fraud team keeps the hold: chargeback open.',
    });
    expect(closed.escalation).toMatchObject({
      status: 'closed',
      outcome: 'declined',
      outcomeNote: 'Fraud team keeps the hold: chargeback open.',
    });
    expect((await lead.escalations.queue.query()).items).toEqual([]);
    expect((await lead.escalations.queue.query({ status: 'closed' })).items).toHaveLength(1);
    expect(await reasonOf(lead.escalations.take.mutate({ escalationId: escalation.id }))).toBe(
      'VERSION_CONFLICT',
    );
  });

  it('refuses an unknown account or escalation with NOT_FOUND, and a bad id as input', async () => {
    expect(
      await reasonOf(
        agent.escalations.open.mutate({
          accountId: 'acc_0000000000000000',
          ticketRef: 'ZD-1',
          reason: 'other',
          idempotencyKey: key(),
        }),
      ),
    ).toBe('NOT_FOUND');
    expect(
      await reasonOf(lead.escalations.take.mutate({ escalationId: 'esc_0000000000000000' })),
    ).toBe('NOT_FOUND');
    expect(
      await reasonOf(lead.escalations.take.mutate({ escalationId: 'rev_0000000000000000' })),
    ).toBe('INVALID_INPUT');
  });
});
