import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAuditEvent, verifyAuditChain } from './audit.ts';
import { dropAppendOnlyGuard, openTestDatabase, testSql } from './testing.ts';

describe('audit log', () => {
  let db: ReturnType<typeof openTestDatabase>;
  beforeEach(() => {
    db = openTestDatabase();
  });
  afterEach(() => db.dispose());

  async function appendThree() {
    for (const n of [1, 2, 3]) {
      await db.transaction((tx) =>
        appendAuditEvent(tx, {
          at: 1_700_000_000_000 + n,
          staffId: 'stf_agent',
          action: 'account.reactivate',
          outcome: 'succeeded',
          accountId: `acc_${n}`,
          ticketRef: `T-${n}`,
          details: { before: { status: 'deactivated' }, after: { status: 'active' } },
        }),
      );
    }
  }

  it('refuses UPDATE and DELETE at the database level', async () => {
    await appendThree();
    const raw = testSql(db);
    await expect(
      raw.sql("UPDATE audit_events SET outcome = 'refused' WHERE id = 1"),
    ).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(raw.sql('DELETE FROM audit_events WHERE id = 2')).rejects.toThrow(
      /append-only: DELETE refused/,
    );
    expect(await raw.count('SELECT count(*) AS n FROM audit_events')).toBe(3);
  });

  it('chains every event to the one before and verifies the whole chain', async () => {
    await appendThree();
    expect(await verifyAuditChain(db.read)).toEqual({ ok: true, checked: 3 });
    const rows = await testSql(db).sql<{ id: number; prev_hash: string; hash: string }>(
      'SELECT id, prev_hash, hash FROM audit_events ORDER BY id',
    );
    expect(rows[1]?.prev_hash).toBe(rows[0]?.hash);
    expect(rows[2]?.prev_hash).toBe(rows[1]?.hash);
  });

  it('names the first broken link when a row is altered behind the triggers', async () => {
    await appendThree();
    const raw = testSql(db);
    await dropAppendOnlyGuard(raw, 'audit_events', 'update');
    await raw.sql(
      `UPDATE audit_events SET details = '{"after":{"status":"limited"}}' WHERE id = 2`,
    );
    expect(await verifyAuditChain(db.read)).toEqual({ ok: false, checked: 1, firstBrokenId: 2 });
  });

  it('detects a removed row', async () => {
    await appendThree();
    const raw = testSql(db);
    await dropAppendOnlyGuard(raw, 'audit_events', 'delete');
    await raw.sql('DELETE FROM audit_events WHERE id = 2');
    expect(await verifyAuditChain(db.read)).toEqual({ ok: false, checked: 1, firstBrokenId: 3 });
  });

  it('checks chains longer than one page', async () => {
    for (let n = 0; n < 12; n += 1) {
      await db.transaction((tx) =>
        appendAuditEvent(tx, {
          at: n,
          staffId: 'system',
          action: 'job.purge',
          outcome: 'succeeded',
        }),
      );
    }
    expect(await verifyAuditChain(db.read, 5)).toEqual({ ok: true, checked: 12 });
  });
});
