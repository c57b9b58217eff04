import { existsSync } from 'node:fs';
import { type ApiDeps, createMetrics, runJobsOnce } from '@lifeline/api';
import { findAuditHead, getOrCreateSecret, IDENTIFIER_HASH_KEY, openDatabase } from '@lifeline/db';
import { defaultCheckpointDir } from '../audit/checkpoint-folder.ts';
import { loadAuditKeys } from '../audit/signing-key.ts';
import { databaseTarget, EnvError, loadEnv, readFlag } from '../env.ts';
import { loadFieldKey } from '../field-key.ts';
import { createLogger } from '../logger.ts';
import { anchorAuditChain, runSlowChecksIfDue } from '../scheduler.ts';

// `pnpm jobs:run-once [--now ISO-date]`: one pass of dunning, lockout expiry, purges and
// housekeeping, then the audit checkpoint and the slow checks when due, for cron when SCHEDULER_INTERVAL_SECONDS=0 (safe
// beside running servers: every change re-checks in its own transaction). Prints the counts,
// the audit head and the new checkpoint as JSON; exits 1 if a job failed.
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
  if (!env.DATABASE_URL && !existsSync(env.DATABASE_PATH)) {
    throw new EnvError(`No database at ${env.DATABASE_PATH}.`);
  }

  const db = openDatabase(databaseTarget(env));
  try {
    const identifierHashKey = await getOrCreateSecret(
      db,
      IDENTIFIER_HASH_KEY,
      env.IDENTIFIER_HASH_KEY,
    );
    const deps: ApiDeps = {
      db,
      clock: () => now,
      identifierHashKey,
      logger,
      metrics: createMetrics(),
      resetLinkBase: env.RESET_LINK_BASE,
      audit: loadAuditKeys(env),
      fieldKey: loadFieldKey(env).key,
    };
    // Like a server's scheduler pass, and under the same lock: never beside one on another server.
    const pass = await db.exclusively('scheduler', async () => {
      const report = await runJobsOnce(deps, now);
      // Then the chain's checkpoint (stored, appended to the folder and printed here with the
      // head, so cron's output is one more copy off the database) and the slow checks when due.
      const auditCheckpoint = await anchorAuditChain(
        deps,
        env.AUDIT_CHECKPOINT_DIR ?? defaultCheckpointDir(env.DATABASE_PATH),
      );
      await runSlowChecksIfDue(deps, env.FULL_CHECK_HOURS);
      return { report, auditCheckpoint };
    });
    if (pass === null) {
      console.log(
        JSON.stringify({
          now: new Date(now).toISOString(),
          skipped: 'another server is running a pass',
        }),
      );
      return;
    }
    const auditHead = await findAuditHead(db.read);
    console.log(
      JSON.stringify({
        now: new Date(now).toISOString(),
        ...pass.report,
        auditHead,
        auditCheckpoint: pass.auditCheckpoint,
      }),
    );
    if (pass.report.failed.length > 0) process.exitCode = 1;
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : error);
  process.exitCode = 1;
});
