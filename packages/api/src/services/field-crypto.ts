import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Secrets the server must read back (TOTP seeds) are stored encrypted with AES-256-GCM under a
 * key kept outside the database (FIELD_ENCRYPTION_KEY_FILE): a copy of the database alone opens
 * nothing. `context` (e.g. the staff id) is authenticated with it, so a ciphertext moved to
 * another row does not decrypt. Format: `v1.<iv>.<ciphertext>.<tag>`, base64url.
 */
export function encryptField(key: Buffer, plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv, body, cipher.getAuthTag()]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

/** The plaintext, or null when the value is not ours (wrong key, wrong context, tampered). */
export function decryptField(key: Buffer, stored: string, context: string): string | null {
  const [version, iv, body, tag] = stored.split('.');
  if (version !== 'v1' || !iv || body === undefined || !tag) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(body, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    return null;
  }
}
