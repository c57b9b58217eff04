import { createHmac, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { LifelineDb } from './client.ts';
import { tables } from './tables.ts';

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
  const { serverSecrets } = tables(db.read);
  const [existing] = await db.read
    .select({ value: serverSecrets.value })
    .from(serverSecrets)
    .where(eq(serverSecrets.name, name))
    .limit(1);
  if (existing) return existing.value;
  return await db.transaction(async (tx) => {
    // Another process may have created it between our read and our write lock.
    const [raced] = await tx
      .select({ value: serverSecrets.value })
      .from(serverSecrets)
      .where(eq(serverSecrets.name, name))
      .limit(1);
    if (raced) return raced.value;
    const value = randomBytes(32).toString('base64url');
    await tx.insert(serverSecrets).values({ name, value, createdAt: Date.now() });
    return value;
  });
}

/** Keyed hash of a normalised identifier: lets a tombstone be found without keeping it. */
export function identifierHash(key: string, normalisedIdentifier: string): string {
  return createHmac('sha256', key).update(normalisedIdentifier).digest('hex');
}
