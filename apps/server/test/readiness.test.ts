import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkIntegrityOffThread,
  type LifelineDb,
  listHealthChecks,
  openDatabase,
  recordHealthCheck,
} from '@lifeline/db';
import { HOUR } from '@lifeline/domain';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from './harness.ts';
import { sqliteConnection, TEST_ENGINE } from './test-db.ts';

// SPEC §13: readiness is cheap. /readyz asks the database a trivial question and reads the
// integrity check's last recorded result; the check itself (PRAGMA quick_check, seconds on a
// large file) runs on a worker thread with its own connection, never on the request path.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ accounts: 50 });
});
afterAll(() => server.close());
afterEach(() => {
  vi.restoreAllMocks();
});

/**
 * Every statement and pragma this thread's better-sqlite3 connections run from now on that is
 * an integrity check (the prototype is shared by all of them, the server's included). SQLite
 * only: it watches the SQLite driver itself.
 */
function integrityChecksOnThisThread(): string[] {
  const seen: string[] = [];
  const proto = Object.getPrototypeOf(sqliteConnection(server.db)) as Record<
    'pragma' | 'prepare' | 'exec',
    (text: string, ...rest: unknown[]) => unknown
  >;
  for (const method of ['pragma', 'prepare', 'exec'] as const) {
    const original = proto[method];
    vi.spyOn(proto, method).mockImplementation(function (
      this: unknown,
      text: string,
      ...rest: unknown[]
    ) {
      if (/quick_check|integrity_check/i.test(String(text))) seen.push(`${method}: ${text}`);
      return original.call(this, text, ...rest);
    });
  }
  return seen;
}

interface Readiness {
  ok: boolean;
  database: boolean;
  migrationsApplied: boolean;
  integrity: { ok: boolean; checkedAt: string; ageSeconds: number } | null;
}

async function readyz(): Promise<{ status: number; body: Readiness }> {
  const response = await fetch(`${server.url}/readyz`);
  return { status: response.status, body: (await response.json()) as Readiness };
}

async function record(db: LifelineDb, ok: boolean, checkedAt: number) {
  await db.transaction((tx) =>
    recordHealthCheck(tx, {
      name: 'integrity',
      checkedAt,
      ok,
      detail: ok ? {} : { problems: ['a recorded failure'] },
    }),
  );
}

describe('GET /readyz', () => {
  it.runIf(TEST_ENGINE === 'sqlite')(
    'never runs an integrity check on the request path',
    async () => {
      const seen = integrityChecksOnThisThread();
      for (let i = 0; i < 3; i += 1) expect((await readyz()).status).toBe(200);
      expect(seen).toEqual([]);
    },
  );

  it('answers 200 before any integrity check was recorded, saying none was', async () => {
    await server.sql("DELETE FROM health_checks WHERE name = 'integrity'");
    const { status, body } = await readyz();
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, database: true, migrationsApplied: true });
    expect(body.integrity).toBeNull();
  });

  it('reports the recorded result and its age instead of computing one', async () => {
    // The database is intact: only a recorded result can make readiness say otherwise.
    await record(server.db, false, server.clock.now - 2 * HOUR);
    const failed = await readyz();
    expect(failed.status).toBe(503);
    expect(failed.body).toMatchObject({ ok: false, database: true, migrationsApplied: true });
    expect(failed.body.integrity).toEqual({
      ok: false,
      checkedAt: new Date(server.clock.now - 2 * HOUR).toISOString(),
      ageSeconds: 7200,
    });

    await record(server.db, true, server.clock.now - 60_000);
    const passed = await readyz();
    expect(passed.status).toBe(200);
    expect(passed.body.integrity).toEqual({
      ok: true,
      checkedAt: new Date(server.clock.now - 60_000).toISOString(),
      ageSeconds: 60,
    });
  });
});

// SQLite only: quick_check on a worker thread, and a damaged copy of the database file.
describe.runIf(TEST_ENGINE === 'sqlite')('checkIntegrityOffThread', () => {
  it('runs quick_check on another thread and records what it found', async () => {
    const seen = integrityChecksOnThisThread();
    server.clock.advance(1000);
    const result = await checkIntegrityOffThread(server.db, () => server.clock.now);
    expect(result).toMatchObject({ ok: true, problems: [] });
    expect(seen).toEqual([]);
    const recorded = (await listHealthChecks(server.db.read)).find((c) => c.name === 'integrity');
    expect(recorded).toMatchObject({ ok: true, checkedAt: server.clock.now });
    expect((await readyz()).body.integrity).toMatchObject({ ok: true, ageSeconds: 0 });
  });

  it('records a damaged file as failed, and readiness turns 503', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lifeline-integrity-'));
    try {
      // A copy of the seeded database with one page of an index overwritten.
      sqliteConnection(server.db).pragma('wal_checkpoint(TRUNCATE)');
      const path = join(dir, 'copy.db');
      copyFileSync(server.db.path, path);
      const probe = openDatabase(path, { migrate: false });
      const rootPage = Number(
        sqliteConnection(probe)
          .prepare(
            "SELECT rootpage FROM sqlite_master WHERE type = 'index' AND tbl_name = 'logins'",
          )
          .pluck()
          .get(),
      );
      const pageSize = Number(sqliteConnection(probe).pragma('page_size', { simple: true }));
      await probe.close();
      const bytes = readFileSync(path);
      bytes.fill(0xff, (rootPage - 1) * pageSize + 8, (rootPage - 1) * pageSize + 200);
      writeFileSync(path, bytes);

      const damaged = openDatabase(path, { migrate: false });
      try {
        const result = await checkIntegrityOffThread(damaged, () => 1_000);
        expect(result.ok).toBe(false);
        expect(result.problems.length).toBeGreaterThan(0);
        const recorded = (await listHealthChecks(damaged.read)).find((c) => c.name === 'integrity');
        expect(recorded).toMatchObject({ ok: false, checkedAt: 1_000 });
        expect(recorded?.detail.problems).toEqual(result.problems);
      } finally {
        await damaged.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
