import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32: no i, l, o, u

/** A public id such as `acc_8f3k…`: prefix + 16 base32 characters (80 random bits). */
export function newId(prefix: string, random: (size: number) => Uint8Array = randomBytes): string {
  const bytes = random(16);
  let out = `${prefix}_`;
  for (const byte of bytes) out += ALPHABET[byte & 31];
  return out;
}

export const ID_PREFIXES = {
  account: 'acc',
  login: 'lgn',
  block: 'blk',
  identityCheck: 'idc',
  staff: 'stf',
  verification: 'ver',
  verificationCode: 'vcd',
  alert: 'alr',
  review: 'rev',
  outbox: 'out',
  resetToken: 'rst',
  escalation: 'esc',
} as const;
