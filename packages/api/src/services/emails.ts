import { type Db, enqueueEmail } from '@lifeline/db';
import {
  type AccountSnapshot,
  cleanSingleLineText,
  type LoginFacts,
  type OutboxTemplate,
} from '@lifeline/domain';

/**
 * The customer emails support actions send. Plain text, English, and no secrets in the stored
 * body: a code or reset link is the `{{secret}}` placeholder, filled in only at delivery.
 */

export const SECRET_PLACEHOLDER = '{{secret}}';

const SIGNATURE =
  '\n\nIf you did not ask for this, reply to this email or contact support straight away.\n— The support team';

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

export function renderEmail(template: OutboxTemplate, values: EmailFacts): EmailContent {
  const facts = Object.fromEntries(
    Object.entries(values).map(([name, value]) => [name, emailValue(value)]),
  );
  switch (template) {
    case 'verification_code':
      return {
        subject: 'Your verification code',
        bodyText: `A support agent is helping you with your account. Your one-time code is ${SECRET_PLACEHOLDER}.\nIt is valid for 10 minutes. Read it to the agent only if you are on a call or chat with us right now.${SIGNATURE}`,
      };
    case 'account_reactivated':
      return {
        subject: 'Your account has been reactivated',
        bodyText: `Your account ${facts.accountId} was reactivated by our support team (ticket ${facts.ticketRef}). Its status is now ${facts.status}, and your contacts, lists and campaigns are back as they were.${SIGNATURE}`,
      };
    case 'team_member_detached':
      return {
        subject: 'A team member login was removed from your account',
        bodyText: `Our support team removed the team-member login ${facts.identifier} from your account ${facts.accountId} (ticket ${facts.ticketRef}). ${facts.why ?? 'The same email address is the main login of another account, so it could not sign in to either reliably.'} You can invite that person again with another email address.${SIGNATURE}`,
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
  },
): Promise<string[]> {
  const content = renderEmail(input.template, input.facts);
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
