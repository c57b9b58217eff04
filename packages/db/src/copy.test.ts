import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAuditEvent, verifyAuditChain } from './audit.ts';
import { COPY_ORDER, copyDatabase } from './copy.ts';
import { insertWebhookEndpoint } from './repositories/webhooks.ts';
import * as sqliteSchema from './schema/index.ts';
import { seedDemoData } from './seed/index.ts';
import { tables } from './tables.ts';
import { openTestDatabase, openTestSql, type TestSql, testSql } from './testing.ts';
import { openPostgresTestDatabase } from './testing-pg.ts';

/** A table left out of the copy would be left behind, silently: every table is in it, once. */
describe('the copy order', () => {
  it('names every table of the schema exactly once', () => {
    expect([...COPY_ORDER].sort()).toEqual(Object.keys(sqliteSchema).sort());
  });
});

/** `pnpm db:copy`: a SQLite database moved into PostgreSQL keeps every row and its chain. */
describe('copying SQLite into PostgreSQL', () => {
  let source: ReturnType<typeof openTestDatabase>;
  let target: Awaited<ReturnType<typeof openPostgresTestDatabase>>;
  beforeAll(async () => {
    source = openTestDatabase();
    await seedDemoData(source, {
      accounts: 300,
      now: Date.UTC(2026, 10, 1),
      identifierHashKey: 'k'.repeat(32),
    });
    for (let i = 0; i < 25; i += 1) {
      await source.transaction((tx) =>
        appendAuditEvent(tx, {
          at: i,
          staffId: 'system',
          action: 'job.purge',
          outcome: 'succeeded',
          details: { n: i, nested: { b: [1, 2], a: 'é' } },
        }),
      );
    }
    // A webhook endpoint, and an event with its delivery (written with the audit event).
    await source.transaction((tx) =>
      insertWebhookEndpoint(tx, {
        url: 'https://helpdesk.example.com/hooks',
        description: 'notes',
        eventTypes: ['action.succeeded'],
        secret: 'whsec_dGVzdA==',
        createdBy: 'system',
        now: 1,
      }),
    );
    await source.transaction((tx) =>
      appendAuditEvent(tx, {
        at: 30,
        staffId: 'system',
        action: 'login.unlock',
        outcome: 'succeeded',
      }),
    );
    target = await openPostgresTestDatabase();
  });
  afterAll(async () => {
    source.dispose();
    await target.dispose();
  });

  async function counts(sql: TestSql) {
    const out: Record<string, number> = {};
    for (const table of [
      'accounts',
      'logins',
      'charges',
      'blocks',
      'tombstones',
      'audit_events',
      'webhook_endpoints',
      'webhook_events',
      'webhook_deliveries',
    ]) {
      out[table] = await sql.count(`SELECT count(*) FROM ${table}`);
    }
    return out;
  }

  it('copies every row, keeps the chain verifying, and lets new rows follow', async () => {
    expect(await testSql(source).count('SELECT count(*) FROM webhook_deliveries')).toBe(1);
    const report = await copyDatabase(source, target);
    expect(report.rows.accounts).toBeGreaterThan(300);
    const onTarget = openTestSql(target.url);
    try {
      expect(await counts(onTarget)).toEqual(await counts(testSql(source)));
    } finally {
      await onTarget.close();
    }
    expect(await verifyAuditChain(target.read)).toEqual(await verifyAuditChain(source.read));
    // Ids PostgreSQL generates continue after the copied ones.
    const [account] = await target.read
      .select({ id: tables(target.read).accounts.id })
      .from(tables(target.read).accounts)
      .limit(1);
    await target.transaction(async (tx) => {
      await tx.insert(tables(tx).charges).values({
        accountId: account?.id as string,
        at: 1,
        amountCents: 100,
        outcome: 'succeeded',
        failureCode: null,
      });
    });
    // A second copy into a database that has rows is refused.
    await expect(copyDatabase(source, target)).rejects.toThrow(/not empty/);
  });
});
