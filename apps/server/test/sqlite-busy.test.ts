import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseBusyError, type LifelineDb, openDatabase } from '@lifeline/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestServer, type TestServer } from './harness.ts';
import { sqliteConnection, TEST_ENGINE } from './test-db.ts';

// Another process holding SQLite's write lock must not freeze this one: a transaction waits
// for the lock asynchronously (short tries, backoff with jitter, an overall deadline), so the
// event loop goes on answering reads and /healthz; past the deadline it fails with a typed error.
// SQLite only: it is about SQLite's file lock, held through a second raw connection.

type Sqlite = ReturnType<typeof sqliteConnection>;

/** A second connection to the file, as another Lifeline process (or a sqlite3 shell) has. */
function otherConnection(db: LifelineDb): Sqlite {
  const Connection = sqliteConnection(db).constructor as new (
    path: string,
    options?: { timeout?: number },
  ) => Sqlite;
  return new Connection(db.path, { timeout: 0 });
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`never happened: ${what}`);
}

describe.runIf(TEST_ENGINE === 'sqlite')('a write lock held by another connection', () => {
  let server: TestServer;
  let lockWaits = 0;
  beforeAll(async () => {
    server = await startTestServer({
      accounts: 0,
      database: {
        onLockWait: () => {
          lockWaits += 1;
        },
      },
    });
  });
  afterAll(() => server.close());

  it('leaves /healthz and reads answering while a change waits, and the change then completes', async () => {
    const agent = await server.signedIn('agent@lifeline.test');
    const holder = otherConnection(server.db);
    try {
      holder.exec('BEGIN IMMEDIATE');
      lockWaits = 0;
      let settled = false;
      // Signing in writes (the session, the attempt): a change that needs the write lock.
      const change = server
        .client()
        .auth.login.mutate({ email: 'lead@lifeline.test', password: DEMO_PASSWORD })
        .finally(() => {
          settled = true;
        });
      await until(() => lockWaits > 0, 'the sign-in waited for the write lock');

      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(200);
      const found = await agent.accounts.search.query({ query: 'ok.owner@example.com' });
      expect(found.items.length).toBeGreaterThan(0);
      // Both answered while the lock was still held and the change still waiting.
      expect(settled).toBe(false);
      expect(holder.inTransaction).toBe(true);

      holder.exec('COMMIT');
      const signedIn = await change;
      expect(signedIn).toMatchObject({ staff: { email: 'lead@lifeline.test' } });
    } finally {
      if (holder.inTransaction) holder.exec('ROLLBACK');
      holder.close();
    }
  });
});

describe.runIf(TEST_ENGINE === 'sqlite')('the lock deadline', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lifeline-busy-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fails a transaction with DatabaseBusyError while the lock is still held, not a hang', async () => {
    const db = openDatabase(join(dir, 'deadline.db'), { lockDeadlineMs: 300 });
    const holder = otherConnection(db);
    try {
      holder.exec('BEGIN IMMEDIATE');
      let ran = false;
      const error = await db
        .transaction(async () => {
          ran = true;
        })
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(DatabaseBusyError);
      expect(error).toMatchObject({ code: 'DATABASE_BUSY' });
      expect(String((error as Error).message)).toMatch(/write lock/);
      expect(ran).toBe(false);
      expect(holder.inTransaction).toBe(true);

      holder.exec('ROLLBACK');
      // The queue of this process goes on: the next transaction gets the lock.
      await expect(db.transaction(async () => 42)).resolves.toBe(42);
    } finally {
      if (holder.inTransaction) holder.exec('ROLLBACK');
      holder.close();
      await db.close();
    }
  });

  it('keeps queued transactions of this process one at a time while it waits', async () => {
    const db = openDatabase(join(dir, 'queue.db'));
    const holder = otherConnection(db);
    try {
      holder.exec('BEGIN IMMEDIATE');
      const order: string[] = [];
      const first = db.transaction(async () => {
        order.push('first:start');
        await new Promise((r) => setTimeout(r, 30));
        order.push('first:end');
      });
      const second = db.transaction(async () => {
        order.push('second');
      });
      await new Promise((r) => setTimeout(r, 100));
      expect(order).toEqual([]);
      holder.exec('COMMIT');
      await Promise.all([first, second]);
      expect(order).toEqual(['first:start', 'first:end', 'second']);
    } finally {
      if (holder.inTransaction) holder.exec('ROLLBACK');
      holder.close();
      await db.close();
    }
  });
});

describe.runIf(TEST_ENGINE === 'sqlite')(
  'a change that cannot get the lock in time, over HTTP',
  () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ accounts: 0, database: { lockDeadlineMs: 300 } });
    });
    afterAll(() => server.close());

    it('answers 503 SERVICE_UNAVAILABLE, saying to try again, and writes nothing', async () => {
      const holder = otherConnection(server.db);
      try {
        holder.exec('BEGIN IMMEDIATE');
        const response = await fetch(`${server.url}/trpc/auth.login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: server.url },
          body: JSON.stringify({ json: { email: 'lead@lifeline.test', password: DEMO_PASSWORD } }),
        });
        expect(response.status).toBe(503);
        const error = (
          (await response.json()) as {
            error: { json: { message: string; data: { code: string } } };
          }
        ).error.json;
        expect(error.data.code).toBe('SERVICE_UNAVAILABLE');
        expect(error.message).toMatch(/write lock.*try again/);
        expect(response.headers.getSetCookie()).toEqual([]);
      } finally {
        if (holder.inTransaction) holder.exec('ROLLBACK');
        holder.close();
      }
    });
  },
);
