import type { LifelineDb } from '@lifeline/db';
import { expect } from 'vitest';
import { testSql } from '../test-db.ts';
import {
  type CallResult,
  call,
  createStaffMembers,
  inOrder,
  insertAccount,
  insertVerification,
  STAFF_PASSWORD,
  shuffle,
  signIn,
  TICKET,
  testSeed,
} from './support.ts';

/**
 * The race of SPEC §6 "two agents acting on one account at once: exactly one succeeds", shared by
 * the concurrency suite (one server, two processes on one database) and the several-servers
 * suite (three processes on one PostgreSQL database).
 */

export const CLIENTS = 10;
const PER_GROUP = 4;

export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

let keySeq = 0;
export function key(tag: string): string {
  keySeq += 1;
  return `${tag}-key-${String(keySeq).padStart(6, '0')}`;
}

export interface RaceReport {
  clients: number;
  calls: number;
}

/**
 * Ten agents race to reactivate, unlock and detach on the same accounts (each account raced by
 * all of them for one action), while one agent replays one idempotency key ten times in parallel
 * for a reactivation and another for a reset link — all in one burst. Clients are spread over
 * `urls` (one or two server processes).
 */
export async function raceScenario(urls: string[], db: LifelineDb, now: number, tag: string) {
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
