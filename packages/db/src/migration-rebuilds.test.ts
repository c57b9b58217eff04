import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { auditHash, GENESIS_HASH, type HashedAuditFields } from './audit-hash.ts';
import { MIGRATIONS_FOLDER } from './client.ts';
import { TEST_ENGINE } from './testing.ts';

/**
 * SQLite cannot change a CHECK in place: migration 0009 rebuilds audit_events (append-only,
 * hash-chained, pointed at by reactivation_reviews) and alerts. A database that already holds
 * events and reviews must come out of it with every row, a chain that still verifies, the
 * append-only triggers back, and its foreign keys whole. Fresh databases never see this path.
 */
const REBUILD = '0009_second_factors_webhooks';

describe.runIf(TEST_ENGINE === 'sqlite')('the audit_events rebuild (migration 0009)', () => {
  const folder = mkdtempSync(join(tmpdir(), 'lifeline-migrations-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  /** The migrations up to, not including, the rebuild: a database as it was before it. */
  function migrationsBefore(): string {
    const before = join(folder, 'before');
    cpSync(MIGRATIONS_FOLDER, before, { recursive: true });
    const journalPath = join(before, 'meta/_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as {
      entries: { tag: string }[];
    };
    const at = journal.entries.findIndex((entry) => entry.tag === REBUILD);
    expect(at).toBeGreaterThan(0);
    journal.entries = journal.entries.slice(0, at);
    writeFileSync(journalPath, JSON.stringify(journal));
    return before;
  }

  it('keeps every event, review and alert, the chain, the triggers and the foreign keys', () => {
    const connection = new Database(join(folder, 'upgrade.db'));
    connection.pragma('foreign_keys = ON');
    const db = drizzle(connection);
    migrate(db, { migrationsFolder: migrationsBefore() });

    const insertEvent = connection.prepare(
      `INSERT INTO audit_events (id, at, staff_id, action, outcome, account_id, login_id,
         ticket_ref, verification_id, reason, details, prev_hash, hash)
       VALUES (@id, @at, @staffId, @action, @outcome, @accountId, @loginId, @ticketRef,
         @verificationId, @reason, @details, @prevHash, @hash)`,
    );
    let prevHash = GENESIS_HASH;
    for (let id = 1; id <= 3; id++) {
      const fields: HashedAuditFields = {
        id,
        at: 1_700_000_000_000 + id,
        staffId: 'stf_agent',
        action: id === 2 ? 'account.reactivate' : 'verification.check',
        outcome: id === 2 ? 'succeeded' : 'passed',
        accountId: 'acc_1',
        loginId: null,
        ticketRef: 'ZD-1',
        verificationId: 'ver_1',
        reason: null,
        details: '{}',
      };
      const hash = auditHash(prevHash, fields);
      insertEvent.run({ ...fields, prevHash, hash });
      prevHash = hash;
    }
    connection.exec(
      `INSERT INTO reactivation_reviews (id, audit_event_id, account_id, agent_id, ticket_ref,
         verification_id, verification_method, verified_at, deactivation_reason, days_left,
         reactivated_at)
       VALUES ('rev_1', 2, 'acc_1', 'stf_agent', 'ZD-1', 'ver_1', 'card_last4', 1,
         'non_payment', 30, 2)`,
    );
    connection.exec(
      `INSERT INTO alerts (id, kind, account_id, raised_at, until)
       VALUES ('alr_1', 'verification_locked', 'acc_1', 1, 2)`,
    );
    const eventsBefore = connection.prepare('SELECT * FROM audit_events ORDER BY id').all();

    migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });

    expect(connection.prepare('SELECT * FROM audit_events ORDER BY id').all()).toEqual(
      eventsBefore,
    );
    expect(connection.prepare('SELECT id, audit_event_id FROM reactivation_reviews').all()).toEqual(
      [{ id: 'rev_1', audit_event_id: 2 }],
    );
    expect(connection.prepare('SELECT id, kind FROM alerts').all()).toEqual([
      { id: 'alr_1', kind: 'verification_locked' },
    ]);
    expect(connection.pragma('foreign_key_check')).toEqual([]);
    // The next event follows the old ones (AUTOINCREMENT's sequence carried over).
    expect(
      connection.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_events'").get(),
    ).toEqual({ seq: 3 });

    // Still append-only, still checked, and the new actions are accepted.
    expect(() => connection.exec('UPDATE audit_events SET at = 0 WHERE id = 1')).toThrow(
      /append-only/,
    );
    expect(() => connection.exec('DELETE FROM audit_events WHERE id = 3')).toThrow(/append-only/);
    expect(() =>
      connection.exec(
        `INSERT OR REPLACE INTO audit_events (id, at, staff_id, action, outcome, details,
           prev_hash, hash) VALUES (1, 1, 's', 'auth.login', 'succeeded', '{}', 'x', 'y')`,
      ),
    ).toThrow(/append-only/);
    expect(() =>
      connection.exec(
        `INSERT INTO audit_events (at, staff_id, action, outcome, details, prev_hash, hash)
         VALUES (1, 's', 'no.such_action', 'succeeded', '{}', 'x', 'y')`,
      ),
    ).toThrow(/CHECK constraint failed: audit_action_check/);
    connection.exec(
      `INSERT INTO audit_events (at, staff_id, action, outcome, details, prev_hash, hash)
       VALUES (1, 's', 'webhook.create', 'succeeded', '{}', 'x', 'y')`,
    );
    expect(() =>
      connection.exec(
        `INSERT INTO reactivation_reviews (id, audit_event_id, account_id, agent_id, ticket_ref,
           verification_id, verification_method, verified_at, deactivation_reason, days_left,
           reactivated_at)
         VALUES ('rev_2', 999, 'acc_1', 'stf_agent', 'ZD-1', 'ver_1', 'card_last4', 1,
           'non_payment', 30, 2)`,
      ),
    ).toThrow(/FOREIGN KEY/);
    connection.exec(
      `INSERT INTO alerts (id, kind, webhook_endpoint_id, raised_at, until)
       VALUES ('alr_2', 'webhook_endpoint_disabled', 'whe_1', 1, 2)`,
    );
    connection.close();
  });
});
