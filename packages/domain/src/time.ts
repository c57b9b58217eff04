// Every instant in the domain is UTC epoch milliseconds, so durations are plain numbers too.
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
