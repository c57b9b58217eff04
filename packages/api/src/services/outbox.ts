import { listOutboxEmails } from '@lifeline/db';
import {
  maskEmail,
  maskEmailsInText,
  type OutboxTemplate,
  outboxAddressesVisible,
} from '@lifeline/domain';
import { z } from 'zod';
import type { StaffPrincipal } from '../context.ts';
import type { ApiDeps } from '../deps.ts';
import { cursorCodec } from './cursor.ts';
import { SECRET_PLACEHOLDER } from './emails.ts';

export const OUTBOX_PAGE_DEFAULT = 50;

const outboxCursor = cursorCodec(
  z.strictObject({ createdAt: z.number().int(), id: z.string().max(64) }),
);

/** What stands in for the one-time secret: the console shows that it was sent, never what. */
function hiddenSecretLabel(template: OutboxTemplate): string {
  if (template === 'verification_code') return '[code hidden]';
  if (template === 'password_reset') return '[link hidden]';
  return '[hidden]';
}

function maskUnlessVisible(visible: boolean, text: string): string {
  return visible ? text : maskEmailsInText(text);
}

/**
 * Emails newest first. Agents see masked recipients (they read them to callers); leads and
 * admins see full addresses. No one sees the secret: it is never selected, and the body shows
 * a label where it goes.
 */
export async function outboxList(
  deps: ApiDeps,
  staff: Pick<StaffPrincipal, 'role'>,
  input: {
    accountId?: string | undefined;
    cursor?: string | undefined;
    limit?: number | undefined;
  },
) {
  const limit = input.limit ?? OUTBOX_PAGE_DEFAULT;
  const rows = await listOutboxEmails(deps.db.read, {
    ...(input.accountId ? { accountId: input.accountId } : {}),
    ...(input.cursor ? { after: outboxCursor.decode(input.cursor) } : {}),
    limit: limit + 1,
  });
  const fullAddresses = outboxAddressesVisible(staff.role);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => ({
      id: row.id,
      createdAt: row.createdAt,
      template: row.template,
      to: fullAddresses ? row.toAddress : maskEmail(row.toAddress),
      subject: row.subject,
      // Any address inside a body (the recipient, a removed team member) is masked for agents
      // too, or the body would reveal what the recipient column hides.
      body: maskUnlessVisible(
        fullAddresses,
        row.body.replaceAll(SECRET_PLACEHOLDER, hiddenSecretLabel(row.template)),
      ),
      accountId: row.accountId,
      loginId: row.loginId,
      status: row.status,
      attempts: row.attempts,
      sentAt: row.sentAt,
      // An SMTP error often quotes the recipient: masked for agents like the address itself.
      // An SMTP error often quotes the recipient: masked for agents like the address itself.
      lastError:
        fullAddresses || row.lastError === null
          ? row.lastError
          : maskEmailsInText(row.lastError.replaceAll(row.toAddress, maskEmail(row.toAddress))),
    })),
    nextCursor:
      rows.length > limit && last
        ? outboxCursor.encode({ createdAt: last.createdAt, id: last.id })
        : null,
  };
}
