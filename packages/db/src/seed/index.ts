import { base, en, Faker, fr } from '@faker-js/faker';
import { count } from 'drizzle-orm';
import type { LifelineDb } from '../client.ts';
import { tables } from '../tables.ts';
import { createGenerator } from './generated.ts';
import { seedScenarios } from './scenarios.ts';
import { type BulkSeedWriter, bulkSeedWriterFor } from './writer.ts';

export { SCENARIO_FIRST_FINDING, SCENARIO_IDENTIFIERS } from './scenarios.ts';
export type { BulkSeedWriter, SeedWriter } from './writer.ts';

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
  return (await countAccounts(db)) === 0;
}

/**
 * Writes the §10 scenarios and `accounts` generated accounts, deterministically for a given
 * seed (ids and data repeat; dates follow `now`). Batches of 50,000 accounts per transaction,
 * written through the engine's bulk writer (`bulkSeedWriterFor`).
 */
export async function seedDemoData(db: LifelineDb, options: SeedOptions): Promise<SeedReport> {
  const started = performance.now();
  const faker = new Faker({ locale: [fr, en, base], seed: options.seed ?? DEFAULT_SEED });
  const newId = (prefix: string) => `${prefix}_${faker.string.fromCharacters(ID_ALPHABET, 16)}`;
  const writer = bulkSeedWriterFor(db);
  let scenarioAccounts: number;
  try {
    scenarioAccounts = await seedThrough(writer, db, options, faker, newId);
  } finally {
    await writer.close();
  }
  const elapsedMs = performance.now() - started;
  const total = scenarioAccounts + options.accounts;
  return {
    scenarioAccounts,
    generatedAccounts: options.accounts,
    elapsedMs,
    accountsPerSecond: total / (elapsedMs / 1000),
  };
}

/** Writes the scenarios, then the generated accounts batch by batch; gives the scenario count. */
async function seedThrough(
  writer: BulkSeedWriter,
  db: LifelineDb,
  options: SeedOptions,
  faker: Faker,
  newId: (prefix: string) => string,
): Promise<number> {
  const before = await countAccounts(db);
  await writer.batch((write) =>
    seedScenarios({ now: options.now, write, newId, identifierHashKey: options.identifierHashKey }),
  );
  const scenarioAccounts = (await countAccounts(db)) - before;

  // One generator for every batch: its pools and earlier owners span them.
  const generator = createGenerator({ now: options.now, faker, newId });
  for (let start = 0; start < options.accounts; start += BATCH) {
    const end = Math.min(options.accounts, start + BATCH);
    await writer.batch((write) => {
      for (let serial = start; serial < end; serial += 1) generator.generateAccount(serial, write);
    });
    options.onProgress?.(end, options.accounts);
  }
  return scenarioAccounts;
}

async function countAccounts(db: LifelineDb): Promise<number> {
  const { accounts } = tables(db.read);
  const [row] = await db.read.select({ n: count() }).from(accounts);
  return row?.n ?? 0;
}
