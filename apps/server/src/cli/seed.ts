import { rmSync } from 'node:fs';
import { getOrCreateSecret, IDENTIFIER_HASH_KEY, openDatabase, sqliteWriterOf } from '@lifeline/db';
import { isEmpty } from '@lifeline/db/seed';
import { seedDemo } from '../bootstrap.ts';
import { EnvError, loadEnv, readFlag } from '../env.ts';
import { createLogger } from '../logger.ts';

// `pnpm db:seed [--accounts N]` seeds an empty database; `pnpm db:reset [--accounts N]`
// deletes the database file first, so the scenario dates start again from now.
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
  if (reset) {
    for (const suffix of ['', '-wal', '-shm'])
      rmSync(`${env.DATABASE_PATH}${suffix}`, { force: true });
  }
  const db = openDatabase(env.DATABASE_PATH);
  try {
    if (!(await isEmpty(db))) {
      throw new EnvError(
        `${env.DATABASE_PATH} already has data: use pnpm db:reset to start again.`,
      );
    }
    const key = await getOrCreateSecret(db, IDENTIFIER_HASH_KEY, env.IDENTIFIER_HASH_KEY);
    const report = await seedDemo(db, env, logger, key, accounts);
    // Leave one compact file behind (SQLite; PostgreSQL has nothing to fold back).
    if (db.engine === 'sqlite') sqliteWriterOf(db).pragma('wal_checkpoint(TRUNCATE)');
    const { size } = await import('node:fs').then((fs) => fs.statSync(env.DATABASE_PATH));
    console.log(
      `Seeded ${report.scenarioAccounts} scenario + ${report.generatedAccounts} generated accounts in ${(report.elapsedMs / 1000).toFixed(1)} s ` +
        `(${Math.round(report.accountsPerSecond)} accounts/s); ${env.DATABASE_PATH} is ${(size / 1024 / 1024).toFixed(1)} MiB.`,
    );
  } finally {
    db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : error);
  process.exitCode = 1;
});
