import { TICKET_REF_MAX_LENGTH } from '@lifeline/domain';

/**
 * Limits and id shapes of SPEC §11 without zod: the console's first load (sign-in, the lookup
 * box) needs these numbers, not the schemas, and zod alone is ~25 KB gzipped. `schemas.ts`
 * builds on them and re-exports them, so each still has one home.
 */

/** The longest value each free-text field takes; the console's inputs use the same numbers. */
export const INPUT_LIMITS = {
  identifier: 320,
  ticketRef: TICKET_REF_MAX_LENGTH,
  cardLast4: 4,
  emailCode: 6,
  staffIdFilter: 64,
  note: 2000,
  postalCode: 20,
  addressLine1: 200,
  staffEmail: 254,
  staffDisplayName: 100,
  staffPasswordMin: 12,
  staffPassword: 256,
  cursor: 200,
  webhookUrl: 2000,
  webhookDescription: 200,
} as const;

/** A public id: its prefix, `_`, then lower-case base32 (see `newId` in the db package). */
export function publicIdPattern(prefix: string): RegExp {
  return new RegExp(`^${prefix}_[0-9a-z]{4,32}$`);
}

export const ACCOUNT_ID_PATTERN = publicIdPattern('acc');
