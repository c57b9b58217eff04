import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresTestDatabase } from './testing-pg.ts';

/**
 * The migrations' triggers on PostgreSQL: whoever connects (not only the application), no row of
 * the audit tables changes or goes, and no insert takes the place of one.
 */
describe('audit tables on PostgreSQL are append-only', () => {
  let db: Awaited<ReturnType<typeof openPostgresTestDatabase>>;
  let raw: pg.Client;

  const event = (id: number, staffId = 'stf_1') =>
    raw.query(
      `INSERT INTO audit_events (id, at, staff_id, action, outcome, details, prev_hash, hash)
       VALUES ($1, 0, $2, 'auth.login', 'succeeded', '{}', 'p', 'h')`,
      [id, staffId],
    );
  const checkpoint = (id: number, lastEventId: number) =>
    raw.query(
      `INSERT INTO audit_checkpoints (id, last_event_id, chain_hash, event_count, signed_at, key_id, signature)
       VALUES ($1, $2, 'c', 1, 0, 'k', 's')`,
      [id, lastEventId],
    );
  const rows = async (table: string) =>
    (await raw.query(`SELECT * FROM ${table} ORDER BY id`)).rows;

  beforeAll(async () => {
    db = await openPostgresTestDatabase();
    raw = new pg.Client({ connectionString: db.url });
    await raw.connect();
    await event(1);
    // The checkpoint's id comes from its identity column, as when the application appends.
    await raw.query(
      `INSERT INTO audit_checkpoints (last_event_id, chain_hash, event_count, signed_at, key_id, signature)
       VALUES (1, 'c', 1, 0, 'k', 's')`,
    );
  });
  afterAll(async () => {
    await raw.end();
    await db.dispose();
  });

  it('refuses UPDATE, DELETE and TRUNCATE of events', async () => {
    const before = await rows('audit_events');
    await expect(raw.query("UPDATE audit_events SET staff_id = 'forger'")).rejects.toThrow(
      /audit_events is append-only: UPDATE refused/,
    );
    await expect(raw.query('DELETE FROM audit_events')).rejects.toThrow(
      /audit_events is append-only: DELETE refused/,
    );
    // Plain TRUNCATE is refused by the reviews' foreign key first; CASCADE reaches the trigger.
    await expect(raw.query('TRUNCATE audit_events')).rejects.toThrow();
    await expect(raw.query('TRUNCATE audit_events CASCADE')).rejects.toThrow(
      /audit_events is append-only: TRUNCATE refused/,
    );
    expect(await rows('audit_events')).toEqual(before);
  });

  it('refuses any insert that reuses an event id: plain, upsert, or do-nothing', async () => {
    const before = await rows('audit_events');
    await expect(event(1, 'forger')).rejects.toThrow(/append-only/);
    await expect(
      raw.query(
        `INSERT INTO audit_events (id, at, staff_id, action, outcome, details, prev_hash, hash)
         VALUES (1, 0, 'x', 'auth.login', 'succeeded', '{}', '', '')
         ON CONFLICT (id) DO UPDATE SET staff_id = 'forger'`,
      ),
    ).rejects.toThrow(/append-only/);
    await expect(
      raw.query(
        `INSERT INTO audit_events (id, at, staff_id, action, outcome, details, prev_hash, hash)
         VALUES (1, 0, 'x', 'auth.login', 'succeeded', '{}', '', '') ON CONFLICT DO NOTHING`,
      ),
    ).rejects.toThrow(/append-only/);
    expect(await rows('audit_events')).toEqual(before);
  });

  it('refuses UPDATE, DELETE, TRUNCATE and replacing inserts of checkpoints', async () => {
    const before = await rows('audit_checkpoints');
    await expect(raw.query("UPDATE audit_checkpoints SET chain_hash = 'x'")).rejects.toThrow(
      /audit_checkpoints is append-only: UPDATE refused/,
    );
    await expect(raw.query('DELETE FROM audit_checkpoints')).rejects.toThrow(
      /audit_checkpoints is append-only: DELETE refused/,
    );
    await expect(raw.query('TRUNCATE audit_checkpoints')).rejects.toThrow(
      /audit_checkpoints is append-only: TRUNCATE refused/,
    );
    await expect(checkpoint(1, 99)).rejects.toThrow(/append-only/);
    // Another checkpoint of an event already checkpointed, under a new id.
    await expect(checkpoint(2, 1)).rejects.toThrow(/append-only/);
    await expect(
      raw.query(
        `INSERT INTO audit_checkpoints (id, last_event_id, chain_hash, event_count, signed_at, key_id, signature)
         VALUES (1, 1, 'forged', 1, 0, 'k', 's')
         ON CONFLICT (id) DO UPDATE SET chain_hash = 'forged'`,
      ),
    ).rejects.toThrow(/append-only/);
    expect(await rows('audit_checkpoints')).toEqual(before);
  });

  it('still appends', async () => {
    await event(2);
    await raw.query(
      `INSERT INTO audit_checkpoints (last_event_id, chain_hash, event_count, signed_at, key_id, signature)
       VALUES (2, 'c2', 2, 0, 'k', 's2')`,
    );
    expect((await rows('audit_events')).map((row) => Number(row.id))).toEqual([1, 2]);
    expect((await rows('audit_checkpoints')).map((row) => Number(row.last_event_id))).toEqual([
      1, 2,
    ]);
  });
});
