import { signInEmailHash } from '@lifeline/api';
import {
  getOrCreateSecret,
  IDENTIFIER_HASH_KEY,
  type LifelineDb,
  openDatabase,
} from '@lifeline/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness.ts';
import { testSql } from '../test-db.ts';
import { key, raceScenario, range } from './race.ts';
import {
  call,
  createStaffMembers,
  inOrder,
  insertAccount,
  type ServerProcess,
  STAFF_PASSWORD,
  signIn,
  spawnServer,
  stopChildren,
  stopServer,
  TICKET,
  tempDir,
} from './support.ts';

/**
 * SPEC §6 "two agents acting on one account at once: exactly one succeeds" and §13 "no state
 * that matters lives in process memory", under real contention: ten agents, each with their own
 * session, race on the same accounts over HTTP — first against one server, then against two
 * server processes sharing one database file.
 */

describe('concurrent agents on one server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ accounts: 0 });
  });
  afterAll(() => server.close());

  it('ten agents racing: one state change per account, VERSION_CONFLICT or the new state for the rest, replays act once', async () => {
    const report = await raceScenario([server.url], server.db, server.clock.now, 'one');
    console.info(`one process: ${report.clients} clients, ${report.calls} concurrent calls`);
  });
});

describe('two server processes on one database file', () => {
  const temp = tempDir('lifeline-two-');
  let first: ServerProcess;
  let second: ServerProcess;
  let db: LifelineDb;
  let urls: string[];

  beforeAll(async () => {
    // The first start migrates and seeds; the second opens the same, already seeded file.
    const dbPath = await temp.database('shared.db');
    first = await spawnServer(dbPath);
    second = await spawnServer(dbPath);
    urls = [first.url, second.url];
    db = openDatabase(dbPath, { migrate: false });
  });
  afterAll(async () => {
    await db?.close();
    await Promise.all([first && stopServer(first), second && stopServer(second)]);
    await stopChildren();
    await temp.dispose();
  });

  it('gives the same guarantees with the clients split over both processes', async () => {
    const report = await raceScenario(urls, db, Date.now(), 'two');
    console.info(`two processes: ${report.clients} clients, ${report.calls} concurrent calls`);
  });

  it('locks verification of an account after 3 failures whichever process saw them, and alerts leads', async () => {
    const raw = testSql(db);
    const now = Date.now();
    const staff = await createStaffMembers(db, 'lock-agent', 6, now);
    const cookies = await Promise.all(
      staff.map((m, i) => signIn(urls[i % 2] as string, m.email, STAFF_PASSWORD)),
    );
    const target = await insertAccount(raw, {
      email: 'lock.target@example.com',
      now,
      cardLast4: '4321',
    });
    const wrong = (i: number) =>
      call(
        urls[i % 2] as string,
        'verification.check',
        {
          identifier: target.ownerEmail,
          ticketRef: TICKET,
          factor: { method: 'card_last4', last4: String(1000 + i) },
        },
        { cookie: cookies[i] },
      );
    const answers = await Promise.all(range(6).map(wrong));
    const outcomes = answers.map((a) => (a.data as { outcome: string }).outcome).sort();
    // The 1st and 2nd failures say failed; the 3rd says locked; the rest find it locked.
    expect(outcomes).toEqual(['failed', 'failed', 'locked', 'locked', 'locked', 'locked']);
    expect(
      await raw.sql(
        'SELECT outcome, count(*) AS n FROM verifications WHERE account_id = ? GROUP BY outcome ORDER BY outcome',
        target.accountId,
      ),
    ).toEqual([
      { outcome: 'failed', n: 3 },
      { outcome: 'locked', n: 3 },
    ]);
    expect(
      await raw.count(
        "SELECT count(*) FROM alerts WHERE kind = 'verification_locked' AND account_id = ?",
        target.accountId,
      ),
    ).toBe(1);
    // The right card, from a fresh agent on the other process: still locked, nothing compared.
    const [late] = await createStaffMembers(db, 'lock-late', 1, now);
    const lateCookie = await signIn(urls[1] as string, late?.email as string, STAFF_PASSWORD);
    const right = await call(
      urls[1] as string,
      'verification.check',
      {
        identifier: target.ownerEmail,
        ticketRef: TICKET,
        factor: { method: 'card_last4', last4: '4321' },
      },
      { cookie: lateCookie },
    );
    expect(right.data).toMatchObject({ outcome: 'locked' });
  });

  it('throttles a staff member after 10 failures split over both processes, and alerts leads', async () => {
    const raw = testSql(db);
    const now = Date.now();
    const [member] = await createStaffMembers(db, 'throttle-agent', 1, now);
    const staffId = member?.id as string;
    // One session, used on both processes: sessions live in the database.
    const cookie = await signIn(urls[0] as string, member?.email as string, STAFF_PASSWORD);
    const targets = await inOrder(range(10), (i) =>
      insertAccount(raw, { email: `throttle.t${i}@example.com`, now, cardLast4: '4321' }),
    );
    // Twelve wrong answers at once: on ten accounts, two of them twice (2 < the account lock's 3).
    const attempts = [...targets, targets[0], targets[1]].map((t, i) =>
      call(
        urls[i % 2] as string,
        'verification.check',
        {
          identifier: t?.ownerEmail,
          ticketRef: TICKET,
          factor: { method: 'card_last4', last4: '0000' },
        },
        { cookie },
      ),
    );
    const answers = await Promise.all(attempts);
    const reasons = answers.map((a) => a.reason).sort();
    expect(reasons).toEqual(['STAFF_THROTTLED', 'STAFF_THROTTLED', ...Array(10).fill('none')]);
    expect(
      answers.filter((a) => (a.data as { staffThrottledUntil?: number })?.staffThrottledUntil),
    ).toHaveLength(1);
    expect(
      await raw.count(
        "SELECT count(*) FROM verifications WHERE staff_id = ? AND outcome = 'failed'",
        staffId,
      ),
    ).toBe(10);
    expect(
      await raw.count(
        "SELECT count(*) FROM alerts WHERE kind = 'staff_throttled' AND staff_id = ?",
        staffId,
      ),
    ).toBe(1);
    // Throttled on both processes, even for a right answer.
    for (const url of urls) {
      const again = await call(
        url,
        'verification.check',
        {
          identifier: targets[5]?.ownerEmail,
          ticketRef: TICKET,
          factor: { method: 'card_last4', last4: '4321' },
        },
        { cookie },
      );
      expect(again.reason).toBe('STAFF_THROTTLED');
    }

    // The lead sees both alerts, whichever process they ask.
    const lead = await signIn(urls[1] as string, 'lead@lifeline.test', 'lifeline-demo');
    const alerts = await call(urls[1] as string, 'alerts.list', undefined, {
      cookie: lead,
      type: 'query',
    });
    const items = (
      alerts.data as {
        items: Array<{
          kind: string;
          staff: { staffId: string } | null;
          account: { ownerIdentifier: string } | null;
        }>;
      }
    ).items;
    expect(items.some((a) => a.kind === 'staff_throttled' && a.staff?.staffId === staffId)).toBe(
      true,
    );
    expect(
      items.some(
        (a) =>
          a.kind === 'verification_locked' &&
          a.account?.ownerIdentifier === 'lock.target@example.com',
      ),
    ).toBe(true);
  });

  it('holds the 3-per-hour reset-link limit with requests split over both processes', async () => {
    const now = Date.now();
    const staff = await createStaffMembers(db, 'reset-agent', 4, now);
    const cookies = await Promise.all(
      staff.map((m, i) => signIn(urls[i % 2] as string, m.email, STAFF_PASSWORD)),
    );
    const target = await insertAccount(testSql(db), { email: 'reset.limit@example.com', now });
    const answers = await Promise.all(
      range(12).map((i) =>
        call(
          urls[i % 2] as string,
          'actions.sendPasswordReset',
          { loginId: target.ownerLoginId, ticketRef: TICKET, idempotencyKey: key('reset') },
          { cookie: cookies[i % 4] },
        ),
      ),
    );
    expect(answers.map((a) => a.reason).sort()).toEqual([
      ...Array(9).fill('RATE_LIMITED'),
      ...Array(3).fill('none'),
    ]);
    expect(
      await testSql(db).count(
        'SELECT count(*) FROM password_reset_tokens WHERE login_id = ?',
        target.ownerLoginId,
      ),
    ).toBe(3);
  });

  it('holds the per-email sign-in throttle with attempts split over both processes', async () => {
    const now = Date.now();
    const [member] = await createStaffMembers(db, 'signin-target', 1, now);
    const email = member?.email as string;
    const answers = await Promise.all(
      range(10).map((i) =>
        call(urls[i % 2] as string, 'auth.login', { email, password: `wrong-password-${i}` }),
      ),
    );
    expect(answers.map((a) => a.reason).sort()).toEqual([
      ...Array(5).fill('RATE_LIMITED'),
      ...Array(5).fill('UNAUTHENTICATED'),
    ]);
    const right = await call(urls[1] as string, 'auth.login', { email, password: STAFF_PASSWORD });
    expect(right.reason).toBe('RATE_LIMITED');
    // Counted by the keyed hash the servers store instead of the email.
    const identifierHashKey = await getOrCreateSecret(db, IDENTIFIER_HASH_KEY);
    expect(
      await testSql(db).count(
        'SELECT count(*) FROM sign_in_attempts WHERE email_hash = ?',
        signInEmailHash({ identifierHashKey }, email),
      ),
    ).toBe(5);
  });
});
