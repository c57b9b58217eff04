import { newId } from '@lifeline/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestClient, type TestServer } from './harness.ts';

// Security review (issue 12), SPEC §7: the account view hides other staff members from agents.
// The timeline did; the block list (placedBy, liftedBy) and identity checks (decidedBy) now do
// too. `system` and `customer` stay; an agent sees their own id; leads and admins see who.

async function ownerAccount(server: TestServer, identifier: string): Promise<string> {
  const [row] = await server.sql<{ accountId: string }>(
    `SELECT account_id AS "accountId" FROM logins WHERE identifier = ? AND role = 'owner'`,
    identifier,
  );
  if (!row) throw new Error(`no owner login ${identifier}`);
  return row.accountId;
}

describe('who placed, lifted or decided, as each role sees it', () => {
  let server: TestServer;
  let agentA: TestClient;
  let agentB: TestClient;
  let lead: TestClient;
  let agentAId: string;
  let leadId: string;
  beforeAll(async () => {
    server = await startTestServer({ accounts: 0 });
    agentA = await server.signedIn('agent@lifeline.test');
    agentB = await server.signedIn('agent2@lifeline.test');
    lead = await server.signedIn('lead@lifeline.test');
    agentAId = (await agentA.auth.me.query()).staff.id;
    leadId = (await lead.auth.me.query()).staff.id;
  });
  afterAll(() => server.close());

  it('shows another agent "other" for the agent who lifted a self-block; the lifter and a lead see who', async () => {
    const identifier = 'self.blocked@example.com';
    const accountId = await ownerAccount(server, identifier);
    const verification = await agentA.verification.check.mutate({
      identifier,
      ticketRef: 'ZD-1',
      factor: { method: 'card_last4', last4: '9999' },
    });
    const before = await agentA.accounts.get.query({ accountId });
    const [block] = before.blocks;
    if (!block) throw new Error('self.blocked has no block');
    await agentA.actions.liftBlock.mutate({
      blockId: block.id,
      verificationId: String(verification.verificationId),
      ticketRef: 'ZD-1',
      idempotencyKey: 'visibility-lift-0001',
    });

    const asAgentB = await agentB.accounts.get.query({ accountId });
    expect(asAgentB.blocks).toEqual([
      expect.objectContaining({ id: block.id, placedBy: 'customer', liftedBy: 'other' }),
    ]);
    expect(JSON.stringify(asAgentB)).not.toContain(agentAId);

    const asAgentA = await agentA.accounts.get.query({ accountId });
    expect(asAgentA.blocks[0]).toMatchObject({ placedBy: 'customer', liftedBy: agentAId });
    const asLead = await lead.accounts.get.query({ accountId });
    expect(asLead.blocks[0]).toMatchObject({ placedBy: 'customer', liftedBy: agentAId });
  });

  it('hides a staff member who placed a block or decided an identity check from agents, not from leads', async () => {
    const accountId = await ownerAccount(server, 'ok.owner@example.com');
    const placedAt = server.clock.now - 60_000;
    await server.sql(
      `INSERT INTO blocks (id, account_id, kind, placed_at, placed_by, customer_notified_at)
       VALUES (?, ?, 'self_block', ?, ?, ?)`,
      newId('blk'),
      accountId,
      placedAt,
      leadId,
      placedAt,
    );
    expect((await agentA.accounts.get.query({ accountId })).blocks[0]).toMatchObject({
      placedBy: 'other',
      liftedBy: null,
    });
    expect((await lead.accounts.get.query({ accountId })).blocks[0]).toMatchObject({
      placedBy: leadId,
    });

    const kycAccount = await ownerAccount(server, 'kyc.pending@example.com');
    const [check] = (await lead.accounts.get.query({ accountId: kycAccount })).identityChecks;
    if (!check) throw new Error('kyc.pending has no identity check');
    await lead.identityChecks.decide.mutate({
      checkId: check.id,
      decision: 'approve',
      note: 'Passport matches the owner',
      ticketRef: 'ZD-2',
      idempotencyKey: 'visibility-decide-0001',
    });
    const asAgent = await agentA.accounts.get.query({ accountId: kycAccount });
    expect(asAgent.identityChecks[0]).toMatchObject({ status: 'approved', decidedBy: 'other' });
    expect(asAgent.blocks[0]).toMatchObject({ placedBy: 'system', liftedBy: 'other' });
    expect(JSON.stringify(asAgent)).not.toContain(leadId);
    const asLead = await lead.accounts.get.query({ accountId: kycAccount });
    expect(asLead.identityChecks[0]).toMatchObject({ decidedBy: leadId });
    expect(asLead.blocks[0]).toMatchObject({ liftedBy: leadId });
  });
});
