import { type Db, enqueueEmail } from '@lifeline/db';
import {
  type AccountSnapshot,
  type CustomerLanguage,
  cleanSingleLineText,
  type LoginFacts,
  type OutboxTemplate,
} from '@lifeline/domain';

/**
 * The customer emails support actions send. Plain text, in the customer's language, and no secrets in the stored
 * body: a code or reset link is the `{{secret}}` placeholder, filled in only at delivery.
 */

export const SECRET_PLACEHOLDER = '{{secret}}';

const SIGNATURE =
  '\n\nIf you did not ask for this, reply to this email or contact support straight away.\n— The support team';
const SIGNATURE_FR =
  "\n\nSi vous n'êtes pas à l'origine de cette demande, répondez à cet e-mail ou contactez le support sans attendre.\n— L'équipe support";

export interface EmailContent {
  subject: string;
  bodyText: string;
}

export type EmailFacts = Record<string, string | number | null | undefined>;

/**
 * A value as it may appear in an email: one line of visible text. Line breaks and tabs become
 * spaces, format and control characters (bidi overrides, zero-width) go, spaces collapse, and
 * braces become parentheses so no value can carry the `{{secret}}` placeholder that delivery
 * fills in. `renderEmail` passes every fact through it: no field, today's or a future one,
 * staff-typed or stored, can add lines, reorder what the reader sees or pull in a secret.
 * Empty → null, so a template's fallback applies.
 */
export function emailValue(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const line = cleanSingleLineText(String(value))
    .replace(/\s+/gu, ' ')
    .trim()
    .replaceAll('{', '(')
    .replaceAll('}', ')');
  return line === '' ? null : line;
}

/**
 * Why a team-member login was detached (SPEC §6): a code, worded in the customer's language.
 */
export type DetachWhy = 'owner_elsewhere' | 'member_elsewhere' | 'asked';

const DETACH_WHY: Record<CustomerLanguage, Record<DetachWhy, string>> = {
  en: {
    owner_elsewhere:
      'The same email address is the main login of another account, so it could not sign in to either reliably.',
    member_elsewhere:
      'The same email address is also a team member of another account, so it could not sign in to either reliably.',
    asked: 'The person who holds that email address asked us to remove it.',
  },
  fr: {
    owner_elsewhere:
      "Cette adresse e-mail est aussi l'identifiant principal d'un autre compte : elle ne pouvait se connecter de façon fiable à aucun des deux.",
    member_elsewhere:
      "Cette adresse e-mail est aussi membre de l'équipe d'un autre compte : elle ne pouvait se connecter de façon fiable à aucun des deux.",
    asked: 'La personne à qui appartient cette adresse e-mail nous a demandé de la retirer.',
  },
};

const STATUS_WORDS: Record<CustomerLanguage, Record<string, string>> = {
  en: { active: 'active', limited: 'limited until the balance is paid' },
  fr: { active: 'actif', limited: "limité jusqu'au règlement du solde" },
};

function detachWhy(language: CustomerLanguage, why: string | null): string {
  const words = DETACH_WHY[language];
  return why !== null && why in words ? words[why as DetachWhy] : words.owner_elsewhere;
}

/**
 * A customer email in the customer's language (issue 13: every email of SPEC §6 in English
 * and French; the account's `language` chooses).
 */
export function renderEmail(
  template: OutboxTemplate,
  values: EmailFacts,
  language: CustomerLanguage = 'en',
): EmailContent {
  const facts = Object.fromEntries(
    Object.entries(values).map(([name, value]) => [name, emailValue(value)]),
  );
  const status = facts.status ? (STATUS_WORDS[language][facts.status] ?? facts.status) : null;
  if (language === 'fr') {
    switch (template) {
      case 'verification_code':
        return {
          subject: 'Votre code de vérification',
          bodyText: `Un conseiller du support vous aide avec votre compte. Votre code à usage unique est ${SECRET_PLACEHOLDER}.\nIl est valable 10 minutes. Ne le lisez au conseiller que si vous êtes en ce moment en appel ou en discussion avec nous.${SIGNATURE_FR}`,
        };
      case 'account_reactivated':
        return {
          subject: 'Votre compte a été réactivé',
          bodyText: `Votre compte ${facts.accountId} a été réactivé par notre équipe support (ticket ${facts.ticketRef}). Son statut est désormais : ${status}. Vos contacts, listes et campagnes sont revenus tels qu'ils étaient.${SIGNATURE_FR}`,
        };
      case 'team_member_detached':
        return {
          subject: "Un identifiant de membre d'équipe a été retiré de votre compte",
          bodyText: `Notre équipe support a retiré l'identifiant de membre d'équipe ${facts.identifier} de votre compte ${facts.accountId} (ticket ${facts.ticketRef}). ${detachWhy('fr', facts.why ?? null)} Vous pouvez inviter de nouveau cette personne avec une autre adresse e-mail.${SIGNATURE_FR}`,
        };
      case 'login_unlocked':
        return {
          subject: 'Votre identifiant a été débloqué',
          bodyText: `Notre équipe support a débloqué l'identifiant ${facts.identifier} (ticket ${facts.ticketRef}). Vous pouvez de nouveau vous connecter.${SIGNATURE_FR}`,
        };
      case 'password_reset':
        return {
          subject: 'Réinitialisez votre mot de passe',
          bodyText: `Utilisez ce lien pour choisir un nouveau mot de passe pour ${facts.identifier} : ${SECRET_PLACEHOLDER}\nLe lien ne fonctionne qu'une fois, dans l'heure. Une fois le mot de passe changé, videz le cache et les cookies de votre navigateur avant de vous connecter.${SIGNATURE_FR}`,
        };
      case 'block_lifted':
        return {
          subject: 'Votre compte est débloqué',
          bodyText: `Notre équipe support a levé le blocage de votre compte ${facts.accountId} (ticket ${facts.ticketRef}). Vous pouvez de nouveau l'utiliser.${SIGNATURE_FR}`,
        };
      case 'identity_check_decided':
        return facts.decision === 'approve'
          ? {
              subject: "Votre vérification d'identité est approuvée",
              bodyText: `Merci : votre vérification d'identité pour le compte ${facts.accountId} est approuvée et le blocage de votre compte est levé.${SIGNATURE_FR}`,
            }
          : {
              subject: "Votre vérification d'identité doit être revue",
              bodyText: `Nous n'avons pas pu approuver la vérification d'identité du compte ${facts.accountId}. Notre équipe vous contactera pour vous dire quoi envoyer ensuite.${SIGNATURE_FR}`,
            };
    }
  }
  switch (template) {
    case 'verification_code':
      return {
        subject: 'Your verification code',
        bodyText: `A support agent is helping you with your account. Your one-time code is ${SECRET_PLACEHOLDER}.\nIt is valid for 10 minutes. Read it to the agent only if you are on a call or chat with us right now.${SIGNATURE}`,
      };
    case 'account_reactivated':
      return {
        subject: 'Your account has been reactivated',
        bodyText: `Your account ${facts.accountId} was reactivated by our support team (ticket ${facts.ticketRef}). Its status is now ${status}, and your contacts, lists and campaigns are back as they were.${SIGNATURE}`,
      };
    case 'team_member_detached':
      return {
        subject: 'A team member login was removed from your account',
        bodyText: `Our support team removed the team-member login ${facts.identifier} from your account ${facts.accountId} (ticket ${facts.ticketRef}). ${detachWhy('en', facts.why ?? null)} You can invite that person again with another email address.${SIGNATURE}`,
      };
    case 'login_unlocked':
      return {
        subject: 'Your login has been unlocked',
        bodyText: `Our support team unlocked the login ${facts.identifier} (ticket ${facts.ticketRef}). You can sign in again.${SIGNATURE}`,
      };
    case 'password_reset':
      return {
        subject: 'Reset your password',
        bodyText: `Use this link to choose a new password for ${facts.identifier}: ${SECRET_PLACEHOLDER}\nThe link works once, within one hour. After a successful reset, clear your browser's cache and cookies before you sign in.${SIGNATURE}`,
      };
    case 'block_lifted':
      return {
        subject: 'Your account is unblocked',
        bodyText: `Our support team lifted the block on your account ${facts.accountId} (ticket ${facts.ticketRef}). You can use it again.${SIGNATURE}`,
      };
    case 'identity_check_decided':
      return facts.decision === 'approve'
        ? {
            subject: 'Your identity check is approved',
            bodyText: `Thank you: your identity check for account ${facts.accountId} is approved and the block on your account is lifted.${SIGNATURE}`,
          }
        : {
            subject: 'Your identity check needs another look',
            bodyText: `We could not approve the identity check for account ${facts.accountId}. Our team will contact you about what to send next.${SIGNATURE}`,
          };
  }
}

/** The owner's email: the owner login when it is an email, else the account's contact email. */
export function ownerEmailOf(snapshot: AccountSnapshot): string {
  const owner = snapshot.logins.find(
    (l) => l.role === 'owner' && l.removedAt === null && l.identifierKind === 'email',
  );
  return owner?.identifier ?? snapshot.account.contactEmail;
}

/**
 * SPEC §6: every recovery action tells the account's owner and, where different, the login's
 * own address — a customer learns at once of a change they did not ask for.
 */
export function recoveryRecipients(snapshot: AccountSnapshot, login?: LoginFacts): string[] {
  const recipients = [ownerEmailOf(snapshot)];
  if (login?.identifierKind === 'email' && !recipients.includes(login.identifier))
    recipients.push(login.identifier);
  return recipients;
}

export async function sendRecoveryEmails(
  tx: Db,
  input: {
    template: OutboxTemplate;
    recipients: string[];
    facts: EmailFacts;
    accountId: string;
    loginId?: string | null;
    auditEventId: number;
    now: number;
    language: CustomerLanguage;
  },
): Promise<string[]> {
  const content = renderEmail(input.template, input.facts, input.language);
  const ids: string[] = [];
  for (const toAddress of input.recipients) {
    ids.push(
      await enqueueEmail(
        tx,
        {
          template: input.template,
          toAddress,
          ...content,
          accountId: input.accountId,
          loginId: input.loginId ?? null,
          auditEventId: input.auditEventId,
        },
        input.now,
      ),
    );
  }
  return ids;
}
