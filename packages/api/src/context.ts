import type { StaffRole } from '@lifeline/domain';
import type { ApiDeps } from './deps.ts';

/** The signed-in staff member, resolved from the session cookie by the HTTP layer. */
export interface StaffPrincipal {
  id: string;
  email: string;
  displayName: string;
  role: StaffRole;
  sessionIdHash: string;
  /**
   * The session's second-factor state (SPEC §13): `pending` while a password sign-in still owes
   * one; `at`/`method` when one (or a provider sign-in) last passed. Absent: none, not pending.
   */
  secondFactor?: { pending: boolean; at: number | null; method: string | null };
  /** Set by the step-up check of a sensitive procedure: how and when this staff member stepped up. */
  stepUp?: StepUpRecord;
}

/** What a sensitive action's audit event says of its step-up (`method: 'none'`: nothing to step up with). */
export interface StepUpRecord {
  method: string;
  at: number | null;
}

/** How a procedure sets or clears the session cookie without knowing about HTTP. */
export interface SessionCookieJar {
  set(sessionId: string, maxAgeMs: number): void;
  clear(): void;
}

export interface Context {
  deps: ApiDeps;
  staff: StaffPrincipal | null;
  requestId: string;
  ip: string;
  /** The request's User-Agent header ('' without one), kept with a session it opens. */
  userAgent: string;
  cookies: SessionCookieJar;
}

/** Built without a request, so tests can call procedures directly (next-prisma-starter). */
export function createContextInner(input: {
  deps: ApiDeps;
  staff?: StaffPrincipal | null;
  requestId?: string;
  ip?: string;
  userAgent?: string;
  cookies?: SessionCookieJar;
}): Context {
  return {
    deps: input.deps,
    staff: input.staff ?? null,
    requestId: input.requestId ?? 'internal',
    ip: input.ip ?? '127.0.0.1',
    userAgent: input.userAgent ?? '',
    cookies: input.cookies ?? { set() {}, clear() {} },
  };
}
