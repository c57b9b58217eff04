import { and, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { Db, Schema } from '../client.ts';
import { tables } from '../tables.ts';

export interface OutboxListFilter {
  accountId?: string;
  /** Keyset: rows strictly after this (createdAt, id) in newest-first order. */
  after?: { createdAt: number; id: string };
  limit: number;
}

/**
 * The body as stored, with the secret swapped back to its placeholder inside the database
 * should a sender ever have written it into the body: the `secret` column itself is never
 * selected. (`replace` reads the same on SQLite and PostgreSQL.)
 */
const bodyWithoutSecretOf = ({ outbox }: Schema) => sql<string>`(CASE
  WHEN ${outbox.secret} IS NULL OR ${outbox.secret} = '' THEN ${outbox.bodyText}
  ELSE replace(${outbox.bodyText}, ${outbox.secret}, '{{secret}}')
END)`;

/** Emails newest first, for the console: named columns only, never `secret`. */
export async function listOutboxEmails(db: Db, filter: OutboxListFilter) {
  const schema = tables(db);
  const { outbox } = schema;
  const conditions: SQL[] = [];
  if (filter.accountId !== undefined) conditions.push(eq(outbox.accountId, filter.accountId));
  if (filter.after) {
    const { createdAt, id } = filter.after;
    conditions.push(
      sql`(${outbox.createdAt} < ${createdAt} OR (${outbox.createdAt} = ${createdAt} AND ${outbox.id} < ${id}))`,
    );
  }
  return await db
    .select({
      id: outbox.id,
      createdAt: outbox.createdAt,
      template: outbox.template,
      toAddress: outbox.toAddress,
      subject: outbox.subject,
      body: bodyWithoutSecretOf(schema),
      accountId: outbox.accountId,
      loginId: outbox.loginId,
      status: outbox.status,
      attempts: outbox.attempts,
      sentAt: outbox.sentAt,
      lastError: outbox.lastError,
    })
    .from(outbox)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(filter.limit);
}
