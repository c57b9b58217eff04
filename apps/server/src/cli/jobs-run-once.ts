import { existsSync } from 'node:fs';
import { createMetrics, runJobsOnce } from '@lifeline/api';
import { findAuditHead, getOrCreateSecret, IDENTIFIER_HASH_KEY, openDatabase } from '@lifeline/db';
import { EnvError, loadEnv, readFlag } from '../env.ts';
import { createLogger } from '../logger.ts';

// `pnpm jobs:run-once [--now ISO-date]`: one pass of dunning, lockout expiry, purges and
// housekeeping, for cron when SCHEDULER_INTERVAL_SECONDS=0 (safe beside running servers: every
// change re-checks in its own transaction). Prints the counts and the audit head as JSON; exits
// 1 if a job failed.
async function main() {
  const env = loadEnv();
  const logger = createLogger(env.LOG_LEVEL);
  const nowFlag = readFlag(process.argv, 'now');
  if (nowFlag !== undefined && env.NODE_ENV === 'production') {
    throw new EnvError('--now moves time for testing and is refused when NODE_ENV=production.');
  }
  const now = nowFlag === undefined ? Date.now() : Date.parse(nowFlag);
  if (!Number.isFinite(now))
    throw new EnvError('--now must be an ISO date, e.g. 2026-12-01T12:00:00Z');
  // A cron line with a wrong path must not quietly create (and "purge") an empty database.
  if (!existsSync(env.DATABASE_PATH)) throw new EnvError(`No database at ${env.DATABASE_PATH}.`);

  const db = openDatabase(env.DATABASE_PATH);
  try {
    const identifierHashKey = await getOrCreateSecret(
      db,
      IDENTIFIER_HASH_KEY,
      env.IDENTIFIER_HASH_KEY,
    );
    const report = await runJobsOnce(
      {
        db,
        clock: () => now,
        identifierHashKey,
        logger,
        metrics: createMetrics(),
        resetLinkBase: env.RESET_LINK_BASE,
      },
      now,
    );
    // The audit head too: kept with cron's output, it anchors the chain (see the scheduler).
    const auditHead = await findAuditHead(db.read);
    console.log(JSON.stringify({ now: new Date(now).toISOString(), ...report, auditHead }));
    if (report.failed.length > 0) process.exitCode = 1;
  } finally {
    db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : error);
  process.exitCode = 1;
});
