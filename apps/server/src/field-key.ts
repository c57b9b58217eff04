import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type Env, EnvError } from './env.ts';

export interface FieldKey {
  key: Buffer;
  path: string;
  generated: boolean;
}

/** Where the field key lives when FIELD_ENCRYPTION_KEY_FILE is not set (development only). */
export function defaultFieldKeyPath(databasePath: string): string {
  return join(dirname(resolve(databasePath)), 'field-encryption-key');
}

/** 32 bytes from the file: 64 hex digits, 44 base64 characters, or the raw bytes. */
function parseKey(content: Buffer): Buffer | null {
  const text = content.toString('utf8').trim();
  if (/^[0-9a-f]{64}$/i.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/]{43}=$/.test(text)) return Buffer.from(text, 'base64');
  return content.length === 32 ? content : null;
}

/**
 * The AES-256-GCM key that encrypts TOTP secrets at rest (SPEC §13). It lives outside the
 * database, as the audit signing key does: a copy of the database alone opens no secret.
 * Production requires the file (`openssl rand -hex 32 > field-encryption-key; chmod 600 …`);
 * development generates one beside the database on first start, readable by its owner only.
 * Losing it loses the TOTP factors (staff then enrol again after an admin resets them).
 */
export function loadFieldKey(
  env: Pick<Env, 'NODE_ENV' | 'DATABASE_PATH' | 'FIELD_ENCRYPTION_KEY_FILE'>,
): FieldKey {
  const production = env.NODE_ENV === 'production';
  if (production && env.FIELD_ENCRYPTION_KEY_FILE === undefined) {
    throw new EnvError(
      'FIELD_ENCRYPTION_KEY_FILE is required in production: the key that encrypts TOTP secrets (create one with `openssl rand -hex 32 > field-encryption-key && chmod 600 field-encryption-key`).',
    );
  }
  const path = resolve(env.FIELD_ENCRYPTION_KEY_FILE ?? defaultFieldKeyPath(env.DATABASE_PATH));
  let generated = false;
  if (!existsSync(path)) {
    if (production) throw new EnvError(`FIELD_ENCRYPTION_KEY_FILE: no key at ${path}.`);
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    try {
      // 'wx': another process starting at the same moment may have written it first.
      writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
      generated = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  if (production && (statSync(path).mode & 0o077) !== 0) {
    throw new EnvError(
      `FIELD_ENCRYPTION_KEY_FILE: ${path} is readable by others; make it readable by its owner only (chmod 600).`,
    );
  }
  const key = parseKey(readFileSync(path));
  if (!key) {
    throw new EnvError(
      `FIELD_ENCRYPTION_KEY_FILE: ${path} does not hold a 32-byte key (64 hex digits or 44 base64 characters).`,
    );
  }
  return { key, path, generated };
}
