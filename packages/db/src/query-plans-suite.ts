import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AuditAction, DAY, HOUR } from '@lifeline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAuditEvent, findAuditHead } from './audit.ts';
import type { Db } from './client.ts';
import { type LifelineDb, openDatabase } from './client.ts';
import {
  findAccountHeader,
  findLiveLoginsOfAccount,
  findOwnerLoginsByContactEmail,
  findTombstoneById,
  listAccountAuditEvents,
  listAccountEmails,
  searchLoginsByPrefix,
  wasReactivatedAt,
} from './repositories/accounts.ts';
import { listAuditEvents, recentSupportActions } from './repositories/audit-log.ts';
import { findSessionWithStaff, insertSession, touchSession } from './repositories/auth.ts';
import {
  accountIdsForIdentifier,
  findNearMatchCandidates,
  findTombstones,
  loadAccountSnapshots,
} from './repositories/diagnosis.ts';
import { enqueueEmail } from './repositories/outbox.ts';
import { insertStaff } from './repositories/staff.ts';
import {
  findAccountVerificationLocks,
  findAccountVerificationStates,
  findLatestVerificationCode,
  findLivePassedVerifications,
  findStaffVerificationThrottle,
  insertVerification,
  insertVerificationAlert,
  insertVerificationCode,
  verificationCodeTimesSince,
  verificationFailureTimes,
} from './repositories/verification.ts';
import {
  claimDueWebhookDeliveries,
  hasDueWebhookDeliveries,
  insertWebhookEndpoint,
} from './repositories/webhooks.ts';
import { identifierHash } from './secrets.ts';
import { seedDemoData } from './seed/index.ts';
import {
  newTestDatabaseLocation,
  type TestDatabaseLocation,
  type TestSql,
  tableNames,
  testSql,
} from './testing.ts';
import { explainPlan, type RecordedStatement, recordingHandle } from './testing-plans.ts';

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const KEY = 'test-identifier-hash-key-0123456789abcdef';
/** Enough for the planners to see tables of real shape (SQLite's ANALYZE samples them). */
const ACCOUNTS = 3000;
/**
 * Read whole without harm: the support team, tens of rows, grown by hiring and not by customers
 * or traffic. PostgreSQL may read it whole as one side of a merge join (the audit page's names).
 * Webhook endpoints too: a handful an admin registers, read on each change that emits an event.
 */
const TEAM_SIZED_TABLES = ['staff', 'webhook_endpoints'];
/** The planted audit log's mix, most frequent first, as a support floor's day has it. */
const PLANTED_ACTIONS: AuditAction[] = [
  'verification.check',
  'verification.check',
  'verification.check',
  'login.send_password_reset',
  'login.send_password_reset',
  'login.unlock',
  'auth.login',
  'block.lift',
  'login.detach_team_member',
  'account.reactivate',
];

/**
 * A query on the request path, as the code runs it: `run` calls the repository on a recording
 * handle and every statement it sends is explained. `walksInOrder` names a table the query may
 * read in its ORDER BY's order with no filter, stopped by its LIMIT (the audit log's newest
 * page, its head): SQLite calls that walk `SCAN`, but it reads LIMIT rows, not the table.
 */
interface HotQuery {
  name: string;
  run(db: Db): Promise<unknown>;
  walksInOrder?: string;
}

interface Fixture {
  staffId: string;
  otherStaffId: string;
  sessionHash: string;
  accountId: string;
  loginId: string;
  contactEmail: string;
  identifier: string;
}

/**
 * Every hot request-path query through EXPLAIN on the run's engine, on seeded data: none may
 * read a whole table. Called by query-plans.test.ts (SQLite) and query-plans-pg.test.ts.
 */
export function describeQueryPlans(): void {
  describe('query plans on the request path', () => {
    let dir: string;
    let location: TestDatabaseLocation;
    let db: LifelineDb;
    let raw: TestSql;
    let fixture: Fixture;
    let known: string[];

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'lifeline-plans-'));
      location = await newTestDatabaseLocation(dir, 'plans.db');
      db = openDatabase(location.location);
      await db.ready;
      await seedDemoData(db, { accounts: ACCOUNTS, now: NOW, identifierHashKey: KEY });
      raw = testSql(db);
      fixture = await plantActivity(db, raw);
      await raw.exec('ANALYZE');
      known = await tableNames(raw);
    }, 120_000);

    afterAll(async () => {
      await db?.close();
      await location?.drop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const queries: HotQuery[] = [
      // Diagnosis (repositories/diagnosis.ts, services/accounts/diagnose.ts).
      {
        name: 'diagnosis: accounts by identifier and contact email',
        run: (h) => accountIdsForIdentifier(h, fixture.identifier),
      },
      {
        name: 'diagnosis: account with billing, logins, blocks, charges',
        run: (h) => loadAccountSnapshots(h, [fixture.accountId]),
      },
      {
        name: 'diagnosis: tombstones by identifier hash',
        run: (h) => findTombstones(h, identifierHash(KEY, 'purged.long.ago@example.com')),
      },
      {
        name: 'diagnosis: near-match candidates (exact variants and ranges)',
        run: (h) => findNearMatchCandidates(h, 'locked.out@exmaple.com'),
      },
      {
        name: 'diagnosis: recent support actions',
        run: (h) => recentSupportActions(h, [fixture.accountId], NOW - 7 * DAY),
      },
      {
        name: 'diagnosis: reactivated at (dunning restart)',
        run: (h) => wasReactivatedAt(h, fixture.accountId, NOW - DAY),
      },
      {
        name: 'diagnosis: unknown account id (header, tombstone)',
        run: async (h) => {
          await findAccountHeader(h, fixture.accountId);
          await findTombstoneById(h, fixture.accountId);
        },
      },
      // Verification state (repositories/verification.ts).
      {
        name: 'verification: account locks',
        run: (h) => findAccountVerificationLocks(h, [fixture.accountId], NOW),
      },
      {
        name: 'verification: account lock and tries used',
        run: (h) => findAccountVerificationStates(h, [fixture.accountId], NOW, HOUR),
      },
      {
        name: 'verification: staff throttle',
        run: (h) => findStaffVerificationThrottle(h, fixture.staffId, NOW),
      },
      {
        name: 'verification: live passes',
        run: (h) =>
          findLivePassedVerifications(h, fixture.staffId, [fixture.accountId], NOW, 30 * 60_000),
      },
      {
        name: 'verification: failures of an account, of a staff member',
        run: async (h) => {
          await verificationFailureTimes(h, { accountId: fixture.accountId }, NOW - HOUR);
          await verificationFailureTimes(h, { staffId: fixture.staffId }, NOW - HOUR);
        },
      },
      {
        name: 'verification: email codes sent, latest code',
        run: async (h) => {
          await verificationCodeTimesSince(h, fixture.loginId, NOW - HOUR);
          await findLatestVerificationCode(h, {
            loginId: fixture.loginId,
            staffId: fixture.staffId,
            ticketRef: 'T-1',
          });
        },
      },
      // Every request: the session, and its last-seen mark.
      {
        name: 'auth: session with staff',
        run: (h) => findSessionWithStaff(h, fixture.sessionHash),
      },
      {
        name: 'auth: touch session',
        run: (h) => touchSession(h, fixture.sessionHash, NOW, '10.0.0.1'),
      },
      // Every change: the audit chain's head, then the next event.
      {
        name: 'audit: head',
        run: (h) => findAuditHead(h),
        walksInOrder: 'audit_events',
      },
      {
        name: 'audit: append',
        run: (h) =>
          appendAuditEvent(h, {
            at: NOW,
            staffId: fixture.staffId,
            action: 'login.unlock',
            outcome: 'succeeded',
            accountId: fixture.accountId,
            loginId: fixture.loginId,
            ticketRef: 'T-1',
          }),
        walksInOrder: 'audit_events',
      },
      // The webhook sender's claim, every few seconds on every server (webhook-sender.ts).
      {
        name: 'webhooks: claim due deliveries',
        run: async (h) => {
          await hasDueWebhookDeliveries(h, NOW);
          await claimDueWebhookDeliveries(h, { now: NOW, leaseUntil: NOW + 60_000, limit: 20 });
        },
      },
      // Account search and the account page (repositories/accounts.ts).
      {
        name: 'search: logins by prefix, first page and next',
        run: async (h) => {
          await searchLoginsByPrefix(h, 'jea', null, 25);
          await searchLoginsByPrefix(h, 'jea', { identifier: 'jean', accountId: 'acc_0' }, 25);
        },
      },
      {
        name: 'search: owners by contact email',
        run: (h) => findOwnerLoginsByContactEmail(h, fixture.contactEmail, 25),
      },
      {
        name: 'account page: live logins, audit events, emails',
        run: async (h) => {
          await findLiveLoginsOfAccount(h, fixture.accountId);
          await listAccountAuditEvents(h, fixture.accountId, 50);
          await listAccountEmails(h, fixture.accountId, 50);
        },
      },
      // The audit log page: its first page, the next, and each filter.
      {
        name: 'audit page: newest first, then the next page',
        run: async (h) => {
          await listAuditEvents(h, { limit: 50 });
          await listAuditEvents(h, { limit: 50, beforeId: 100 });
        },
        walksInOrder: 'audit_events',
      },
      {
        name: 'audit page: by staff, action, account, period',
        run: async (h) => {
          await listAuditEvents(h, { limit: 50, staffId: fixture.otherStaffId });
          await listAuditEvents(h, { limit: 50, action: 'account.reactivate' });
          await listAuditEvents(h, { limit: 50, accountId: fixture.accountId });
          await listAuditEvents(h, { limit: 50, from: NOW - DAY, to: NOW });
          await listAuditEvents(h, { limit: 50, from: NOW - 31 * DAY, to: NOW - 30 * DAY });
          await listAuditEvents(h, {
            limit: 50,
            staffId: fixture.staffId,
            action: 'login.unlock',
            from: NOW - 30 * DAY,
            to: NOW,
            beforeId: 150,
          });
        },
      },
    ];

    it.each(queries.map((q) => [q.name, q] as const))('%s: no full scan', async (_, query) => {
      const statements = await statementsOf(location.location, query);
      expect(statements.length, `${query.name} sent no statement`).toBeGreaterThan(0);
      const failures: string[] = [];
      for (const statement of statements) {
        const plan = await explainPlan(raw, statement, known);
        const allowed = (table: string) =>
          TEAM_SIZED_TABLES.includes(table) ||
          (table === query.walksInOrder && !/TEMP B-TREE|Sort/.test(plan.text));
        const scans = plan.fullScans.filter((table) => !allowed(table));
        if (scans.length > 0) {
          failures.push(
            `${query.name} reads all of ${scans.join(', ')}\n  SQL: ${statement.sql}\n  plan:\n    ${plan.text.replaceAll('\n', '\n    ')}`,
          );
        }
      }
      expect(failures.join('\n\n'), 'a full scan on the request path').toBe('');
    });
  });
}

/** The distinct statements `query` sends, with the values they ran with. */
async function statementsOf(location: string, query: HotQuery): Promise<RecordedStatement[]> {
  const recording = recordingHandle(location);
  try {
    await query.run(recording.handle);
  } finally {
    await recording.close();
  }
  const distinct = new Map<string, RecordedStatement>();
  for (const statement of recording.statements) {
    // The PostgreSQL migrator and pool say nothing; BEGIN and the like are not queries.
    if (/^(begin|commit|rollback|set)\b/i.test(statement.sql.trim())) continue;
    // SQLite's STAT4 plans by the values bound: the same SQL with other values is explained too.
    const key = JSON.stringify([statement.sql, statement.params]);
    if (!distinct.has(key)) distinct.set(key, statement);
  }
  return [...distinct.values()];
}

/**
 * What the seed leaves out and the request path reads: staff and their sessions, audit events,
 * verifications, codes and alerts, spread over the seeded accounts.
 */
async function plantActivity(db: LifelineDb, raw: TestSql): Promise<Fixture> {
  const logins = await raw.sql<{ id: string; account_id: string; identifier: string }>(
    'SELECT id, account_id, identifier FROM logins ORDER BY id LIMIT 400',
  );
  const first = logins[0];
  if (first === undefined) throw new Error('the seed wrote no logins');
  const account = await raw.one<{ contact_email: string }>(
    'SELECT contact_email FROM accounts WHERE id = ?',
    first.account_id,
  );
  await plantTombstones(raw);
  return await db.transaction(async (tx) => {
    const staffIds: string[] = [];
    for (let n = 0; n < 20; n += 1) {
      const { id } = await insertStaff(tx, {
        email: `agent${n}@lifeline.test`,
        displayName: `Agent ${n}`,
        role: 'agent',
        passwordHash: '',
        createdAt: NOW - 90 * DAY,
      });
      staffIds.push(id);
      for (let s = 0; s < 10; s += 1) {
        await insertSession(tx, {
          idHash: `session-${n}-${s}`,
          staffId: id,
          createdAt: NOW - s * HOUR,
          expiresAt: NOW - s * HOUR + 12 * HOUR,
          userAgent: 'test',
          ip: '10.0.0.1',
        });
      }
    }
    const staffAt = (i: number) => staffIds[i % staffIds.length] as string;
    // Two receivers, so the events below are written with their deliveries (webhook-outbox.ts).
    for (const eventTypes of [['action.succeeded'], ['verification.failed', 'action.refused']]) {
      await insertWebhookEndpoint(tx, {
        url: 'https://helpdesk.example.com/hooks',
        description: '',
        eventTypes: eventTypes as ['action.succeeded'],
        secret: 'whsec_dGVzdA==',
        createdBy: staffIds[0] as string,
        now: NOW - 90 * DAY,
      });
    }
    for (const [i, login] of logins.entries()) {
      // Four events a day over a hundred days.
      const at = NOW - i * 6 * HOUR;
      const staffId = staffAt(i);
      await appendAuditEvent(tx, {
        at,
        staffId,
        action: PLANTED_ACTIONS[i % PLANTED_ACTIONS.length] ?? 'login.unlock',
        outcome: 'succeeded',
        accountId: login.account_id,
        loginId: login.id,
        ticketRef: `T-${i}`,
      });
      await insertVerification(tx, {
        staffId,
        loginId: login.id,
        accountId: login.account_id,
        ticketRef: `T-${i}`,
        method: 'card_last4',
        outcome: i % 4 === 0 ? 'failed' : 'passed',
        createdAt: at,
        expiresAt: i % 4 === 0 ? null : at + 30 * 60_000,
      });
      await insertVerificationCode(tx, {
        id: `vcd_${i}`,
        staffId,
        loginId: login.id,
        accountId: login.account_id,
        ticketRef: `T-${i}`,
        codeHash: `hash-${i}`,
        createdAt: at,
        expiresAt: at + 10 * 60_000,
      });
      await enqueueEmail(
        tx,
        {
          template: 'login_unlocked',
          toAddress: login.identifier,
          subject: 'Your login is unlocked',
          bodyText: 'You can sign in again.',
          accountId: login.account_id,
          loginId: login.id,
        },
        at,
      );
      if (i % 10 === 0) {
        await insertVerificationAlert(tx, {
          kind: i % 20 === 0 ? 'verification_locked' : 'staff_throttled',
          accountId: i % 20 === 0 ? login.account_id : null,
          staffId: i % 20 === 0 ? null : staffId,
          raisedAt: at,
          until: at + HOUR,
        });
      }
    }
    return {
      staffId: staffAt(0),
      otherStaffId: staffAt(1),
      sessionHash: 'session-0-0',
      accountId: first.account_id,
      loginId: first.id,
      contactEmail: account?.contact_email ?? '',
      identifier: first.identifier,
    };
  });
}

/** Purged accounts pile up for years (the seed has only the scenarios' few): a thousand. */
async function plantTombstones(raw: TestSql): Promise<void> {
  await raw.exec('BEGIN');
  for (let n = 0; n < 1000; n += 1) {
    const accountId = `acc_purged${String(n).padStart(6, '0')}`;
    await raw.sql(
      'INSERT INTO tombstones (account_id, deactivated_at, purged_at) VALUES (?, ?, ?)',
      accountId,
      NOW - 400 * DAY,
      NOW - 270 * DAY,
    );
    for (const identifier of [`former${n}@example.com`, `former.team${n}@example.com`]) {
      await raw.sql(
        'INSERT INTO tombstone_identifiers (identifier_hash, account_id) VALUES (?, ?)',
        identifierHash(KEY, identifier),
        accountId,
      );
    }
  }
  await raw.exec('COMMIT');
}
