import type { OutboxTemplate } from '@lifeline/domain';
import type { Db } from '../client.ts';
import { newId } from '../ids.ts';
import { tables } from '../tables.ts';

export interface NewEmail {
  template: OutboxTemplate;
  toAddress: string;
  subject: string;
  /** May contain `{{secret}}`, replaced by `secret` only when the email is delivered. */
  bodyText: string;
  secret?: string | null;
  accountId?: string | null;
  loginId?: string | null;
  auditEventId?: number | null;
}

/** Queues an email in the caller's transaction: it exists iff the change it reports does. */
export async function enqueueEmail(tx: Db, email: NewEmail, now: number): Promise<string> {
  const { outbox } = tables(tx);
  const id = newId('out');
  await tx.insert(outbox).values({
    id,
    createdAt: now,
    template: email.template,
    toAddress: email.toAddress,
    subject: email.subject,
    bodyText: email.bodyText,
    secret: email.secret ?? null,
    accountId: email.accountId ?? null,
    loginId: email.loginId ?? null,
    auditEventId: email.auditEventId ?? null,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: now,
  });
  return id;
}
