import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reasonOf, startTestServer, type TestClient, type TestServer } from './harness.ts';

// Security review (issue 12): what staff type reaches customer emails (the ticket reference) and
// other staff (notes). Ticket references follow one safe visible pattern; notes lose invisible
// format and control characters before they are validated, stored and audited.

async function sqlOne<T>(server: TestServer, query: string, ...params: unknown[]): Promise<T> {
  const row = await server.one<T>(query, ...params);
  if (row === undefined) throw new Error(`no row for ${query}`);
  return row;
}

let keys = 0;
function key(): string {
  keys += 1;
  return `typed-text-key-${String(keys).padStart(4, '0')}`;
}

/** Whether the text holds a Unicode format (Cf) or control (Cc) character other than newline. */
function hasInvisible(text: string): boolean {
  return /[\p{Cf}\p{Cc}]/u.test(text.replaceAll('\n', ''));
}

describe('ticket references: a safe visible pattern', () => {
  let server: TestServer;
  let agent: TestClient;
  beforeAll(async () => {
    server = await startTestServer({ accounts: 0 });
    agent = await server.signedIn('agent@lifeline.test');
  });
  afterAll(() => server.close());

  const check = (ticketRef: string) =>
    agent.verification.check.mutate({
      identifier: 'ok.owner@example.com',
      ticketRef,
      factor: { method: 'card_last4', last4: '4242' },
    });

  it('takes help-desk ids as they are written, trimmed', async () => {
    const accepted: Array<[typed: string, stored: string]> = [
      ['#12345', '#12345'],
      ['ZD-1234', 'ZD-1234'],
      ['INC0012345', 'INC0012345'],
      ['T-1', 'T-1'],
      ['  T-2 ', 'T-2'],
      ['Case 4521', 'Case 4521'],
      ['JIRA:SUP-12', 'JIRA:SUP-12'],
      ['2026/11/0042', '2026/11/0042'],
      ['sf_case.9', 'sf_case.9'],
      ['x'.repeat(64), 'x'.repeat(64)],
    ];
    for (const [typed, stored] of accepted) {
      const result = await check(typed);
      expect(result.outcome, typed).toBe('passed');
      expect(
        (
          await sqlOne<{ ticket_ref: string }>(
            server,
            'SELECT ticket_ref FROM verifications WHERE id = ?',
            result.verificationId,
          )
        ).ticket_ref,
      ).toBe(stored);
    }
  });

  it('refuses invisible, right-to-left, control and markup characters, formulas and links', async () => {
    const before = (await server.sql('SELECT id FROM verifications')).length;
    const refused = [
      'T-1\u200B', // zero-width space
      '\u202ET-1', // right-to-left override
      'T-\u20661', // left-to-right isolate
      'T-\uFEFF1', // byte order mark (at the ends, trimming removes it)
      'T-1\u00AD', // soft hyphen
      'T-1\nBcc: evil@example.com',
      'T-1\r\nSubject: hi',
      'T\t1',
      'T\u00A01', // no-break space
      'T  1', // two spaces
      'Т-1', // Cyrillic Т
      '=1+1',
      '-2+3',
      '+1 555 0100',
      '@SUM(A1:A2)',
      '<b>T-1</b>',
      '{{secret}}',
      'https://evil.example/reset',
      '#',
      'x'.repeat(65),
    ];
    for (const ticketRef of refused) {
      expect(await reasonOf(check(ticketRef)), JSON.stringify(ticketRef)).toBe('INVALID_INPUT');
    }
    expect(await server.sql('SELECT id FROM verifications')).toHaveLength(before);
  });
});

describe('notes: invisible format and control characters are removed before anything else', () => {
  let server: TestServer;
  let agent: TestClient;
  let lead: TestClient;
  beforeAll(async () => {
    server = await startTestServer({ accounts: 0 });
    agent = await server.signedIn('agent@lifeline.test');
    lead = await server.signedIn('lead@lifeline.test');
  });
  afterAll(() => server.close());

  it('refuses a required note made only of invisible characters', async () => {
    const { checkId } = await sqlOne<{ checkId: string }>(
      server,
      `SELECT c.id AS "checkId" FROM identity_checks c JOIN logins l ON l.account_id = c.account_id
       WHERE l.identifier = 'kyc.pending@example.com'`,
    );
    for (const note of ['\u200B', ' \u200B\u2060\uFEFF ', '\u202E\u202C', '\u0007\u0000']) {
      expect(
        await reasonOf(
          lead.identityChecks.decide.mutate({
            checkId,
            decision: 'approve',
            note,
            ticketRef: 'ZD-1234',
            idempotencyKey: key(),
          }),
        ),
        JSON.stringify(note),
      ).toBe('INVALID_INPUT');
    }
    expect(
      (
        await sqlOne<{ status: string }>(
          server,
          'SELECT status FROM identity_checks WHERE id = ?',
          checkId,
        )
      ).status,
    ).toBe('submitted');

    // A real note, with invisible characters in it: stored and audited without them.
    await lead.identityChecks.decide.mutate({
      checkId,
      decision: 'approve',
      note: 'Passport\u200B matches;\u202E signed by\u00AD the owner\u0007\r\nChecked twice\u2028\tok',
      ticketRef: 'ZD-1234',
      idempotencyKey: key(),
    });
    const cleaned = 'Passport matches; signed by the owner\nChecked twice\n\tok';
    expect(
      (
        await sqlOne<{ decision_note: string }>(
          server,
          'SELECT decision_note FROM identity_checks WHERE id = ?',
          checkId,
        )
      ).decision_note,
    ).toBe(cleaned);
    const event = await sqlOne<{ details: string }>(
      server,
      "SELECT details FROM audit_events WHERE action = 'identity_check.decide' AND outcome = 'succeeded'",
    );
    expect(JSON.parse(event.details).note).toBe(cleaned);
  });

  it('keeps the cleaned note of an action in the audit log, and the customer email clean', async () => {
    const identifier = 'cancelled.recent@example.com';
    const verification = await agent.verification.check.mutate({
      identifier,
      ticketRef: 'INC0012345',
      factor: { method: 'card_last4', last4: '3333' },
    });
    expect(verification.outcome).toBe('passed');
    const { accountId } = await sqlOne<{ accountId: string }>(
      server,
      `SELECT account_id AS "accountId" FROM logins WHERE identifier = ? AND role = 'owner'`,
      identifier,
    );
    await agent.actions.reactivate.mutate({
      accountId,
      verificationId: String(verification.verificationId),
      ticketRef: 'INC0012345',
      idempotencyKey: key(),
      expectedVersion: 1,
      note: 'Called back\u200B on the number\u202E on file\u2066',
    });
    const event = await sqlOne<{ id: number; details: string; ticket_ref: string }>(
      server,
      "SELECT id, details, ticket_ref FROM audit_events WHERE action = 'account.reactivate' AND account_id = ?",
      accountId,
    );
    expect(JSON.parse(event.details).note).toBe('Called back on the number on file');
    expect(event.ticket_ref).toBe('INC0012345');
    const emails = await server.sql<{ body_text: string; subject: string }>(
      'SELECT body_text, subject FROM outbox WHERE audit_event_id = ?',
      event.id,
    );
    expect(emails.length).toBeGreaterThan(0);
    for (const email of emails) {
      expect(email.body_text).toContain('(ticket INC0012345)');
      expect(hasInvisible(email.body_text)).toBe(false);
      expect(hasInvisible(email.subject)).toBe(false);
    }
  });
});
