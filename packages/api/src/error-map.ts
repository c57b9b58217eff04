import { DomainError, type ErrorReason } from '@lifeline/domain';
import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';

/** The one place a refusal reason becomes an HTTP-level tRPC code (STYLE §4). */
export const REASON_TO_CODE: Readonly<Record<ErrorReason, TRPC_ERROR_CODE_KEY>> = {
  UNAUTHENTICATED: 'UNAUTHORIZED',
  FORBIDDEN_ROLE: 'FORBIDDEN',
  INVALID_INPUT: 'BAD_REQUEST',
  NOT_FOUND: 'NOT_FOUND',
  VERIFICATION_REQUIRED: 'PRECONDITION_FAILED',
  VERIFICATION_EXPIRED: 'PRECONDITION_FAILED',
  VERIFICATION_LOCKED: 'TOO_MANY_REQUESTS',
  STAFF_THROTTLED: 'TOO_MANY_REQUESTS',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  WINDOW_CLOSED: 'UNPROCESSABLE_CONTENT',
  NOT_REACTIVATABLE: 'UNPROCESSABLE_CONTENT',
  NOT_DEACTIVATED: 'UNPROCESSABLE_CONTENT',
  NOT_TEAM_MEMBER: 'UNPROCESSABLE_CONTENT',
  BLOCK_NOT_LIFTABLE: 'UNPROCESSABLE_CONTENT',
  VERSION_CONFLICT: 'CONFLICT',
};

/** tRPC's own errors (bad JSON, unknown procedure, oversized body…) in SPEC §11's terms. */
const CODE_TO_REASON: Partial<Record<TRPC_ERROR_CODE_KEY, ErrorReason>> = {
  PARSE_ERROR: 'INVALID_INPUT',
  BAD_REQUEST: 'INVALID_INPUT',
  PAYLOAD_TOO_LARGE: 'INVALID_INPUT',
  UNSUPPORTED_MEDIA_TYPE: 'INVALID_INPUT',
  METHOD_NOT_SUPPORTED: 'INVALID_INPUT',
  UNAUTHORIZED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN_ROLE',
  NOT_FOUND: 'NOT_FOUND',
  TOO_MANY_REQUESTS: 'RATE_LIMITED',
};

/** A TRPCError that carries its DomainError, so the formatter can read the reason back. */
export function toTRPCError(error: DomainError): TRPCError {
  return new TRPCError({
    code: REASON_TO_CODE[error.reason],
    message: error.message,
    cause: error,
  });
}

export function reasonOf(error: TRPCError): ErrorReason | undefined {
  if (error.cause instanceof DomainError) return error.cause.reason;
  return CODE_TO_REASON[error.code];
}

export function refuse(
  reason: ErrorReason,
  message: string,
  details: Record<string, unknown> = {},
): never {
  throw new DomainError(reason, message, details);
}
