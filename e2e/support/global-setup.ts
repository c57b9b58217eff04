import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openTestSql } from '../../packages/db/src/testing.ts';
import { E2E_TICKET_URL_TEMPLATE } from './settings.ts';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * Builds the console if needed, then starts the real server on an ephemeral port with a fresh
 * database seeded with the SPEC §10 demo data. Tests read E2E_BASE_URL and E2E_DATABASE_PATH.
 */
export default async function globalSetup() {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-web-if-needed.ts')], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  const dir = mkdtempSync(join(tmpdir(), 'lifeline-e2e-'));
  const databasePath = join(dir, 'lifeline.db');
  const logPath = join(dir, 'server.log');
  const out = openSync(logPath, 'w');
  const server: ChildProcess = spawn(process.execPath, [join(ROOT, 'apps/server/src/index.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      DATABASE_PATH: databasePath,
      PORT: '0',
      LOG_LEVEL: 'info',
      DEMO_ACCOUNTS: '300',
      SCHEDULER_INTERVAL_SECONDS: '0',
      // Help-desk integration (SPEC §16): ticket references link out, and webhook journeys
      // deliver to a receiver the test starts on a loopback port, within a second or so.
      TICKET_URL_TEMPLATE: E2E_TICKET_URL_TEMPLATE,
      WEBHOOK_ALLOW_PRIVATE: 'true',
      WEBHOOK_INTERVAL_SECONDS: '1',
    },
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  let url: string | undefined;
  for (let waited = 0; !url; waited += 100) {
    if (server.exitCode !== null || waited > 60_000) {
      throw new Error(`the server did not start:\n${readFileSync(logPath, 'utf8')}`);
    }
    url = readFileSync(logPath, 'utf8').match(/"url":"(http:\/\/[^"]+)"/)?.[1];
    if (!url) await new Promise((done) => setTimeout(done, 100));
  }
  // The demo lock of locked.out@example.com ends 5 real minutes after seeding; a slow machine
  // may reach its journey later than that. Keep it locked for the whole run instead.
  const db = openTestSql(databasePath);
  try {
    await db.sql(
      'UPDATE logins SET locked_until = ? WHERE identifier = ?',
      Date.now() + 60 * 60 * 1000,
      'locked.out@example.com',
    );
  } finally {
    db.close();
  }
  process.env.E2E_BASE_URL = url;
  process.env.E2E_DATABASE_PATH = databasePath;
  process.env.E2E_SERVER_LOG = logPath;
  return async () => {
    server.kill('SIGTERM');
    await new Promise((done) => server.once('exit', done));
    rmSync(dir, { recursive: true, force: true });
  };
}
