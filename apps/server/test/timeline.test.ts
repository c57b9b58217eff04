import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.ts';

describe('the account timeline and SPEC §7 (agents see their own audit events)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ accounts: 0 });
  });
  afterAll(() => server.close());

  it('shows an agent what happened on the account, but not who else acted or on which ticket', async () => {
    const lead = await server.signedIn('lead@lifeline.test');
    const agent = await server.signedIn('agent@lifeline.test');
    const { logins } = await agent.accounts.diagnose.query({ identifier: 'ok.owner@example.com' });
    const owner = logins[0];
    if (!owner) throw new Error('ok.owner has no login');
    await lead.actions.sendPasswordReset.mutate({
      loginId: owner.loginId,
      ticketRef: 'LEAD-7',
      idempotencyKey: 'lead-reset-0001',
    });
    await agent.actions.sendPasswordReset.mutate({
      loginId: owner.loginId,
      ticketRef: 'AGENT-9',
      idempotencyKey: 'agent-reset-0001',
    });

    const asAgent = await agent.accounts.get.query({ accountId: owner.accountId });
    const events = asAgent.timeline.filter((entry) => entry.kind === 'event');
    expect(events).toHaveLength(2);
    expect(events).toContainEqual(
      expect.objectContaining({
        staffName: 'Another staff member',
        ticketRef: null,
        staffId: 'other',
      }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({ staffName: 'Alex Agent', ticketRef: 'AGENT-9' }),
    );
    expect(JSON.stringify(asAgent)).not.toContain('LEAD-7');

    const asLead = await lead.accounts.get.query({ accountId: owner.accountId });
    expect(asLead.timeline).toContainEqual(
      expect.objectContaining({ staffName: 'Lee Lead', ticketRef: 'LEAD-7' }),
    );
  });
});
