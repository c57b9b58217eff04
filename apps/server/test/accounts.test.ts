import { SCENARIO_FIRST_FINDING } from '@lifeline/db/seed';
import { MINUTE } from '@lifeline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reasonOf, SEEDED_AT, startTestServer, type TestServer } from './harness.ts';

async function accountIdOf(server: TestServer, identifier: string): Promise<string> {
  const [row] = await server.sql<{ account_id: string }>(
    "SELECT account_id FROM logins WHERE identifier = ? AND role = 'owner'",
    identifier,
  );
  if (!row) throw new Error(`no owner login ${identifier}`);
  return row.account_id;
}

const FIRST_FINDING = SCENARIO_FIRST_FINDING;

describe('accounts.diagnose over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it.each(Object.entries(FIRST_FINDING))('%s diagnoses as %s', async (identifier, code) => {
    const agent = await server.signedIn('agent@lifeline.test');
    const diagnosis = await agent.accounts.diagnose.query({
      identifier: `  ${identifier.toUpperCase()} `,
    });
    expect(diagnosis.findings[0]?.code).toBe(code);
    expect(diagnosis.query).toBe(identifier);
  });

  it('lists the matched logins with the verification methods each one offers', async () => {
    const agent = await server.signedIn('agent@lifeline.test');
    const ok = await agent.accounts.diagnose.query({ identifier: 'ok.owner@example.com' });
    expect(ok.logins).toHaveLength(1);
    expect(ok.logins[0]).toMatchObject({
      identifier: 'ok.owner@example.com',
      role: 'owner',
      accountId: await accountIdOf(server, 'ok.owner@example.com'),
      verificationMethods: {
        cardLast4: true,
        billingAddress: true,
        emailCode: true,
        emailCodeSentTo: 'o•••@example.com',
      },
    });

    const teams = await agent.accounts.diagnose.query({ identifier: 'two.teams@example.com' });
    expect(teams.logins).toHaveLength(2);
    for (const login of teams.logins) {
      expect(login.role).toBe('team_member');
      expect(login.verificationMethods).toEqual({
        cardLast4: false,
        billingAddress: false,
        emailCode: true,
        emailCodeSentTo: 't•••@example.com',
      });
    }

    const trial = await agent.accounts.diagnose.query({ identifier: 'trial.ended@example.com' });
    expect(trial.logins[0]?.verificationMethods).toMatchObject({
      cardLast4: false,
      billingAddress: true,
    });

    // A username account: the code goes to the contact email, masked.
    const username = await agent.accounts.diagnose.query({ identifier: 'J.Dupont@example.fr' });
    expect(username.logins[0]).toMatchObject({ identifier: 'jdupont', matchedBy: 'contact_email' });
    expect(username.logins[0]?.verificationMethods.emailCodeSentTo).toBe('j•••@example.fr');
    // No value that verifies a caller is in a diagnosis.
    expect(JSON.stringify(ok)).not.toMatch(/4242|Oberkampf|75011/);
  });

  it('tells an unknown account id apart from an unknown email or username', async () => {
    const agent = await server.signedIn('agent@lifeline.test');
    const unknownId = await agent.accounts.diagnose.query({ identifier: ' ACC_ZZ404ZZ ' });
    expect(unknownId.findings.map((f) => [f.code, f.scriptKey, f.facts])).toEqual([
      [
        'identifier_not_found',
        'account_id_not_found',
        { givenAs: 'account_id', nearMatches: [], readToCaller: false },
      ],
    ]);
    const unknownEmail = await agent.accounts.diagnose.query({
      identifier: 'nobody.at.all@nowhere.example',
    });
    expect(unknownEmail.findings[0]).toMatchObject({
      scriptKey: 'identifier_not_found',
      facts: { givenAs: 'identifier' },
    });
    // An id some account has is not "unknown", whatever the diagnosis finds for it.
    const accountId = await accountIdOf(server, 'studio.owner@example.com');
    const known = await agent.accounts.diagnose.query({ identifier: accountId });
    expect(known.findings.map((f) => f.scriptKey)).not.toContain('account_id_not_found');
  });

  it('never carries the suspicious-activity note, for agents or leads', async () => {
    for (const email of ['agent@lifeline.test', 'lead@lifeline.test']) {
      const staff = await server.signedIn(email);
      const diagnosis = await staff.accounts.diagnose.query({
        identifier: 'fraud.hold@example.com',
      });
      expect(diagnosis.findings[0]?.code).toBe('suspicious_activity');
      expect(JSON.stringify(diagnosis)).not.toMatch(/countries|payout/i);
    }
  });

  it('says who is verified until when, for this staff member only', async () => {
    const agent = await server.signedIn('agent@lifeline.test');
    const agent2 = await server.signedIn('agent2@lifeline.test');
    const accountId = await accountIdOf(server, 'self.blocked@example.com');
    const before = await agent.accounts.diagnose.query({ identifier: 'self.blocked@example.com' });
    expect(before.verification.accounts).toEqual([
      { accountId, lockedUntil: null, failedTries: 0, triesAllowed: 3, passed: [] },
    ]);

    const check = await agent.verification.check.mutate({
      identifier: 'self.blocked@example.com',
      ticketRef: 'T-100',
      factor: { method: 'card_last4', last4: '9999' },
    });
    expect(check.outcome).toBe('passed');
    const after = await agent.accounts.diagnose.query({ identifier: 'self.blocked@example.com' });
    expect(after.verification.accounts[0]?.passed).toEqual([
      {
        verificationId: check.verificationId,
        loginId: after.logins[0]?.loginId,
        method: 'card_last4',
        ticketRef: 'T-100',
        expiresAt: SEEDED_AT + 15 * MINUTE,
      },
    ]);
    const other = await agent2.accounts.diagnose.query({ identifier: 'self.blocked@example.com' });
    expect(other.verification.accounts[0]?.passed).toEqual([]);
    expect(other.verification.staffThrottledUntil).toBeNull();
  });

  it('refuses callers who are not signed in', async () => {
    expect(
      await reasonOf(
        server.client().accounts.diagnose.query({ identifier: 'ok.owner@example.com' }),
      ),
    ).toBe('UNAUTHENTICATED');
  });
});

describe('accounts.search over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  /** Every live login starting with `prefix`, in the order the search promises. */
  async function expectedPrefix(prefix: string) {
    const rows = await server.sql<{ identifier: string; account_id: string }>(
      `SELECT identifier, account_id FROM logins
        WHERE identifier >= ? AND identifier < ? AND removed_at IS NULL
        ORDER BY identifier, account_id`,
      prefix,
      `${prefix}\u{10FFFF}`,
    );
    return rows.map((row) => `${row.identifier} ${row.account_id}`);
  }

  async function allPages(query: string, limit: number) {
    const agent = await server.signedIn('agent@lifeline.test');
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await agent.accounts.search.query({ query, limit, cursor });
      expect(page.items.length).toBeLessThanOrEqual(limit);
      seen.push(...page.items.map((item) => `${item.identifier} ${item.accountId}`));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor !== undefined && pages < 100);
    return { seen, pages };
  }

  it('finds identifiers by prefix, normalised, with status and plan', async () => {
    const agent = await server.signedIn('agent@lifeline.test');
    const result = await agent.accounts.search.query({ query: '  KYC. ' });
    expect(result.items.map((item) => item.identifier)).toEqual([
      'kyc.pending@example.com',
      'kyc.todo@example.com',
    ]);
    expect(result.items[0]).toMatchObject({
      accountId: await accountIdOf(server, 'kyc.pending@example.com'),
      status: 'active',
      plan: 'paid',
      role: 'owner',
      identifierKind: 'email',
      matchedBy: 'identifier_prefix',
    });
    expect(result.nextCursor).toBeNull();
  });

  it('pages through a wide prefix with a keyset cursor, each login once, in order', async () => {
    const expected = await expectedPrefix('a');
    expect(expected.length).toBeGreaterThan(7);
    const { seen, pages } = await allPages('a', 3);
    expect(seen).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 3));
  });

  it('lists both accounts of a shared identifier', async () => {
    const agent = await server.signedIn('agent@lifeline.test');
    const dual = await agent.accounts.search.query({ query: 'dual.role@example.com' });
    expect(dual.items.map((item) => item.role).sort()).toEqual(['owner', 'team_member']);
  });

  it('finds an account by its id, and a username account by its contact email', async () => {
    const agent = await server.signedIn('agent@lifeline.test');
    const accountId = await accountIdOf(server, 'studio.owner@example.com');
    const byId = await agent.accounts.search.query({ query: accountId.toUpperCase() });
    expect(byId.items.map((item) => [item.identifier, item.role, item.matchedBy])).toEqual([
      ['studio.owner@example.com', 'owner', 'account_id'],
      ['dual.role@example.com', 'team_member', 'account_id'],
    ]);
    expect(byId.nextCursor).toBeNull();

    const byContact = await agent.accounts.search.query({ query: 'j.dupont@example.fr' });
    expect(byContact.items).toEqual([
      expect.objectContaining({
        identifier: 'jdupont',
        identifierKind: 'username',
        matchedBy: 'contact_email',
      }),
    ]);
  });

  it('finds a purged account by its id, and nothing for an unknown query', async () => {
    const agent = await server.signedIn('agent@lifeline.test');
    const [tombstone] = await server.sql<{ account_id: string }>(
      'SELECT account_id FROM tombstones LIMIT 1',
    );
    const purged = await agent.accounts.search.query({ query: tombstone?.account_id ?? '' });
    expect(purged.items).toEqual([
      expect.objectContaining({
        accountId: tombstone?.account_id,
        status: 'purged',
        loginId: null,
      }),
    ]);
    const none = await agent.accounts.search.query({ query: 'nobody.at.all@nowhere.example' });
    expect(none).toEqual({ items: [], nextCursor: null });
  });

  it('leaves removed logins out', async () => {
    const [login] = await server.sql<{ id: string; identifier: string }>(
      "SELECT id, identifier FROM logins WHERE role = 'team_member' AND identifier NOT LIKE '%@example.com' LIMIT 1",
    );
    if (!login) throw new Error('the generated data has no such team member');
    const agent = await server.signedIn('agent@lifeline.test');
    const before = await agent.accounts.search.query({ query: login.identifier });
    expect(before.items.map((item) => item.loginId)).toContain(login.id);
    await server.sql('UPDATE logins SET removed_at = ? WHERE id = ?', SEEDED_AT, login.id);
    const after = await agent.accounts.search.query({ query: login.identifier });
    expect(after.items.map((item) => item.loginId)).not.toContain(login.id);
  });

  it('refuses a forged cursor or one made for another query', async () => {
    const agent = await server.signedIn('agent@lifeline.test');
    const first = await agent.accounts.search.query({ query: 'a', limit: 1 });
    expect(first.nextCursor).not.toBeNull();
    expect(
      await reasonOf(
        agent.accounts.search.query({ query: 'b', limit: 1, cursor: first.nextCursor ?? '' }),
      ),
    ).toBe('INVALID_INPUT');
    expect(
      await reasonOf(agent.accounts.search.query({ query: 'a', cursor: 'not-a-cursor' })),
    ).toBe('INVALID_INPUT');
  });
});

describe('accounts.get over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('shows the account, its logins, blocks and billing without any card digit before a pass', async () => {
    const agent = await server.signedIn('agent@lifeline.test');
    const accountId = await accountIdOf(server, 'ok.owner@example.com');
    const view = await agent.accounts.get.query({ accountId });
    expect(view.account).toMatchObject({
      id: accountId,
      status: 'active',
      plan: 'paid',
      version: 1,
      deactivatedAt: null,
      daysLeft: null,
      balanceCents: 0,
      contactEmail: 'ok.owner@example.com',
      data: { contacts: 1840, lists: 6, campaigns: 42 },
    });
    expect(view.logins).toEqual([
      expect.objectContaining({ identifier: 'ok.owner@example.com', role: 'owner', locked: false }),
    ]);
    expect(view.billing).toMatchObject({
      ownerVerified: false,
      card: { onFile: true, brand: null, masked: null },
      address: { onFile: true, city: null, country: null },
    });
    expect(view.billing.charges).toHaveLength(3);
    const body = JSON.stringify(view);
    expect(body).not.toMatch(/•••• \d{4}|Oberkampf|75011|Paris/);
  });

  it('shows the masked card after a pass by this staff member only, for 15 minutes', async () => {
    const agent = await server.signedIn('agent@lifeline.test');
    const agent2 = await server.signedIn('agent2@lifeline.test');
    const accountId = await accountIdOf(server, 'ok.owner@example.com');
    const check = await agent.verification.check.mutate({
      identifier: 'ok.owner@example.com',
      ticketRef: 'T-200',
      factor: { method: 'card_last4', last4: '4242' },
    });
    expect(check.outcome).toBe('passed');

    const mine = await agent.accounts.get.query({ accountId, ticketRef: 'T-200' });
    expect(mine.billing).toMatchObject({
      ownerVerified: true,
      ownerVerifiedUntil: check.expiresAt,
      card: { onFile: true, brand: 'visa', masked: '•••• 4242' },
      address: { onFile: true, city: 'Paris', country: 'FR' },
    });
    expect(mine.verification.passed[0]).toMatchObject({
      verificationId: check.verificationId,
      method: 'card_last4',
    });
    // The street and postal code are never shown, pass or not.
    expect(JSON.stringify(mine)).not.toMatch(/Oberkampf|75011/);

    // The same agent on another call, or with no call open: the pass proves nothing there.
    for (const elsewhere of [{ accountId, ticketRef: 'T-201' }, { accountId }]) {
      const other = await agent.accounts.get.query(elsewhere);
      expect(other.billing).toMatchObject({ ownerVerified: false, ownerVerifiedUntil: null });
      expect(other.billing.card).toEqual({ onFile: true, brand: null, masked: null });
      expect(other.billing.address).toEqual({ onFile: true, city: null, country: null });
    }

    const theirs = await agent2.accounts.get.query({ accountId, ticketRef: 'T-200' });
    expect(theirs.billing.card).toEqual({ onFile: true, brand: null, masked: null });
    // No card digits in any form (searched as a masked number: ids are hex and may hold '4242').
    expect(JSON.stringify(theirs)).not.toMatch(/•+\s*\d{4}/);
    expect(JSON.stringify(theirs.billing)).not.toContain('4242');

    server.clock.advance(15 * MINUTE);
    const expired = await agent.accounts.get.query({ accountId, ticketRef: 'T-200' });
    expect(expired.billing.card.masked).toBeNull();
  });

  it("does not show the owner's card after a team member's email code", async () => {
    const agent = await server.signedIn('agent@lifeline.test');
    const accountId = await accountIdOf(server, 'agency.one@agency-one.example');
    await agent.verification.sendCode.mutate({
      identifier: 'two.teams@example.com',
      accountId,
      ticketRef: 'T-300',
    });
    const [row] = await server.sql<{ secret: string }>(
      "SELECT secret FROM outbox WHERE template = 'verification_code' AND account_id = ? ORDER BY created_at DESC LIMIT 1",
      accountId,
    );
    const check = await agent.verification.check.mutate({
      identifier: 'two.teams@example.com',
      accountId,
      ticketRef: 'T-300',
      factor: { method: 'email_code', code: row?.secret ?? '' },
    });
    expect(check.outcome).toBe('passed');
    const view = await agent.accounts.get.query({ accountId, ticketRef: 'T-300' });
    expect(view.verification.passed).toHaveLength(1);
    expect(view.billing).toMatchObject({ ownerVerified: false, card: { masked: null } });
  });

  it('hides the suspicious-activity note from agents and shows it to leads', async () => {
    const accountId = await accountIdOf(server, 'fraud.hold@example.com');
    const agent = await server.signedIn('agent@lifeline.test');
    const lead = await server.signedIn('lead@lifeline.test');
    const forAgent = await agent.accounts.get.query({ accountId });
    expect(forAgent.blocks).toEqual([
      expect.objectContaining({ kind: 'suspicious_activity', note: null, noteHidden: true }),
    ]);
    expect(JSON.stringify(forAgent)).not.toMatch(/countries|payout/i);
    const forLead = await lead.accounts.get.query({ accountId });
    expect(forLead.blocks[0]?.note).toMatch(/three countries/);
  });

  it('shows identity checks with their due time, and deactivation with days left', async () => {
    const agent = await server.signedIn('agent@lifeline.test');
    const kyc = await agent.accounts.get.query({
      accountId: await accountIdOf(server, 'kyc.pending@example.com'),
    });
    expect(kyc.identityChecks).toEqual([
      expect.objectContaining({ status: 'submitted', overdue: false }),
    ]);
    expect(kyc.blocks[0]?.identityCheckId).toBe(kyc.identityChecks[0]?.id);

    const cancelled = await agent.accounts.get.query({
      accountId: await accountIdOf(server, 'cancelled.recent@example.com'),
    });
    expect(cancelled.account).toMatchObject({
      status: 'deactivated',
      deactivationReason: 'owner_cancelled',
    });
    expect(cancelled.account.daysLeft).toBeGreaterThan(100);

    const dunning = await agent.accounts.get.query({
      accountId: await accountIdOf(server, 'limited.dunning@example.com'),
    });
    expect(dunning.account.dunning).toMatchObject({ retriesDone: 3 });
    expect(dunning.billing.charges[0]).toMatchObject({ outcome: 'failed', amountCents: 2900 });
  });

  it('puts verification events and emails on the timeline, newest first, without secrets', async () => {
    const agent = await server.signedIn('agent@lifeline.test');
    const accountId = await accountIdOf(server, 'new.password@example.com');
    await agent.verification.sendCode.mutate({
      identifier: 'new.password@example.com',
      ticketRef: 'T-400',
    });
    server.clock.advance(MINUTE);
    await agent.verification.check.mutate({
      identifier: 'new.password@example.com',
      ticketRef: 'T-400',
      factor: { method: 'card_last4', last4: '1357' },
    });
    const view = await agent.accounts.get.query({ accountId });
    const [secret] = await server.sql<{ secret: string }>(
      'SELECT secret FROM outbox WHERE account_id = ?',
      accountId,
    );
    expect(view.timeline.map((entry) => entry.kind)).toEqual(['event', 'event', 'email']);
    expect(view.timeline[0]).toMatchObject({
      action: 'verification.check',
      outcome: 'passed',
      staffName: 'Alex Agent',
      ticketRef: 'T-400',
    });
    expect(view.timeline[2]).toMatchObject({
      kind: 'email',
      template: 'verification_code',
      to: 'n•••@example.com',
      status: 'pending',
    });
    // As a number of its own: epoch milliseconds in the view may hold any six digits.
    expect(JSON.stringify(view)).not.toMatch(new RegExp(`(?<!\\d)${secret?.secret}(?!\\d)`));
  });

  it('shows what is left of a purged account, and NOT_FOUND for an unknown id', async () => {
    const agent = await server.signedIn('agent@lifeline.test');
    const diagnosis = await agent.accounts.diagnose.query({
      identifier: 'purged.long.ago@example.com',
    });
    const purgedId = diagnosis.findings[0]?.accountId ?? '';
    const view = await agent.accounts.get.query({ accountId: purgedId });
    expect(view.account).toMatchObject({ id: purgedId, status: 'purged', plan: null });
    expect(view.account.purgedAt).toEqual(expect.any(Number));
    expect(view.account.deactivatedAt).toEqual(expect.any(Number));
    expect(view).toMatchObject({ logins: [], blocks: [], identityChecks: [] });
    expect(await reasonOf(agent.accounts.get.query({ accountId: 'acc_0000000000000000' }))).toBe(
      'NOT_FOUND',
    );
  });
});
