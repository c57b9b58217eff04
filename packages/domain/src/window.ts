import type { AccountFacts } from './facts.ts';
import { DAY } from './time.ts';

export const WINDOW_DAYS = 120;
export const WINDOW_LENGTH = WINDOW_DAYS * DAY;
/**
 * A reactivation with this many days left or fewer was made "within a week of the purge": the
 * report counts them and the review queue flags them for a lead's closer look (SPEC §8).
 */
export const NEAR_PURGE_DAYS = 7;
/** The day between the window closing and the purge job erasing (SPEC §3). */
export const PURGE_MARGIN = DAY;

export function purgeAfterFor(deactivatedAt: number): number {
  return deactivatedAt + WINDOW_LENGTH;
}

/** The stored `purgeAfter`, or the one the deactivation date implies if a row lacks it. */
export function effectivePurgeAfter(
  account: Pick<AccountFacts, 'purgeAfter' | 'deactivatedAt'>,
): number | null {
  if (account.purgeAfter !== null) return account.purgeAfter;
  return account.deactivatedAt === null ? null : purgeAfterFor(account.deactivatedAt);
}

/** Strict: at `purgeAfter` itself the window is closed, whether or not the purge has run. */
export function isReactivationWindowOpen(purgeAfter: number, now: number): boolean {
  return now < purgeAfter;
}

/** Days shown to the agent, rounded up so "a few hours left" still reads as 1 day. */
export function daysLeftInWindow(purgeAfter: number, now: number): number {
  return isReactivationWindowOpen(purgeAfter, now) ? Math.ceil((purgeAfter - now) / DAY) : 0;
}

export function purgeDueAt(purgeAfter: number): number {
  return purgeAfter + PURGE_MARGIN;
}

/**
 * "purgeAfter passed more than 24 hours ago" reads as strictly more: at exactly
 * purgeAfter + 24 h the account is still only "window closed"; one millisecond later it is due.
 */
export function isPurgeDue(purgeAfter: number, now: number): boolean {
  return now > purgeDueAt(purgeAfter);
}
