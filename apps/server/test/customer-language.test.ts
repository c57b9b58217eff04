import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestClient, type TestServer } from './harness.ts';

// Customer emails go out in the customer's language (issue 13): the seeded French customer
// (jdupont, Boulangerie Dupont, Europe/Paris) is written to in French, the others in English.

let server: TestServer;
let agent: TestClient;
let keyCounter = 0;
const key = () => `lang-key-${String(++keyCounter).padStart(6, '0')}`;

async function ownerLoginId(identifier: string): Promise<string> {
  const row = (await server.one(
    `SELECT id FROM logins WHERE identifier = ? AND role = 'owner'`,
    identifier,
  )) as { id: string } | undefined;
  if (!row) throw new Error(`no owner login ${identifier}`);
  return row.id;
}

beforeAll(async () => {
  server = await startTestServer({ accounts: 0 });
  agent = await server.signedIn('agent@lifeline.test');
});
afterAll(() => server.close());

describe('customer emails in the customer language', () => {
  it('writes to a French customer in French and to the others in English', async () => {
    const sent: Record<string, string> = {};
    for (const identifier of ['jdupont', 'new.password@example.com']) {
      const { outboxId } = await agent.actions.sendPasswordReset.mutate({
        loginId: await ownerLoginId(identifier),
        ticketRef: 'ZD-42',
        idempotencyKey: key(),
      });
      const email = (await server.one(
        'SELECT subject, body_text AS "bodyText" FROM outbox WHERE id = ?',
        outboxId,
      )) as { subject: string; bodyText: string };
      sent[identifier] = `${email.subject}\n${email.bodyText}`;
    }
    expect(sent.jdupont).toMatch(/^Réinitialisez votre mot de passe\n/);
    expect(sent.jdupont).toContain("L'équipe support");
    expect(sent['new.password@example.com']).toMatch(/^Reset your password\n/);
  });

  it('seeds French customers in Paris, with the name they know the account by', async () => {
    expect(
      await server.one(
        `SELECT a.display_name AS "displayName", a.time_zone AS "timeZone", a.language
           FROM accounts a JOIN logins l ON l.account_id = a.id WHERE l.identifier = 'jdupont'`,
      ),
    ).toEqual({ displayName: 'Boulangerie Dupont', timeZone: 'Europe/Paris', language: 'fr' });
  });
});
