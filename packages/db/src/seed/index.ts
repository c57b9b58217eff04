import { base, en, Faker, fr } from '@faker-js/faker';
import { sql } from 'drizzle-orm';
import type { LifelineDb } from '../client.ts';
import { accounts } from '../schema/index.ts';
import { createGenerator } from './generated.ts';
import { seedScenarios } from './scenarios.ts';
import { createSeedWriter } from './writer.ts';

export { SCENARIO_FIRST_FINDING, SCENARIO_IDENTIFIERS } from './scenarios.ts';

export const DEFAULT_SEED = 20_260_401;
export const DEFAULT_GENERATED_ACCOUNTS = 5000;
const BATCH = 50_000;
const ID_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

export interface SeedOptions {
  /** Generated accounts besides the §10 scenarios. */
  accounts: number;
  /** The seeding instant: scenario dates are relative to it. */
  now: number;
  identifierHashKey: string;
  seed?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface SeedReport {
  scenarioAccounts: number;
  generatedAccounts: number;
  elapsedMs: number;
  accountsPerSecond: number;
}

export async function isEmpty(db: LifelineDb): Promise<boolean> {
  const row = db.read.select({ n: sql<number>`count(*)` }).from(accounts).limit(1).get();
  return (row?.n ?? 0) === 0;
}

/**
 * Writes the §10 scenarios and `accounts` generated accounts, deterministically for a given
 * seed (ids and data repeat; dates follow `now`). Batches of 10,000 accounts per transaction.
 */
export async function seedDemoData(db: LifelineDb, options: SeedOptions): Promise<SeedReport> {
  const started = performance.now();
  const faker = new Faker({ locale: [fr, en, base], seed: options.seed ?? DEFAULT_SEED });
  const newId = (prefix: string) => `${prefix}_${faker.string.fromCharacters(ID_ALPHABET, 16)}`;
  const write = createSeedWriter(db.sqliteWriter);
  // Random text keys land all over the indexes: a large page cache keeps them in memory
  // while seeding (the default 2 MiB makes a million accounts several times slower).
  const previousCacheSize = db.sqliteWriter.pragma('cache_size', { simple: true });
  db.sqliteWriter.pragma('cache_size = -1048576');
  const before = await countAccounts(db);

  await db.transaction(async () => {
    seedScenarios({ now: options.now, write, newId, identifierHashKey: options.identifierHashKey });
  });
  const scenarioAccounts = (await countAccounts(db)) - before;

  const generator = createGenerator({ now: options.now, write, faker, newId });
  for (let start = 0; start < options.accounts; start += BATCH) {
    const end = Math.min(options.accounts, start + BATCH);
    await db.transaction(async () => {
      for (let serial = start; serial < end; serial += 1) generator.generateAccount(serial);
    });
    options.onProgress?.(end, options.accounts);
  }

  db.sqliteWriter.pragma(`cache_size = ${Number(previousCacheSize)}`);
  const elapsedMs = performance.now() - started;
  const total = scenarioAccounts + options.accounts;
  return {
    scenarioAccounts,
    generatedAccounts: options.accounts,
    elapsedMs,
    accountsPerSecond: total / (elapsedMs / 1000),
  };
}

async function countAccounts(db: LifelineDb): Promise<number> {
  return db.read.select({ n: sql<number>`count(*)` }).from(accounts).get()?.n ?? 0;
}
