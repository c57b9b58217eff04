import { appendAuditEvent } from '@lifeline/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvField } from '../src/audit-csv.ts';
import { jarOf, startTestServer, type TestServer } from './harness.ts';

// Excel and LibreOffice in a locale whose list separator is `;` (French, German…) split a
// comma-separated row at every `;` and every line break, quoted or not: each of those starts a
// cell, and a cell can start a formula. So a `;` field is quoted, and a formula character at
// any place a cell can start (after blanks or quotes) gets the apostrophe that keeps it text.

/** Where a semicolon-locale spreadsheet starts its cells in one line of the file. */
function semicolonCells(line: string): string[] {
  return line.split(/;|\r\n|\r|\n/);
}

const FORMULA_START = /^[ \t"]*[=+\-@\t\r]/;

describe('csvField in a semicolon locale', () => {
  it('quotes any field holding a semicolon', () => {
    expect(csvField('a;b')).toBe('"a;b"');
    expect(csvField('TCK-1;TCK-2')).toBe('"TCK-1;TCK-2"');
  });

  it('leaves no cell of the row starting a formula', () => {
    const hostile = [
      'ok;=HYPERLINK("http://evil.example","click")',
      'ok; =1+1',
      'ok;\t=1+1',
      'ok;"=1+1"',
      'ok;+1;-1;@SUM(A1)',
      'line\n=1+1',
      'line\r\n@SUM(A1)',
      'line\r-2+3',
      ' =1+1',
      '=1+1;=2+2',
    ];
    for (const value of hostile) {
      const field = csvField(value);
      for (const cell of semicolonCells(field)) {
        expect(
          FORMULA_START.test(cell),
          `${JSON.stringify(value)} → ${JSON.stringify(field)}`,
        ).toBe(false);
      }
    }
    expect(csvField('ok;=1+1')).toBe(`"ok;'=1+1"`);
  });

  it('leaves harmless semicolons and plain text as they were', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a; b')).toBe('"a; b"');
    expect(csvField('x-1')).toBe('x-1');
  });
});

describe('GET /api/audit.csv with semicolons in free text', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ accounts: 0 });
    const staffId = String(
      (
        (await server.one("SELECT id FROM staff WHERE email = 'lead@lifeline.test'")) as {
          id: string;
        }
      ).id,
    );
    await server.db.transaction(async (tx) => {
      await appendAuditEvent(tx, {
        at: server.clock.now,
        staffId,
        action: 'login.unlock',
        outcome: 'succeeded',
        ticketRef: 'TCK-7;=HYPERLINK("http://evil.example";"x")',
      });
    });
  });
  afterAll(() => server.close());

  it('sends no line in which a semicolon-separated cell starts a formula', async () => {
    const lead = await server.signedIn('lead@lifeline.test');
    const response = await fetch(`${server.url}/api/audit.csv?action=login.unlock`, {
      headers: { cookie: `lifeline_session=${jarOf(lead).get('lifeline_session')}` },
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain(`"TCK-7;'=HYPERLINK(""http://evil.example"";""x"")"`);
    for (const line of text.split('\r\n')) {
      for (const cell of semicolonCells(line)) expect(FORMULA_START.test(cell), line).toBe(false);
    }
  });
});
