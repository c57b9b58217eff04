import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reasonOf, startTestServer, type TestClient, type TestServer } from './harness.ts';

// Security review (issue 12), SPEC §6: two agents detach the same team-member login at once.
// Exactly one succeeds; the other gets VERSION_CONFLICT (not NOT_FOUND) and sees the fresh state.

const TICKET = 'ZD-4242';

describe('detaching one team-member login twice at once', () => {
  let server: TestServer;
  let agent: TestClient;
  let agent2: TestClient;
  beforeAll(async () => {
    server = await startTestServer({ accounts: 0 });
    agent = await server.signedIn('agent@lifeline.test');
    agent2 = await server.signedIn('agent2@lifeline.test');
  });
  afterAll(() => server.close());

  it('lets one agent detach it and answers the other VERSION_CONFLICT, audited', async () => {
    // dual.role owns one account (card 2222) and is a team member of studio.owner's.
    const [member] = await server.sql<{
      loginId: string;
      accountId: string;
    }>(`SELECT l.id AS "loginId", l.account_id AS "accountId" FROM logins l
       JOIN logins o ON o.account_id = l.account_id AND o.role = 'owner'
       WHERE l.identifier = 'dual.role@example.com' AND l.role = 'team_member'
         AND o.identifier = 'studio.owner@example.com'`);
    if (!member) throw new Error('no team-member login for dual.role');
    const verify = (client: TestClient) =>
      client.verification.check.mutate({
        identifier: 'dual.role@example.com',
        ticketRef: TICKET,
        factor: { method: 'card_last4', last4: '2222' },
      });
    const [first, second] = await Promise.all([verify(agent), verify(agent2)]);
    expect([first.outcome, second.outcome]).toEqual(['passed', 'passed']);

    const detach = (client: TestClient, verificationId: string, idempotencyKey: string) =>
      client.actions.detachTeamMember.mutate({
        loginId: member.loginId,
        verificationId,
        ticketRef: TICKET,
        idempotencyKey,
      });
    const answers = await Promise.all([
      reasonOf(detach(agent, String(first.verificationId), 'race-detach-agent-1')),
      reasonOf(detach(agent2, String(second.verificationId), 'race-detach-agent-2')),
    ]);
    expect([...answers].sort()).toEqual(['VERSION_CONFLICT', 'none']);

    const events = await server.sql<{
      outcome: string;
      reason: string | null;
      login_id: string | null;
    }>(
      "SELECT outcome, reason, login_id FROM audit_events WHERE action = 'login.detach_team_member' ORDER BY id",
    );
    expect(events.map((e) => [e.outcome, e.reason]).sort()).toEqual([
      ['refused', 'VERSION_CONFLICT'],
      ['succeeded', null],
    ]);
    expect(await server.sql('SELECT version FROM accounts WHERE id = ?', member.accountId)).toEqual(
      [{ version: 2 }],
    );
    // One success, so one email to the owner and one to the removed address.
    expect(
      await server.sql('SELECT id FROM outbox WHERE account_id = ?', member.accountId),
    ).toHaveLength(2);

    // The loser reloads and sees the fresh state: the login is removed.
    const loser = answers[0] === 'none' ? agent2 : agent;
    const fresh = await loser.accounts.get.query({ accountId: member.accountId });
    expect(fresh.logins.find((l) => l.id === member.loginId)?.removedAt).toEqual(
      expect.any(Number),
    );
    expect(fresh.account.version).toBe(2);
  });

  it('still answers NOT_FOUND for a login id that names no login', async () => {
    const [pass] = await server.sql<{ id: string }>(
      "SELECT id FROM verifications WHERE outcome = 'passed' LIMIT 1",
    );
    expect(
      await reasonOf(
        agent.actions.detachTeamMember.mutate({
          loginId: 'lgn_0000000000000000',
          verificationId: String(pass?.id),
          ticketRef: TICKET,
          idempotencyKey: 'race-detach-unknown-1',
        }),
      ),
    ).toBe('NOT_FOUND');
  });
});
