import { ACCOUNT_ID_PATTERN } from '@lifeline/api/limits';

/**
 * Whether a value has the shape the API accepts as an account id (its one home: the API's limits).
 * The pattern, not the zod schema: the lookup box is in the first load, which leaves zod out.
 */
export function isAccountId(value: string): boolean {
  return ACCOUNT_ID_PATTERN.test(value);
}
