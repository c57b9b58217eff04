import type {
  AuditAction,
  VerificationMethod,
  WebhookEventType,
  WebhookPayload,
} from '@lifeline/domain';

export const NOTE_LANGUAGES = ['en', 'fr'] as const;
export type NoteLanguage = (typeof NOTE_LANGUAGES)[number];

/** A support action that succeeded, said on its subject (the payload's audit action). */
const DONE: Record<NoteLanguage, Partial<Record<AuditAction, string>>> = {
  en: {
    'account.reactivate': 'account {account} reactivated',
    'login.detach_team_member': 'login {login} detached from team account {account}',
    'login.unlock': 'login {login} of account {account} unlocked',
    'login.send_password_reset': 'password reset link sent to login {login} of account {account}',
    'block.lift': 'block lifted on account {account}',
    'identity_check.decide': 'identity check decided for account {account}',
  },
  fr: {
    'account.reactivate': 'compte {account} réactivé',
    'login.detach_team_member': 'identifiant {login} détaché du compte d’équipe {account}',
    'login.unlock': 'identifiant {login} du compte {account} déverrouillé',
    'login.send_password_reset':
      'lien de réinitialisation du mot de passe envoyé à l’identifiant {login} du compte {account}',
    'block.lift': 'blocage levé sur le compte {account}',
    'identity_check.decide': 'contrôle d’identité décidé pour le compte {account}',
  },
};

/** The same actions named, for a refusal ("refused: reactivating account acc_…"). */
const ATTEMPTED: Record<NoteLanguage, Partial<Record<AuditAction, string>>> = {
  en: {
    'account.reactivate': 'reactivating account {account}',
    'login.detach_team_member': 'detaching login {login} from team account {account}',
    'login.unlock': 'unlocking login {login} of account {account}',
    'login.send_password_reset': 'sending a password reset link to login {login}',
    'block.lift': 'lifting a block on account {account}',
    'identity_check.decide': 'deciding the identity check of account {account}',
  },
  fr: {
    'account.reactivate': 'réactivation du compte {account}',
    'login.detach_team_member': 'détachement de l’identifiant {login} du compte d’équipe {account}',
    'login.unlock': 'déverrouillage de l’identifiant {login} du compte {account}',
    'login.send_password_reset':
      'envoi d’un lien de réinitialisation du mot de passe à l’identifiant {login}',
    'block.lift': 'levée d’un blocage sur le compte {account}',
    'identity_check.decide': 'décision sur le contrôle d’identité du compte {account}',
  },
};

const METHODS: Record<NoteLanguage, Record<VerificationMethod, string>> = {
  en: {
    card_last4: 'a card check',
    billing_address: 'a billing address check',
    email_code: 'an email code',
  },
  fr: {
    card_last4: 'une vérification de la carte',
    billing_address: 'une vérification de l’adresse de facturation',
    email_code: 'un code envoyé par e-mail',
  },
};

/** One sentence per event type; `{…}` are filled from the payload. */
const EVENTS: Record<
  NoteLanguage,
  Record<Exclude<WebhookEventType, 'action.succeeded'>, string>
> = {
  en: {
    'verification.passed': 'caller verified with {method} on login {login} of account {account}',
    'verification.failed':
      'verification with {method} failed on login {login} of account {account}',
    'verification.locked':
      'verification of login {login} of account {account} locked (too many failed attempts)',
    'action.refused': 'refused ({reason}): {attempted}',
    'review.marked': 'support action on account {account} reviewed',
    'escalation.opened': 'escalation opened for account {account}',
    'escalation.closed': 'escalation closed for account {account}',
    'webhook.test': 'test event from the Webhooks page (this receiver works)',
  },
  fr: {
    'verification.passed':
      'appelant vérifié avec {method} sur l’identifiant {login} du compte {account}',
    'verification.failed':
      'échec de la vérification avec {method} sur l’identifiant {login} du compte {account}',
    'verification.locked':
      'vérification de l’identifiant {login} du compte {account} verrouillée (trop d’essais manqués)',
    'action.refused': 'refusé ({reason}) : {attempted}',
    'review.marked': 'action de support sur le compte {account} revue',
    'escalation.opened': 'escalade ouverte pour le compte {account}',
    'escalation.closed': 'escalade fermée pour le compte {account}',
    'webhook.test': 'événement de test depuis la page Webhooks (ce récepteur fonctionne)',
  },
};

const WORDS = {
  en: {
    lifeline: 'Lifeline:',
    by: 'by',
    after: 'after',
    ticket: 'ticket',
    open: 'Open:',
    anAccount: 'an account',
    aLogin: 'a login',
    aCheck: 'a check',
    anAction: 'a support action on account {account}',
  },
  fr: {
    lifeline: 'Lifeline :',
    by: 'par',
    after: 'après',
    ticket: 'ticket',
    open: 'Ouvrir :',
    anAccount: 'un compte',
    aLogin: 'un identifiant',
    aCheck: 'une vérification',
    anAction: 'une action de support sur le compte {account}',
  },
} as const;

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => values[key] ?? match);
}

/**
 * The internal note an agent wants on the ticket for one event, in the help desk's language:
 * what happened to which account, by whom, after which check, the ticket, and the account's
 * page in the console. The payload holds masked identifiers only, and so does the note.
 *
 *   Lifeline: account acc_… reactivated by stf_… after a card check — ticket ZD-1234.
 *   Open: https://lifeline.example/accounts/acc_…
 */
export function noteFor(payload: WebhookPayload, language: NoteLanguage = 'en'): string {
  const w = WORDS[language];
  const { data } = payload;
  const method = data.verification?.method ? METHODS[language][data.verification.method] : null;
  const values = {
    account: data.account?.id ?? w.anAccount,
    login: data.login?.identifier ?? w.aLogin,
    method: method ?? w.aCheck,
    reason: data.reason ?? '?',
    attempted: fill((data.action && ATTEMPTED[language][data.action]) ?? w.anAction, {
      account: data.account?.id ?? w.anAccount,
      login: data.login?.identifier ?? w.aLogin,
    }),
  };
  let sentence: string;
  if (payload.type === 'action.succeeded') {
    sentence = fill((data.action && DONE[language][data.action]) ?? w.anAction, values);
  } else {
    sentence = fill(EVENTS[language][payload.type], values);
  }
  const parts = [w.lifeline, sentence];
  if (payload.type !== 'webhook.test') parts.push(w.by, data.staffId);
  // The check the action was allowed on, when it needed one (SPEC §5).
  if (payload.type === 'action.succeeded' && method) parts.push(w.after, method);
  if (data.ticket) parts.push('—', w.ticket, data.ticket.ref);
  let note = `${parts.join(' ')}.`;
  if (data.account) note += ` ${w.open} ${data.account.url}`;
  return note;
}
