import { join } from 'node:path';
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
import {
  type CallResult,
  call,
  createStaffMembers,
  inOrder,
  insertAccount,
  insertVerification,
  type ServerProcess,
  STAFF_PASSWORD,
  shuffle,
  signIn,
  spawnServer,
  stopChildren,
  stopServer,
  TICKET,
  tempDir,
  testSeed,
} from './support.ts';

/**
 * SPEC §6 "two agents acting on one account at once: exactly one succeeds" and §13 "no state
 * that matters lives in process memory", under real contention: ten agents, each with their own
 * session, race on the same accounts over HTTP — first against one server, then against two
 * server processes sharing one database file.
 */

const CLIENTS = 10;
const PER_GROUP = 4;

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

let keySeq = 0;
function key(tag: string): string {
  keySeq += 1;
  return `${tag}-key-${String(keySeq).padStart(6, '0')}`;
}

interface RaceReport {
  clients: number;
  calls: number;
}

/**
 * Ten agents race to reactivate, unlock and detach on the same accounts (each account raced by
 * all of them for one action), while one agent replays one idempotency key ten times in parallel
 * for a reactivation and another for a reset link — all in one burst. Clients are spread over
 * `urls` (one or two server processes).
 */
async function raceScenario(urls: string[], db: LifelineDb, now: number, tag: string) {
  const raw = testSql(db);
  const staff = await createStaffMembers(db, `${tag}-agent`, CLIENTS, now);
  const urlOf = (i: number) => urls[i % urls.length] as string;
  const cookies = await Promise.all(
    staff.map((member, i) => signIn(urlOf(i), member.email, STAFF_PASSWORD)),
  );

  const reactivate = await inOrder(range(PER_GROUP), (i) =>
    insertAccount(raw, { email: `${tag}.react${i}@example.com`, now, deactivated: true }),
  );
  const unlock = await inOrder(range(PER_GROUP), (i) =>
    insertAccount(raw, { email: `${tag}.locked${i}@example.com`, now, locked: true }),
  );
  const detach = await inOrder(range(PER_GROUP), (i) =>
    insertAccount(raw, {
      email: `${tag}.team-owner${i}@example.com`,
      now,
      teamMember: `${tag}.member${i}@example.com`,
    }),
  );
  const replayed = await insertAccount(raw, {
    email: `${tag}.replay@example.com`,
    now,
    deactivated: true,
  });
  const resetTarget = await insertAccount(raw, { email: `${tag}.reset@example.com`, now });

  type Task = { group: string; target: string; staff: number; run: () => Promise<CallResult> };
  const tasks: Task[] = [];
  for (const [s, member] of staff.entries()) {
    const opts = { cookie: cookies[s] };
    for (const account of reactivate) {
      const verificationId = await insertVerification(raw, {
        staffId: member.id,
        loginId: account.ownerLoginId,
        accountId: account.accountId,
        now,
      });
      tasks.push({
        group: 'reactivate',
        target: account.accountId,
        staff: s,
        run: () =>
          call(
            urlOf(s),
            'actions.reactivate',
            {
              accountId: account.accountId,
              verificationId,
              ticketRef: TICKET,
              idempotencyKey: key(tag),
              expectedVersion: 1,
            },
            opts,
          ),
      });
    }
    for (const account of unlock) {
      const verificationId = await insertVerification(raw, {
        staffId: member.id,
        loginId: account.ownerLoginId,
        accountId: account.accountId,
        now,
      });
      tasks.push({
        group: 'unlock',
        target: account.ownerLoginId,
        staff: s,
        run: () =>
          call(
            urlOf(s),
            'actions.unlockLogin',
            {
              loginId: account.ownerLoginId,
              verificationId,
              ticketRef: TICKET,
              idempotencyKey: key(tag),
              sendResetLink: false,
            },
            opts,
          ),
      });
    }
    for (const account of detach) {
      const loginId = account.teamLoginId as string;
      const verificationId = await insertVerification(raw, {
        staffId: member.id,
        loginId,
        accountId: account.accountId,
        now,
        method: 'email_code',
      });
      tasks.push({
        group: 'detach',
        target: loginId,
        staff: s,
        run: () =>
          call(
            urlOf(s),
            'actions.detachTeamMember',
            { loginId, verificationId, ticketRef: TICKET, idempotencyKey: key(tag) },
            opts,
          ),
      });
    }
  }
  // One agent's double-clicks and retries: the same key, the same input, ten at once, sent to
  // every server process in turn.
  const replayVerification = await insertVerification(raw, {
    staffId: staff[0]?.id as string,
    loginId: replayed.ownerLoginId,
    accountId: replayed.accountId,
    now,
  });
  const replayInput = {
    accountId: replayed.accountId,
    verificationId: replayVerification,
    ticketRef: TICKET,
    idempotencyKey: key(tag),
    expectedVersion: 1,
  };
  const resetInput = {
    loginId: resetTarget.ownerLoginId,
    ticketRef: TICKET,
    idempotencyKey: key(tag),
  };
  for (const i of range(CLIENTS)) {
    tasks.push({
      group: 'replay-reactivate',
      target: replayed.accountId,
      staff: 0,
      run: () =>
        call(urls[i % urls.length] as string, 'actions.reactivate', replayInput, {
          cookie: cookies[0],
        }),
    });
    tasks.push({
      group: 'replay-reset',
      target: resetTarget.ownerLoginId,
      staff: 1,
      run: () =>
        call(urls[i % urls.length] as string, 'actions.sendPasswordReset', resetInput, {
          cookie: cookies[1],
        }),
    });
  }

  const lastAuditId = await raw.count('SELECT coalesce(max(id), 0) FROM audit_events');
  const seed = testSeed(`race (${tag})`, () => 7 + urls.length);
  const order = shuffle(tasks, seed);
  const results = await Promise.all(order.map((task) => task.run()));
  const outcomes = order.map((task, i) => ({ ...task, result: results[i] as CallResult }));
  for (const { result } of outcomes) expect(result.status, result.text).toBeLessThan(500);

  const of = (group: string, target: string) =>
    outcomes.filter((o) => o.group === group && o.target === target).map((o) => o.result);
  const events = (action: string, column: 'account_id' | 'login_id', id: string) =>
    raw.sql(
      `SELECT * FROM audit_events WHERE id > ? AND action = ? AND ${column} = ? ORDER BY id`,
      lastAuditId,
      action,
      id,
    );

  // Reactivate: one winner per account, every other agent told VERSION_CONFLICT.
  for (const account of reactivate) {
    const answers = of('reactivate', account.accountId);
    expect(answers.map((a) => a.reason).sort()).toEqual([
      ...Array(CLIENTS - 1).fill('VERSION_CONFLICT'),
      'none',
    ]);
    expect(
      await raw.sql('SELECT status, version FROM accounts WHERE id = ?', account.accountId),
    ).toEqual([{ status: 'active', version: 2 }]);
    const audit = await events('account.reactivate', 'account_id', account.accountId);
    const successes = audit.filter((e) => e.outcome === 'succeeded');
    expect(successes).toHaveLength(1);
    expect(audit.filter((e) => e.outcome === 'refused').map((e) => e.reason)).toEqual(
      Array(CLIENTS - 1).fill('VERSION_CONFLICT'),
    );
    expect(
      await raw.count(
        'SELECT count(*) FROM reactivation_reviews WHERE account_id = ?',
        account.accountId,
      ),
    ).toBe(1);
    expect(
      await raw.count('SELECT count(*) FROM outbox WHERE account_id = ?', account.accountId),
    ).toBe(1);
    expect(
      await raw.count('SELECT count(*) FROM outbox WHERE audit_event_id = ?', successes[0]?.id),
    ).toBe(1);
  }

  // Unlock: the first agent unlocks; the others find nothing left to unlock.
  for (const account of unlock) {
    const answers = of('unlock', account.ownerLoginId);
    expect(answers.map((a) => a.reason).sort()).toEqual([
      ...Array(CLIENTS - 1).fill('VERSION_CONFLICT'),
      'none',
    ]);
    expect(
      await raw.sql(
        'SELECT failed_attempts, locked_until, lockout_count FROM logins WHERE id = ?',
        account.ownerLoginId,
      ),
    ).toEqual([{ failed_attempts: 0, locked_until: null, lockout_count: 0 }]);
    expect(await raw.count('SELECT version FROM accounts WHERE id = ?', account.accountId)).toBe(2);
    const audit = await events('login.unlock', 'login_id', account.ownerLoginId);
    const successes = audit.filter((e) => e.outcome === 'succeeded');
    expect(successes).toHaveLength(1);
    expect(audit.filter((e) => e.outcome === 'refused')).toHaveLength(CLIENTS - 1);
    expect(
      await raw.count('SELECT count(*) FROM outbox WHERE account_id = ?', account.accountId),
    ).toBe(1);
  }

  // Detach: removed once; the others get VERSION_CONFLICT (their view is stale), not NOT_FOUND.
  for (const account of detach) {
    const loginId = account.teamLoginId as string;
    const answers = of('detach', loginId);
    expect(answers.map((a) => a.reason).sort()).toEqual([
      ...Array(CLIENTS - 1).fill('VERSION_CONFLICT'),
      'none',
    ]);
    expect(
      await raw.count(
        'SELECT count(*) FROM logins WHERE id = ? AND removed_at IS NOT NULL',
        loginId,
      ),
    ).toBe(1);
    expect(await raw.count('SELECT version FROM accounts WHERE id = ?', account.accountId)).toBe(2);
    const audit = await events('login.detach_team_member', 'login_id', loginId);
    expect(audit.filter((e) => e.outcome === 'succeeded')).toHaveLength(1);
    expect(audit.filter((e) => e.outcome === 'refused')).toHaveLength(CLIENTS - 1);
    // Owner and the removed address: one email each, from the one success.
    expect(
      await raw.count('SELECT count(*) FROM outbox WHERE account_id = ?', account.accountId),
    ).toBe(2);
  }

  // Replays: ten answers, all the same result; done once.
  const replays = of('replay-reactivate', replayed.accountId);
  expect(replays.map((r) => r.reason)).toEqual(Array(CLIENTS).fill('none'));
  for (const r of replays) expect(r.data).toEqual(replays[0]?.data);
  expect(await events('account.reactivate', 'account_id', replayed.accountId)).toHaveLength(1);
  expect(
    await raw.sql('SELECT status, version FROM accounts WHERE id = ?', replayed.accountId),
  ).toEqual([{ status: 'active', version: 2 }]);
  expect(
    await raw.count('SELECT count(*) FROM outbox WHERE account_id = ?', replayed.accountId),
  ).toBe(1);

  const resets = of('replay-reset', resetTarget.ownerLoginId);
  expect(resets.map((r) => r.reason)).toEqual(Array(CLIENTS).fill('none'));
  const outboxIds = new Set(resets.map((r) => (r.data as { outboxId: string }).outboxId));
  expect(outboxIds.size).toBe(1);
  expect(
    await raw.count(
      'SELECT count(*) FROM password_reset_tokens WHERE login_id = ?',
      resetTarget.ownerLoginId,
    ),
  ).toBe(1);
  expect(
    await raw.count('SELECT count(*) FROM outbox WHERE login_id = ?', resetTarget.ownerLoginId),
  ).toBe(1);
  expect(
    await events('login.send_password_reset', 'login_id', resetTarget.ownerLoginId),
  ).toHaveLength(1);

  return { clients: CLIENTS, calls: tasks.length } satisfies RaceReport;
}

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
  const dbPath = join(temp.dir, 'shared.db');
  let first: ServerProcess;
  let second: ServerProcess;
  let db: LifelineDb;
  let urls: string[];

  beforeAll(async () => {
    // The first start migrates and seeds; the second opens the same, already seeded file.
    first = await spawnServer(dbPath);
    second = await spawnServer(dbPath);
    urls = [first.url, second.url];
    db = openDatabase(dbPath, { migrate: false });
  });
  afterAll(async () => {
    await db?.close();
    await Promise.all([first && stopServer(first), second && stopServer(second)]);
    await stopChildren();
    temp.dispose();
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
