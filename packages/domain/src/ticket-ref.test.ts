import { describe, expect, it } from 'vitest';
import { TICKET_REF_MAX_LENGTH } from './actions.ts';
import { isTicketRef, ticketUrl } from './ticket-ref.ts';

describe('isTicketRef', () => {
  it('takes the ids help desks use', () => {
    for (const ref of [
      '#12345',
      'ZD-1234',
      'INC0012345',
      'T-1',
      '1',
      'Case 4521',
      'JIRA:SUP-12',
      '2026/11/0042',
      'sf_case.9',
      '#A',
      'x'.repeat(TICKET_REF_MAX_LENGTH),
    ]) {
      expect(isTicketRef(ref), ref).toBe(true);
    }
  });

  it('refuses invisible, bidi, control and non-ASCII characters, formulas, markup and links', () => {
    for (const ref of [
      '',
      ' T-1',
      'T-1 ',
      'T  1',
      'T-1\u200B',
      '\u202ET-1',
      'T-\u20661',
      'T-\uFEFF1',
      'T-1\u00AD',
      'T-1\n',
      'T\t1',
      'T\u00A01',
      'Т-1',
      'ＴＫ-1',
      '=1+1',
      '-2+3',
      '+1',
      '@SUM(A1)',
      '.1',
      '/etc',
      '<b>',
      '{{secret}}',
      'a"b',
      "a'b",
      'https://evil.example/x',
      'ftp://x',
      '#',
      '##',
      'x'.repeat(TICKET_REF_MAX_LENGTH + 1),
    ]) {
      expect(isTicketRef(ref), JSON.stringify(ref)).toBe(false);
    }
  });
});

describe('ticketUrl', () => {
  it('puts the reference, URL-encoded, where the template says', () => {
    expect(ticketUrl('https://acme.zendesk.com/agent/tickets/{ticket}', '#12345')).toBe(
      'https://acme.zendesk.com/agent/tickets/%2312345',
    );
    expect(ticketUrl('https://desk.example/t/{ticket}?x=1', 'Case 4521')).toBe(
      'https://desk.example/t/Case%204521?x=1',
    );
  });
  it('is null without a template', () => {
    expect(ticketUrl(undefined, 'ZD-1')).toBeNull();
  });
});
