import { asc, getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { LifelineDb, Schema } from './client.ts';
import { tables } from './tables.ts';

/**
 * Every table, parents before children (the foreign keys), with the column that orders a
 * table's rows for paging. The audit log keeps its ids and hashes exactly: the chain must still
 * verify, against the same signed checkpoints, on the other engine.
 */
export const COPY_ORDER: readonly (keyof Schema)[] = [
  'serverSecrets',
  'staff',
  'staffIdentities',
  'staffSessions',
  'staffFactors',
  'staffRecoveryCodes',
  'ssoPendingSignIns',
  'signInAttempts',
  'accounts',
  'logins',
  'cards',
  'billingAddresses',
  'charges',
  'blocks',
  'identityChecks',
  'escalations',
  'tombstones',
  'tombstoneIdentifiers',
  'auditEvents',
  'auditCheckpoints',
  'reactivationReviews',
  'verifications',
  'verificationCodes',
  'webhookEndpoints',
  'webhookEvents',
  'webhookDeliveries',
  'alerts',
  'outbox',
  'passwordResetTokens',
  'idempotencyKeys',
  'healthChecks',
];

/** Tables whose ids PostgreSQL generates: its sequences must continue after the copied ids. */
const GENERATED_IDS: readonly string[] = ['charges', 'sign_in_attempts', 'audit_checkpoints'];

export interface CopyReport {
  rows: Record<string, number>;
}

/**
 * `pnpm db:copy`: copies a database into an empty one of the other engine (SQLite → PostgreSQL,
 * so a team that starts on the embedded default moves up with its whole history). Rows go in
 * pages of `pageSize`, each table in its own transaction of the target.
 */
export async function copyDatabase(
  from: LifelineDb,
  to: LifelineDb,
  options: { pageSize?: number; onTable?: (table: string, rows: number) => void } = {},
): Promise<CopyReport> {
  const pageSize = options.pageSize ?? 2000;
  const source = tables(from.read);
  const rows: Record<string, number> = {};
  const target = tables(to.read);
  for (const name of COPY_ORDER) {
    const [existing] = await to.read
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(target[name]);
    if ((existing?.n ?? 0) > 0) {
      throw new Error(
        `The target is not empty: ${String(name)} has rows. Copy into an empty database.`,
      );
    }
  }
  for (const name of COPY_ORDER) {
    const table = source[name];
    const orderColumn = Object.values(getTableColumns(table))[0];
    let copied = 0;
    for (let offset = 0; ; offset += pageSize) {
      // Offset paging on the first column: a copy runs once, on a database nobody writes to.
      const page = (await from.read
        .select()
        .from(table)
        .orderBy(asc(orderColumn as never))
        .limit(pageSize)
        .offset(offset)) as Record<string, unknown>[];
      if (page.length === 0) break;
      await to.transaction(async (tx) => {
        const perStatement = Math.max(1, Math.floor(60_000 / Object.keys(page[0] ?? {}).length));
        for (let start = 0; start < page.length; start += perStatement) {
          await (
            tx.insert(tables(tx)[name] as Schema['accounts']) as unknown as {
              values(values: Record<string, unknown>[]): Promise<unknown>;
            }
          ).values(page.slice(start, start + perStatement));
        }
      });
      copied += page.length;
      if (page.length < pageSize) break;
    }
    rows[String(name)] = copied;
    options.onTable?.(String(name), copied);
  }
  if (to.engine === 'postgres') {
    await to.transaction(async (tx) => {
      // The handle is PostgreSQL's here: its raw-SQL method is `execute`.
      const pgTx = tx as unknown as { execute(query: SQL): Promise<unknown> };
      for (const table of GENERATED_IDS) {
        await pgTx.execute(
          sql.raw(
            `SELECT setval(pg_get_serial_sequence('${table}', 'id'), coalesce((SELECT max(id) FROM ${table}), 0) + 1, false)`,
          ),
        );
      }
    });
  }
  return { rows };
}
