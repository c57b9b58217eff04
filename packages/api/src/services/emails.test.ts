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

describe('renderEmail: in the customer language (issue 13)', () => {
  const values = {
    accountId: 'acc_1',
    ticketRef: 'ZD-1',
    identifier: 'j.dupont@example.fr',
    status: 'limited',
    why: 'member_elsewhere',
  };

  it('has every email in French, with the same secret slot and facts as the English one', () => {
    for (const template of OUTBOX_TEMPLATES) {
      for (const decision of ['approve', 'reject']) {
        const en = renderEmail(template, { ...values, decision }, 'en');
        const fr = renderEmail(template, { ...values, decision }, 'fr');
        expect(fr.subject, template).not.toBe(en.subject);
        expect(fr.bodyText, template).not.toBe(en.bodyText);
        expect(fr.bodyText.split(SECRET_PLACEHOLDER).length, template).toBe(
          en.bodyText.split(SECRET_PLACEHOLDER).length,
        );
        expect(fr.bodyText, template).toContain("L'équipe support");
        for (const fact of ['acc_1', 'ZD-1', 'j.dupont@example.fr']) {
          expect(fr.bodyText.includes(fact), `${template} ${fact}`).toBe(
            en.bodyText.includes(fact),
          );
        }
      }
    }
  });

  it('words codes in the language: the status, why a login was detached', () => {
    expect(renderEmail('account_reactivated', values, 'fr').bodyText).toContain(
      "limité jusqu'au règlement du solde",
    );
    expect(renderEmail('account_reactivated', values, 'en').bodyText).toContain(
      'limited until the balance is paid',
    );
    expect(renderEmail('team_member_detached', values, 'fr').bodyText).toContain(
      "membre de l'équipe d'un autre compte",
    );
    expect(renderEmail('team_member_detached', values, 'en').bodyText).toContain(
      'also a team member of another account',
    );
  });
});
