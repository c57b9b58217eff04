import { type AccountStatus, NEAR_PURGE_DAYS } from '@lifeline/domain';

/** One colour per account status, wherever the status shows (badge, search result, card). */
export const ACCOUNT_STATUS_COLOURS: Record<AccountStatus, string> = {
  active: 'green',
  limited: 'orange',
  deactivated: 'red',
  purged: 'gray',
};

/** Red in the last week, orange in the last month: how urgent a reactivation is. */
export function windowColour(daysLeft: number): string {
  if (daysLeft <= NEAR_PURGE_DAYS) return 'red';
  if (daysLeft <= 30) return 'orange';
  return 'teal';
}

/** Red in the last week before an unpaid account is deactivated, orange until then. */
export function dunningColour(dayOfDunning: number, dunningDays: number): string {
  return dunningDays - dayOfDunning <= 7 ? 'red' : 'orange';
}
