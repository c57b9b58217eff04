import { listOutboxEmails } from '@lifeline/db';
import { type OutboxTemplate, roleAtLeast } from '@lifeline/domain';
import { z } from 'zod';
import type { StaffPrincipal } from '../context.ts';
import type { ApiDeps } from '../deps.ts';
import { decodeCursor, encodeCursor } from './audit.ts';
import { SECRET_PLACEHOLDER } from './emails.ts';

export const OUTBOX_PAGE_DEFAULT = 50;

const outboxCursorShape = z.strictObject({
  createdAt: z.number().int(),
  id: z.string().max(64),
});

/** What stands in for the one-time secret: the console shows that it was sent, never what. */
function hiddenSecretLabel(template: OutboxTemplate): string {
  if (template === 'verification_code') return '[code hidden]';
  if (template === 'password_reset') return '[link hidden]';
  return '[hidden]';
}

/** `jean.dupont@example.fr` → `j•••@example.fr`: enough to say "the address on file". */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return `${Array.from(address)[0] ?? ''}•••`;
  return `${Array.from(address.slice(0, at))[0]}•••${address.slice(at)}`;
}

// Any email address inside a body (the recipient, a removed team member) is masked for
// agents too, or the body would reveal what the recipient column hides.
const EMAIL_IN_TEXT = /[^\s@<>()"',;:]+@[^\s@<>()"',;:]+\.[^\s@<>()"',;:]+/gu;
function maskAddressesFor(fullAddresses: boolean, text: string): string {
  return fullAddresses ? text : text.replaceAll(EMAIL_IN_TEXT, (address) => maskEmail(address));
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
    ...(input.cursor ? { after: decodeCursor(input.cursor, outboxCursorShape) } : {}),
    limit: limit + 1,
  });
  const fullAddresses = roleAtLeast(staff.role, 'lead');
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => ({
      id: row.id,
      createdAt: row.createdAt,
      template: row.template,
      to: fullAddresses ? row.toAddress : maskEmail(row.toAddress),
      subject: row.subject,
      body: maskAddressesFor(
        fullAddresses,
        row.body.replaceAll(SECRET_PLACEHOLDER, hiddenSecretLabel(row.template)),
      ),
      accountId: row.accountId,
      loginId: row.loginId,
      status: row.status,
      attempts: row.attempts,
      sentAt: row.sentAt,
      // An SMTP error often quotes the recipient: masked for agents like the address itself.
      lastError:
        fullAddresses || row.lastError === null
          ? row.lastError
          : row.lastError.replaceAll(row.toAddress, maskEmail(row.toAddress)),
    })),
    nextCursor:
      rows.length > limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
  };
}
