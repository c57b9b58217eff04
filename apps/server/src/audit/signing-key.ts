import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { keyIdOf } from '@lifeline/db';
import { type Env, EnvError } from '../env.ts';

export interface AuditKeys {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Where the private key was read from. */
  path: string;
  keyId: string;
  generated: boolean;
}

/** Where the signing key lives when AUDIT_SIGNING_KEY_FILE is not set (development only). */
export function defaultAuditKeyPath(databasePath: string): string {
  return join(dirname(resolve(databasePath)), 'audit-signing-key.pem');
}

/** The public half, written beside a generated key for auditors: `<key>.pub.pem`. */
export function publicKeyPathFor(keyPath: string): string {
  return `${keyPath.replace(/\.pem$/u, '')}.pub.pem`;
}

/**
 * The Ed25519 key that signs audit checkpoints (SPEC §8). It lives outside the database: whoever
 * can rewrite the database must not be able to sign for it. Production requires the file
 * (`openssl genpkey -algorithm ed25519 -out audit-signing-key.pem`); development generates one
 * beside the database on first start, readable by its owner only, with its public half.
 */
export function loadAuditKeys(
  env: Pick<Env, 'NODE_ENV' | 'DATABASE_PATH' | 'AUDIT_SIGNING_KEY_FILE'>,
): AuditKeys {
  const production = env.NODE_ENV === 'production';
  if (production && env.AUDIT_SIGNING_KEY_FILE === undefined) {
    throw new EnvError(
      'AUDIT_SIGNING_KEY_FILE is required in production: the Ed25519 key that signs audit checkpoints (create one with `openssl genpkey -algorithm ed25519 -out audit-signing-key.pem`).',
    );
  }
  const path = resolve(env.AUDIT_SIGNING_KEY_FILE ?? defaultAuditKeyPath(env.DATABASE_PATH));
  let generated = false;
  if (!existsSync(path)) {
    if (production) throw new EnvError(`AUDIT_SIGNING_KEY_FILE: no key at ${path}.`);
    const pair = generateKeyPairSync('ed25519');
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    // 'wx': another process starting at the same moment may have written it first.
    try {
      writeFileSync(path, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), {
        mode: 0o600,
        flag: 'wx',
      });
      writeFileSync(
        publicKeyPathFor(path),
        pair.publicKey.export({ type: 'spki', format: 'pem' }),
        { mode: 0o644 },
      );
      generated = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  if (production && (statSync(path).mode & 0o077) !== 0) {
    throw new EnvError(
      `AUDIT_SIGNING_KEY_FILE: ${path} is readable by others; make it readable by its owner only (chmod 600).`,
    );
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(readFileSync(path));
  } catch {
    throw new EnvError(`AUDIT_SIGNING_KEY_FILE: ${path} is not a private key in PEM form.`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new EnvError(`AUDIT_SIGNING_KEY_FILE: ${path} is not an Ed25519 key.`);
  }
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, path, keyId: keyIdOf(publicKey), generated };
}

/**
 * A public key for verification, from a PEM file holding a public key (what an auditor is given)
 * or, for convenience on the server itself, the private key it comes from.
 */
export function readPublicKey(path: string): KeyObject {
  const pem = readFileSync(path);
  try {
    return createPublicKey(pem);
  } catch {
    return createPublicKey(createPrivateKey(pem));
  }
}
