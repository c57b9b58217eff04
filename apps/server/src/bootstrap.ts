import { hashPassword } from '@lifeline/api';
import {
  findStaffByEmail,
  getOrCreateSecret,
  IDENTIFIER_HASH_KEY,
  insertStaff,
  type LifelineDb,
  openDatabase,
} from '@lifeline/db';
import { isEmpty, type SeedReport, seedDemoData } from '@lifeline/db/seed';
import type { StaffRole } from '@lifeline/domain';
import type { Logger } from 'pino';
import { databaseTarget, type Env, webhookLinksOf } from './env.ts';

export const DEMO_STAFF: ReadonlyArray<{ email: string; displayName: string; role: StaffRole }> = [
  { email: 'agent@lifeline.test', displayName: 'Alex Agent', role: 'agent' },
  { email: 'agent2@lifeline.test', displayName: 'Sam Second', role: 'agent' },
  { email: 'lead@lifeline.test', displayName: 'Lee Lead', role: 'lead' },
  { email: 'admin@lifeline.test', displayName: 'Ada Admin', role: 'admin' },
];

export interface Prepared {
  db: LifelineDb;
  identifierHashKey: string;
  seeded: SeedReport | null;
}

/**
 * Opens the database (applying migrations), makes sure the server secrets exist and, outside
 * production, seeds the demo data and demo staff when the database is empty.
 */
export async function prepareDatabase(
  env: Env,
  logger: Logger,
  options: { accounts?: number } = {},
): Promise<Prepared> {
  const db = openDatabase(databaseTarget(env), {
    migrate: env.MIGRATE_AT_START,
    webhookLinks: webhookLinksOf(env),
  });
  // PostgreSQL migrates in the background at open: a server that cannot migrate stops here.
  await db.ready;
  const identifierHashKey = await getOrCreateSecret(
    db,
    IDENTIFIER_HASH_KEY,
    env.IDENTIFIER_HASH_KEY,
  );
  let seeded: SeedReport | null = null;
  if (env.NODE_ENV !== 'production' && (await isEmpty(db))) {
    seeded = await seedDemo(
      db,
      env,
      logger,
      identifierHashKey,
      options.accounts ?? env.DEMO_ACCOUNTS,
    );
  }
  return { db, identifierHashKey, seeded };
}

export async function seedDemo(
  db: LifelineDb,
  env: Env,
  logger: Logger,
  identifierHashKey: string,
  accounts: number,
  now: number = Date.now(),
): Promise<SeedReport> {
  if (env.NODE_ENV === 'production')
    throw new Error('Demo data is never seeded when NODE_ENV=production.');
  logger.info({ accounts }, 'seeding demo data');
  const report = await seedDemoData(db, {
    accounts,
    now,
    identifierHashKey,
    onProgress: (done, total) => {
      if (done % 100_000 === 0 || done === total) logger.info({ done, total }, 'seeding');
    },
  });
  const passwordHash = await hashPassword(env.DEMO_STAFF_PASSWORD);
  await db.transaction(async (tx) => {
    for (const member of DEMO_STAFF) {
      if (await findStaffByEmail(tx, member.email)) continue;
      await insertStaff(tx, { ...member, passwordHash, createdAt: now });
    }
  });
  logger.info(
    {
      accountsPerSecond: Math.round(report.accountsPerSecond),
      elapsedMs: Math.round(report.elapsedMs),
    },
    'demo data seeded',
  );
  return report;
}
