import { appendAuditEvent } from '@lifeline/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvField } from '../src/audit-csv.ts';
import { jarOf, startTestServer, type TestClient, type TestServer } from './harness.ts';

// GET /api/audit.csv over real HTTP: the same rows as audit.list, RFC 4180 quoting, formula
// neutralisation, agent scoping, validation and the session gate.

/** An RFC 4180 reader, strict enough to catch a quoting mistake in the export. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      if (field !== '') throw new Error(`stray quote at ${i}`);
      quoted = true;
    } else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else if (char === '\n' || char === '\r') {
      throw new Error(`bare line break at ${i}`);
    } else {
      field += char;
    }
  }
  if (quoted) throw new Error('unterminated quote');
  if (field !== '' || row.length > 0) throw new Error('last line without CRLF');
  return rows;
}

let server: TestServer;
let lead: TestClient;
let agent: TestClient;
const staffIds: Record<string, string> = {};

function cookieOf(client: TestClient): string {
  return `lifeline_session=${jarOf(client).get('lifeline_session')}`;
}

async function download(client: TestClient | null, query = '') {
  const response = await fetch(`${server.url}/api/audit.csv${query}`, {
    headers: client ? { cookie: cookieOf(client) } : {},
  });
  // Decoded keeping the BOM (response.text() would strip it), to check it is sent.
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { response, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) };
}

function rowsOf(text: string) {
  expect(text.startsWith('\uFEFF')).toBe(true);
  const [header, ...rows] = parseCsv(text.slice(1));
  return { header, rows };
}

beforeAll(async () => {
  server = await startTestServer({ accounts: 0 });
  lead = await server.signedIn('lead@lifeline.test');
  agent = await server.signedIn('agent@lifeline.test');
  for (const row of await server.sql<{ id: string; email: string }>(
    'SELECT id, email FROM staff',
  )) {
    staffIds[row.email] = row.id;
  }
  // Free text that a spreadsheet would misread, and events from several staff members.
  await server.db.transaction(async (tx) => {
    const base = { at: server.clock.now, action: 'login.unlock', outcome: 'succeeded' } as const;
    await appendAuditEvent(tx, {
      ...base,
      staffId: staffIds['agent@lifeline.test'] ?? '',
      ticketRef: '=HYPERLINK("http://evil.example","click")',
      details: { note: 'line one\nline two, with "quotes"' },
    });
    await appendAuditEvent(tx, {
      ...base,
      staffId: staffIds['lead@lifeline.test'] ?? '',
      ticketRef: '+1 555 0100',
    });
    await appendAuditEvent(tx, { ...base, staffId: 'system', ticketRef: '-2+3' });
    await appendAuditEvent(tx, { ...base, staffId: 'system', ticketRef: '@SUM(A1:A2)' });
  });
});
afterAll(() => server.close());

describe('GET /api/audit.csv', () => {
  it('answers 401 JSON without a session, and with a forged one', async () => {
    for (const headers of [{}, { cookie: `lifeline_session=${'x'.repeat(43)}` }]) {
      const response = await fetch(`${server.url}/api/audit.csv`, { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/application\/json/);
      const body = (await response.json()) as { error: { data: { reason: string } } };
      expect(body.error.data.reason).toBe('UNAUTHENTICATED');
    }
  });

  it('sends an attachment named with the date, as UTF-8 CSV with a header row', async () => {
    const { response, text } = await download(lead);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="lifeline-audit-2026-11-23.csv"',
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(rowsOf(text).header).toEqual([
      'id',
      'at',
      'staffId',
      'staffName',
      'action',
      'outcome',
      'reason',
      'accountId',
      'loginId',
      'ticketRef',
      'verificationId',
      'details',
    ]);
  });

  it('has exactly the rows of audit.list, in the same order', async () => {
    const list = await lead.audit.list.query({ limit: 200 });
    expect(list.nextCursor).toBeNull();
    const { rows } = rowsOf((await download(lead)).text);
    const unneutralise = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);
    expect(rows.map((row) => row.map(unneutralise))).toEqual(
      list.items.map((item) => [
        String(item.id),
        new Date(item.at).toISOString(),
        item.staffId,
        item.staffName ?? '',
        item.action,
        item.outcome,
        item.reason ?? '',
        item.accountId ?? '',
        item.loginId ?? '',
        item.ticketRef ?? '',
        item.verificationId ?? '',
        JSON.stringify(item.details),
      ]),
    );
  });

  it('quotes per RFC 4180 and neutralises spreadsheet formulas', async () => {
    const { text } = await download(lead, '?action=login.unlock');
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    const { rows } = rowsOf(text);
    const tickets = rows.map((row) => row[9]);
    expect(tickets).toEqual([
      `'@SUM(A1:A2)`,
      `'-2+3`,
      `'+1 555 0100`,
      `'=HYPERLINK("http://evil.example","click")`,
    ]);
    const details = rows.map((row) => row[11]);
    expect(JSON.parse(details[3] ?? '')).toEqual({ note: 'line one\nline two, with "quotes"' });
    expect(csvField('plain')).toBe('plain');
    expect(csvField(null)).toBe('');
    expect(csvField('\tcmd')).toBe("'\tcmd");
    expect(csvField('a"b')).toBe('"a""b"');
  });

  it('applies the filters of audit.list, dates as epoch ms or ISO 8601', async () => {
    const agentId = staffIds['agent@lifeline.test'] ?? '';
    const { rows } = rowsOf((await download(lead, `?staffId=${agentId}`)).text);
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.every((row) => row[2] === agentId)).toBe(true);

    const now = server.clock.now;
    const before = rowsOf((await download(lead, `?to=${now}`)).text).rows;
    expect(before).toEqual([]);
    const isoFrom = encodeURIComponent(new Date(now).toISOString());
    const since = rowsOf((await download(lead, `?from=${isoFrom}&action=login.unlock`)).text).rows;
    expect(since).toHaveLength(4);
  });

  it('refuses bad filters with 400 JSON', async () => {
    for (const query of [
      '?action=drop.tables',
      '?from=yesterday',
      '?accountId=nope',
      '?unknown=1',
      '?action=login.unlock&action=auth.login',
      `?from=${server.clock.now}&to=${server.clock.now - 1}`,
    ]) {
      const { response, text } = await download(lead, query);
      expect(response.status, query).toBe(400);
      expect(JSON.parse(text).error.data.reason).toBe('INVALID_INPUT');
    }
  });

  it('gives agents their own events only, even when they ask for another staff member', async () => {
    const agentId = staffIds['agent@lifeline.test'] ?? '';
    for (const query of ['', `?staffId=${staffIds['lead@lifeline.test']}`, '?staffId=system']) {
      const { response, text } = await download(agent, query);
      expect(response.status).toBe(200);
      const { rows } = rowsOf(text);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((row) => row[2] === agentId)).toBe(true);
    }
  });

  it('streams more rows than one page, each once, newest first', async () => {
    await server.db.transaction(async (tx) => {
      for (let i = 0; i < 1234; i += 1) {
        await appendAuditEvent(tx, {
          at: server.clock.now + 1,
          staffId: 'system',
          action: 'job.lockout_expiry',
          outcome: 'succeeded',
          details: { i },
        });
      }
    });
    const { rows } = rowsOf((await download(lead)).text);
    const total = await server.count('SELECT count(*) AS n FROM audit_events');
    expect(rows).toHaveLength(total);
    const ids = rows.map((row) => Number(row[0]));
    expect(new Set(ids).size).toBe(total);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });
});

describe('GET /api/audit.csv with TICKET_URL_TEMPLATE', () => {
  let linked: TestServer;
  let linkedLead: TestClient;
  beforeAll(async () => {
    linked = await startTestServer({
      accounts: 0,
      ticketUrlTemplate: 'https://acme.zendesk.test/agent/tickets/{ticket}',
    });
    linkedLead = await linked.signedIn('lead@lifeline.test');
    const leadId = (await linkedLead.auth.me.query()).staff.id;
    await linked.db.transaction(async (tx) => {
      const base = { at: linked.clock.now, staffId: leadId, outcome: 'succeeded' } as const;
      await appendAuditEvent(tx, { ...base, action: 'login.unlock', ticketRef: '#12345' });
      await appendAuditEvent(tx, { ...base, action: 'login.unlock', ticketRef: 'Case 4521' });
      await appendAuditEvent(tx, { ...base, action: 'login.unlock' });
    });
  });
  afterAll(() => linked.close());

  it('adds a ticketUrl column after ticketRef, the reference encoded, empty without a ticket', async () => {
    const response = await fetch(`${linked.url}/api/audit.csv?action=login.unlock`, {
      headers: { cookie: `lifeline_session=${jarOf(linkedLead).get('lifeline_session')}` },
    });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const { header, rows } = rowsOf(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes));
    expect(header?.slice(9, 12)).toEqual(['ticketRef', 'ticketUrl', 'verificationId']);
    expect(header).toHaveLength(13);
    expect(rows.map((row) => [row[9], row[10]])).toEqual([
      ['', ''],
      ['Case 4521', 'https://acme.zendesk.test/agent/tickets/Case%204521'],
      ['#12345', 'https://acme.zendesk.test/agent/tickets/%2312345'],
    ]);
  });

  it('gives the template to signed-in staff only (auth.me), not the public config', async () => {
    expect((await linkedLead.auth.me.query()).ticketUrlTemplate).toBe(
      'https://acme.zendesk.test/agent/tickets/{ticket}',
    );
    expect(await lead.auth.me.query()).toMatchObject({ ticketUrlTemplate: null });
    expect(JSON.stringify(await linkedLead.auth.config.query())).not.toContain('zendesk');
  });
});
