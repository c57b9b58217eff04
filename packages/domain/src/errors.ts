import type { ErrorReason } from './codes.ts';

/**
 * A refusal with a stable reason (SPEC §11). Domain and services throw it; the API's one
 * error map turns it into a TRPCError carrying `data.reason`. The message is plain words
 * for the agent and never contains verification values.
 */
export class DomainError extends Error {
  readonly reason: ErrorReason;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(reason: ErrorReason, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'DomainError';
    this.reason = reason;
    this.details = details;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
