import { DomainError, type ErrorReason } from '@lifeline/domain';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { type TRPC_ERROR_CODE_KEY, TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';

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
  PASSWORD_SIGN_IN_OFF: 'FORBIDDEN',
  STEP_UP_REQUIRED: 'FORBIDDEN',
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

/** The tRPC code an HTTP status stands for, where a request is refused before tRPC. */
const STATUS_TO_CODE: Readonly<Record<number, TRPC_ERROR_CODE_KEY>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_SERVER_ERROR',
};

/**
 * A refusal made outside tRPC (the Express guards, the CSV export) in the envelope the tRPC
 * client reads. The status is the reason's unless given (a cross-site request is refused as
 * 403 with UNAUTHENTICATED); `data.code` follows the status, as tRPC's own errors do.
 */
export function refusalResponse(
  reason: ErrorReason | 'INTERNAL',
  message: string,
  requestId: string | undefined,
  status?: number,
) {
  const httpStatus =
    status ??
    (reason === 'INTERNAL'
      ? 500
      : getHTTPStatusCodeFromError(new TRPCError({ code: REASON_TO_CODE[reason] })));
  const code =
    STATUS_TO_CODE[httpStatus] ?? (httpStatus >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST');
  return {
    status: httpStatus,
    body: {
      error: {
        message,
        code: TRPC_ERROR_CODES_BY_KEY[code],
        data: { code, httpStatus, reason, requestId },
      },
    },
  };
}
