import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { findAuditHead, verifyAuditChain } from '@lifeline/db';
import { DAY } from '@lifeline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EXIT_WITH_PARENT,
  SEEDED_AT,
  startTestServer,
  stopChildren,
  type TestServer,
  trackChild,
} from './harness.ts';

// `pnpm jobs:run-once` as cron runs it: a separate process on the database of a server that
// keeps serving (its file, or its PostgreSQL URL), printing one JSON line.

const CLI = resolve(import.meta.dirname, '../src/cli/jobs-run-once.ts');
const run = promisify(execFile);

async function runOnce(env: Record<string, string>, args: string[] = []) {
  try {
    const running = run(process.execPath, [...EXIT_WITH_PARENT, CLI, ...args], {
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env },
    });
    trackChild(running.child);
    const { stdout, stderr } = await running;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('pnpm jobs:run-once', () => {
  let server: TestServer;
  let database: Record<string, string>;
  beforeAll(async () => {
    server = await startTestServer({ accounts: 50 });
    // Its checkpoints beside the server's other files, on either engine.
    database = {
      ...server.databaseEnv,
      AUDIT_CHECKPOINT_DIR: join(server.dir, 'audit-checkpoints'),
    };
  });
  afterAll(async () => {
    await stopChildren();
    await server.close();
  });

  it('runs every job once beside a running server and prints the counts and the audit head', async () => {
    const later = new Date(SEEDED_AT + 400 * DAY).toISOString();
    const result = await runOnce(database, ['--now', later]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as Record<string, unknown>;
    const head = await findAuditHead(server.db.read);
    expect(printed).toMatchObject({ now: later, failed: [], auditHead: head });
    expect(printed.purge).toBeGreaterThan(0);
    expect(printed.dunning).toBeGreaterThan(0);
    // The server sees what the other process did, and the chain it extended holds.
    expect(
      await server.count("SELECT count(*) AS n FROM accounts WHERE status = 'deactivated'"),
    ).toBe(0);
    expect(await verifyAuditChain(server.db.read)).toMatchObject({ ok: true });

    // Again at the same instant: nothing left to do.
    const again = JSON.parse((await runOnce(database, ['--now', later])).stdout) as Record<
      string,
      unknown
    >;
    expect(again).toMatchObject({ dunning: 0, lockoutExpiry: 0, purge: 0, auditHead: head });
  });

  it('refuses a missing database, a bad date, and moving time in production', async () => {
    if (server.engine === 'sqlite') {
      const missing = await runOnce({ DATABASE_PATH: join(server.dir, 'nowhere.db') });
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('No database at');
    } else {
      const nowhere = new URL(server.location);
      nowhere.pathname = '/lifeline_nowhere';
      const missing = await runOnce({ DATABASE_URL: nowhere.toString() });
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('database "lifeline_nowhere" does not exist');
    }
    const badDate = await runOnce(database, ['--now', 'tomorrow']);
    expect(badDate.code).toBe(1);
    expect(badDate.stderr).toContain('--now must be an ISO date');
    const production = await runOnce({ ...database, NODE_ENV: 'production' }, [
      '--now',
      '2030-01-01T00:00:00Z',
    ]);
    expect(production.code).toBe(1);
    expect(production.stderr).toContain('refused when NODE_ENV=production');
  });
});
