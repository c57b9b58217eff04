import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, sqliteConnection, TEST_ENGINE, testSql } from './testing.ts';

describe('database client', () => {
  let db: ReturnType<typeof openTestDatabase>;
  beforeEach(() => {
    db = openTestDatabase();
  });
  afterEach(() => db.dispose());

  // SQLite only: its PRAGMAs.
  it.runIf(TEST_ENGINE === 'sqlite')(
    'opens in WAL with full sync, foreign keys and a busy timeout',
    () => {
      const raw = sqliteConnection(db);
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(raw.pragma('synchronous', { simple: true })).toBe(2);
      expect(raw.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(raw.pragma('busy_timeout', { simple: true })).toBe(5000);
    },
  );

  it('reports healthy with every migration applied', async () => {
    expect(await db.health()).toEqual({ ok: true, migrationsApplied: true });
  });

  it('rolls the whole transaction back when the work throws', async () => {
    await expect(
      db.transaction(async (tx) => {
        tx.run(sql`INSERT INTO server_secrets (name, value, created_at) VALUES ('a', 'b', 1)`);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await testSql(db).count('SELECT count(*) AS n FROM server_secrets')).toBe(0);
  });

  it('runs concurrent transactions one after another', async () => {
    const order: string[] = [];
    await Promise.all(
      ['a', 'b', 'c'].map((name) =>
        db.transaction(async () => {
          order.push(`start ${name}`);
          await new Promise((resolve) => setTimeout(resolve, 5));
          order.push(`end ${name}`);
        }),
      ),
    );
    expect(order).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('keeps the read connection read-only', () => {
    expect(() => db.read.run(sql`INSERT INTO server_secrets VALUES ('x', 'y', 1)`)).toThrow();
  });
});
