import { rmSync, statSync } from 'node:fs';
import {
  erasePostgresDatabase,
  getOrCreateSecret,
  IDENTIFIER_HASH_KEY,
  openDatabase,
  sqliteWriterOf,
} from '@lifeline/db';
import { isEmpty } from '@lifeline/db/seed';
import { seedDemo } from '../bootstrap.ts';
import { databaseTarget, EnvError, loadEnv, readFlag } from '../env.ts';
import { createLogger } from '../logger.ts';

// `pnpm db:seed [--accounts N]` seeds an empty database; `pnpm db:reset [--accounts N]`
// erases it first (the SQLite file, or on PostgreSQL every table Lifeline made), so the
// scenario dates start again from now. Both engines.
async function main() {
  const env = loadEnv();
  const logger = createLogger(env.LOG_LEVEL);
  const reset = process.argv.includes('--reset');
  const accountsFlag = readFlag(process.argv, 'accounts');
  const accounts = accountsFlag === undefined ? env.DEMO_ACCOUNTS : Number(accountsFlag);
  if (!Number.isInteger(accounts) || accounts < 0 || accounts > 10_000_000) {
    throw new EnvError('--accounts must be a whole number from 0 to 10000000');
  }
  if (env.NODE_ENV === 'production')
    throw new EnvError('Demo data is never seeded when NODE_ENV=production.');
  const target = databaseTarget(env);
  if (reset) {
    if (env.DATABASE_URL) await erasePostgresDatabase(env.DATABASE_URL);
    else for (const suffix of ['', '-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  }
  const db = openDatabase(target);
  try {
    await db.ready;
    if (!(await isEmpty(db))) {
      throw new EnvError(`${db.path} already has data: use pnpm db:reset to start again.`);
    }
    const key = await getOrCreateSecret(db, IDENTIFIER_HASH_KEY, env.IDENTIFIER_HASH_KEY);
    const report = await seedDemo(db, env, logger, key, accounts);
    const seeded = `Seeded ${report.scenarioAccounts} scenario + ${report.generatedAccounts} generated accounts in ${(report.elapsedMs / 1000).toFixed(1)} s (${Math.round(report.accountsPerSecond)} accounts/s)`;
    if (db.engine === 'sqlite') {
      // Leave one compact file behind.
      sqliteWriterOf(db).pragma('wal_checkpoint(TRUNCATE)');
      const size = statSync(target).size / 1024 / 1024;
      console.log(`${seeded}; ${target} is ${size.toFixed(1)} MiB.`);
    } else {
      console.log(`${seeded} into ${db.path}.`);
    }
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : error);
  process.exitCode = 1;
});
