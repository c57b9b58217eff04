import {
  AUDIT_OUTCOMES,
  WEBHOOK_EVENT_TYPES,
  type WebhookEventType,
  type WebhookPayload,
} from '@lifeline/domain';
import { describe, expect, it } from 'vitest';
import { NOTE_LANGUAGES, noteFor } from './notes.ts';

const base: WebhookPayload['data'] = {
  auditEventId: 7,
  action: null,
  outcome: null,
  reason: null,
  staffId: 'stf_agent0001',
  ticket: { ref: 'ZD-1234', url: null },
  account: { id: 'acc_owner0001', url: 'https://lifeline.test/accounts/acc_owner0001' },
  login: { id: 'lgn_owner0001', identifier: 'd***@example.com' },
  verification: { id: 'ver_0001', method: 'card_last4' },
};

/** One realistic payload per event type, as the server builds them. */
function eventOf(type: WebhookEventType): WebhookPayload {
  const data = { ...base };
  switch (type) {
    case 'verification.passed':
    case 'verification.failed':
    case 'verification.locked':
      Object.assign(data, { action: 'verification.check', outcome: type.split('.')[1] });
      break;
    case 'action.succeeded':
      Object.assign(data, { action: 'account.reactivate', outcome: 'succeeded' });
      break;
    case 'action.refused':
      Object.assign(data, {
        action: 'account.reactivate',
        outcome: 'refused',
        reason: 'WINDOW_CLOSED',
        verification: null,
      });
      break;
    case 'review.marked':
      Object.assign(data, { action: 'review.mark', outcome: 'succeeded', staffId: 'stf_lead0001' });
      break;
    case 'escalation.opened':
    case 'escalation.closed':
      Object.assign(data, { verification: null });
      break;
    case 'webhook.test':
      Object.assign(data, {
        auditEventId: null,
        staffId: 'stf_admin0001',
        ticket: null,
        account: null,
        login: null,
        verification: null,
      });
      break;
  }
  expect(data.outcome === null || AUDIT_OUTCOMES.includes(data.outcome)).toBe(true);
  return { type, timestamp: '2026-11-23T10:00:00.000Z', data };
}

const EXPECTED: Record<'en' | 'fr', Record<WebhookEventType, string>> = {
  en: {
    'verification.passed':
      'Lifeline: caller verified with a card check on login d***@example.com of account acc_owner0001 by stf_agent0001 — ticket ZD-1234. Open: https://lifeline.test/accounts/acc_owner0001',
    'verification.failed':
      'Lifeline: verification with a card check failed on login d***@example.com of account acc_owner0001 by stf_agent0001 — ticket ZD-1234. Open: https://lifeline.test/accounts/acc_owner0001',
    'verification.locked':
      'Lifeline: verification of login d***@example.com of account acc_owner0001 locked (too many failed attempts) by stf_agent0001 — ticket ZD-1234. Open: https://lifeline.test/accounts/acc_owner0001',
    'action.succeeded':
      'Lifeline: account acc_owner0001 reactivated by stf_agent0001 after a card check — ticket ZD-1234. Open: https://lifeline.test/accounts/acc_owner0001',
    'action.refused':
      'Lifeline: refused (WINDOW_CLOSED): reactivating account acc_owner0001 by stf_agent0001 — ticket ZD-1234. Open: https://lifeline.test/accounts/acc_owner0001',
    'review.marked':
      'Lifeline: support action on account acc_owner0001 reviewed by stf_lead0001 — ticket ZD-1234. Open: https://lifeline.test/accounts/acc_owner0001',
    'escalation.opened':
      'Lifeline: escalation opened for account acc_owner0001 by stf_agent0001 — ticket ZD-1234. Open: https://lifeline.test/accounts/acc_owner0001',
    'escalation.closed':
      'Lifeline: escalation closed for account acc_owner0001 by stf_agent0001 — ticket ZD-1234. Open: https://lifeline.test/accounts/acc_owner0001',
    'webhook.test': 'Lifeline: test event from the Webhooks page (this receiver works).',
  },
  fr: {
    'verification.passed':
      'Lifeline : appelant vérifié avec une vérification de la carte sur l’identifiant d***@example.com du compte acc_owner0001 par stf_agent0001 — ticket ZD-1234. Ouvrir : https://lifeline.test/accounts/acc_owner0001',
    'verification.failed':
      'Lifeline : échec de la vérification avec une vérification de la carte sur l’identifiant d***@example.com du compte acc_owner0001 par stf_agent0001 — ticket ZD-1234. Ouvrir : https://lifeline.test/accounts/acc_owner0001',
    'verification.locked':
      'Lifeline : vérification de l’identifiant d***@example.com du compte acc_owner0001 verrouillée (trop d’essais manqués) par stf_agent0001 — ticket ZD-1234. Ouvrir : https://lifeline.test/accounts/acc_owner0001',
    'action.succeeded':
      'Lifeline : compte acc_owner0001 réactivé par stf_agent0001 après une vérification de la carte — ticket ZD-1234. Ouvrir : https://lifeline.test/accounts/acc_owner0001',
    'action.refused':
      'Lifeline : refusé (WINDOW_CLOSED) : réactivation du compte acc_owner0001 par stf_agent0001 — ticket ZD-1234. Ouvrir : https://lifeline.test/accounts/acc_owner0001',
    'review.marked':
      'Lifeline : action de support sur le compte acc_owner0001 revue par stf_lead0001 — ticket ZD-1234. Ouvrir : https://lifeline.test/accounts/acc_owner0001',
    'escalation.opened':
      'Lifeline : escalade ouverte pour le compte acc_owner0001 par stf_agent0001 — ticket ZD-1234. Ouvrir : https://lifeline.test/accounts/acc_owner0001',
    'escalation.closed':
      'Lifeline : escalade fermée pour le compte acc_owner0001 par stf_agent0001 — ticket ZD-1234. Ouvrir : https://lifeline.test/accounts/acc_owner0001',
    'webhook.test':
      'Lifeline : événement de test depuis la page Webhooks (ce récepteur fonctionne).',
  },
};

describe('noteFor', () => {
  for (const language of NOTE_LANGUAGES) {
    for (const type of WEBHOOK_EVENT_TYPES) {
      it(`says ${type} in ${language}`, () => {
        expect(noteFor(eventOf(type), language)).toBe(EXPECTED[language][type]);
      });
    }
  }

  it('says each support action in words', () => {
    const actions = [
      [
        'login.detach_team_member',
        'login d***@example.com detached from team account acc_owner0001',
      ],
      ['login.unlock', 'login d***@example.com of account acc_owner0001 unlocked'],
      ['block.lift', 'block lifted on account acc_owner0001'],
    ] as const;
    for (const [action, words] of actions) {
      const event = eventOf('action.succeeded');
      event.data.action = action;
      event.data.verification = null;
      expect(noteFor(event)).toBe(
        `Lifeline: ${words} by stf_agent0001 — ticket ZD-1234. Open: https://lifeline.test/accounts/acc_owner0001`,
      );
    }
  });
});
