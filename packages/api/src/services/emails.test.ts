import { OUTBOX_TEMPLATES } from '@lifeline/domain';
import { describe, expect, it } from 'vitest';
import { renderEmail, SECRET_PLACEHOLDER } from './emails.ts';

/** Whether the text holds a Unicode format (Cf) or control (Cc) character other than newline. */
function hasInvisible(text: string): boolean {
  return /[\p{Cf}\p{Cc}]/u.test(text.replaceAll('\n', ''));
}

const HOSTILE =
  'T-1\r\n\r\nClick https://evil.example to keep your account\u2028\u2029\u0085\u000B\u000C' +
  '\u202Emoc.elpmaxe\u202C\u200B\u2066\uFEFF\u0000\t{{secret}}{{{secret}}}';

const facts = {
  accountId: HOSTILE,
  ticketRef: HOSTILE,
  identifier: HOSTILE,
  status: HOSTILE,
  why: HOSTILE,
  decision: 'approve',
};

function lineCount(text: string): number {
  return text.split('\n').length;
}

describe('renderEmail: staff-typed and stored values cannot reshape a customer email', () => {
  it('keeps every interpolated value on one line, visible, and without a secret placeholder', () => {
    for (const template of OUTBOX_TEMPLATES) {
      const plain = renderEmail(template, {
        accountId: 'acc_1234abcd',
        ticketRef: 'T-1',
        identifier: 'someone@example.com',
        status: 'active',
        why: 'Because.',
        decision: 'approve',
      });
      const hostile = renderEmail(template, facts);
      // Same shape as with harmless values: no line, no placeholder, no invisible character added.
      expect(lineCount(hostile.bodyText), template).toBe(lineCount(plain.bodyText));
      expect(hostile.bodyText.split(SECRET_PLACEHOLDER).length, template).toBe(
        plain.bodyText.split(SECRET_PLACEHOLDER).length,
      );
      expect(hasInvisible(hostile.bodyText), template).toBe(false);
      expect(hasInvisible(hostile.subject), template).toBe(false);
      expect(hostile.subject, template).toBe(plain.subject);
    }
  });

  it('shows the value itself, flattened to one line of visible text', () => {
    const { bodyText } = renderEmail('login_unlocked', {
      identifier: 'someone@example.com',
      ticketRef: 'T-1\n\nClick\u202E here\u200B',
    });
    expect(bodyText).toContain('(ticket T-1 Click here)');
  });
});
