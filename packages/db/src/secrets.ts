import { createHmac, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { LifelineDb } from './client.ts';
import { serverSecrets } from './schema/index.ts';

export const IDENTIFIER_HASH_KEY = 'identifier_hash_key';

/**
 * Returns the named secret, generating and storing 32 random bytes on first use unless a
 * value is given (a given value wins and is never written to the database).
 */
export async function getOrCreateSecret(
  db: LifelineDb,
  name: string,
  given?: string,
): Promise<string> {
  if (given) return given;
  const existing = db.read
    .select({ value: serverSecrets.value })
    .from(serverSecrets)
    .where(eq(serverSecrets.name, name))
    .get();
  if (existing) return existing.value;
  return db.transaction(async (tx) => {
    // Another process may have created it between our read and our write lock.
    const raced = tx
      .select({ value: serverSecrets.value })
      .from(serverSecrets)
      .where(eq(serverSecrets.name, name))
      .get();
    if (raced) return raced.value;
    const value = randomBytes(32).toString('base64url');
    tx.insert(serverSecrets).values({ name, value, createdAt: Date.now() }).run();
    return value;
  });
}

/** Keyed hash of a normalised identifier: lets a tombstone be found without keeping it. */
export function identifierHash(key: string, normalisedIdentifier: string): string {
  return createHmac('sha256', key).update(normalisedIdentifier).digest('hex');
}
