import { DomainError } from './errors.ts';
import { MINUTE } from './time.ts';

/** At most `limit` sends in any rolling `window` (ms). */
export interface SendLimit {
  limit: number;
  window: number;
}

/**
 * When the next send may go, or null if one may go now. The window frees up when the oldest send
 * that still fills it is `window` old: a send at `t` counts while `now < t + window`.
 */
export function nextSendAllowedAt(
  previousSendTimes: readonly number[],
  now: number,
  { limit, window }: SendLimit,
): number | null {
  const recent = previousSendTimes
    .filter((at) => at <= now && at > now - window)
    .sort((a, b) => a - b);
  if (recent.length < limit) return null;
  const oldestBlocking = recent[recent.length - limit] ?? now;
  return oldestBlocking + window;
}

/**
 * Email codes to one login (SPEC §5), whoever sends them: a code is a message in the customer's
 * inbox, so agents must not be able to flood it. Three cover a mistyped address, a slow
 * mailbox and a second try; the window is a code's own validity.
 */
export const VERIFICATION_CODE_SEND_LIMIT: SendLimit = { limit: 3, window: 10 * MINUTE };

export function nextVerificationCodeAllowedAt(
  previousSendTimes: readonly number[],
  now: number,
): number | null {
  return nextSendAllowedAt(previousSendTimes, now, VERIFICATION_CODE_SEND_LIMIT);
}

/**
 * Refuses a 4th code within 10 minutes: RATE_LIMITED, saying when the next may go. The message
 * rounds up to the minute (a retry at that minute passes); `retryAt` has the exact instant.
 */
export function assertVerificationCodeAllowed(
  previousSendTimes: readonly number[],
  now: number,
): void {
  const allowedAt = nextVerificationCodeAllowedAt(previousSendTimes, now);
  if (allowedAt === null) return;
  const { limit, window } = VERIFICATION_CODE_SEND_LIMIT;
  throw new DomainError(
    'RATE_LIMITED',
    `${limit} codes were already sent to this login in the last ${window / MINUTE} minutes: try again after ${utcMinute(allowedAt)} UTC.`,
    { retryAt: new Date(allowedAt).toISOString() },
  );
}

/** HH:MM in UTC, rounded up to the whole minute. */
function utcMinute(at: number): string {
  return new Date(Math.ceil(at / MINUTE) * MINUTE).toISOString().slice(11, 16);
}
