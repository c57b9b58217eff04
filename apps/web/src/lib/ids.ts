import { accountIdInput } from '@lifeline/api/schemas';

/** Whether a value has the shape the API accepts as an account id (its one home: the schema). */
export function isAccountId(value: string): boolean {
  return accountIdInput.safeParse(value).success;
}
