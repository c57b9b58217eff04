/**
 * A fresh idempotency key, made when a confirmation opens: a double click, a retry after a
 * dropped connection or a second tab sends the same key, so the server acts once (SPEC §6).
 */
export function newIdempotencyKey(): string {
  return crypto.randomUUID().replaceAll('-', '');
}
