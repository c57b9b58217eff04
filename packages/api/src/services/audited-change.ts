import { createHash } from 'node:crypto';
import {
  appendAuditEvent,
  type Db,
  findIdempotentResult,
  storeIdempotentResult,
} from '@lifeline/db';
import { type AuditAction, DomainError, type ErrorReason } from '@lifeline/domain';
import canonicalize from 'canonicalize';
import superjson from 'superjson';
import type { StaffPrincipal } from '../context.ts';
import type { ApiDeps } from '../deps.ts';

/**
 * What a refused change's audit event names. `work` fills in what it learns (the account of a
 * login, once loaded), so a refusal deep inside a change is recorded against the right account.
 */
export interface RefusalSubject {
  accountId?: string | null;
  loginId?: string | null;
  ticketRef?: string | null;
  verificationId?: string | null;
  /** Context for the refusal's event: ids and choices only, never secrets or typed values. */
  details?: Record<string, unknown>;
}

export interface ChangeSpec {
  /** What the change is audited as, and so what its refusal is audited as. */
  audit: AuditAction;
  /**
   * Same key (per staff member and procedure) with the same input → the stored result, acted
   * once; same key with another input → refused. Support actions carry one (SPEC §6).
   */
  idempotency?: { procedure: string; key: string; input: unknown };
  subject?: RefusalSubject;
  /**
   * Names what the input only points at (the account of a login or a block), first thing in the
   * transaction: a refusal before `work` has loaded anything (a reused key) still names it.
   */
  identify?: (tx: Db) => Promise<RefusalSubject>;
  /** Label of the actions metric, for the support actions. */
  metric?: string;
}

/**
 * The one way a staff member changes state (SPEC §6, §8; STYLE §13):
 *  1. one write transaction, the clock read once its lock is held — a request that waited for
 *     it must not act "before" changes committed meanwhile (a failure count, a reset link);
 *  2. the idempotency key, when there is one, is looked up first;
 *  3. `work` loads, asks the domain, writes the change, its audit event and its emails;
 *  4. the result is stored under the key in the same transaction.
 * A refusal (a DomainError) rolls all of it back and is then audited in its own transaction,
 * so refused attempts are on the record too. Any other error is a bug and is not audited.
 */
export async function runChange<T>(
  deps: ApiDeps,
  staff: Pick<StaffPrincipal, 'id'>,
  spec: ChangeSpec,
  work: (tx: Db, now: number, subject: RefusalSubject) => Promise<T>,
): Promise<T> {
  const subject: RefusalSubject = { ...spec.subject };
  const requestHash = spec.idempotency && hashRequest(spec.idempotency.input);
  let now = deps.clock();
  try {
    const result = await deps.db.transaction(async (tx) => {
      now = deps.clock();
      if (spec.identify) Object.assign(subject, await spec.identify(tx));
      const { idempotency } = spec;
      if (idempotency && requestHash) {
        const previous = await findIdempotentResult(tx, staff.id, idempotency.key);
        if (previous) {
          if (
            previous.procedure !== idempotency.procedure ||
            previous.requestHash !== requestHash
          ) {
            throw new DomainError(
              'INVALID_INPUT',
              'This idempotency key was already used for a different request; open the action again.',
            );
          }
          return { replayed: true, value: superjson.parse<T>(previous.response) };
        }
      }
      const value = await work(tx, now, subject);
      if (idempotency && requestHash) {
        await storeIdempotentResult(tx, {
          staffId: staff.id,
          key: idempotency.key,
          procedure: idempotency.procedure,
          requestHash,
          response: superjson.stringify(value),
          createdAt: now,
        });
      }
      return { replayed: false, value };
    });
    if (spec.metric) {
      deps.metrics.actions.inc({
        action: spec.metric,
        outcome: result.replayed ? 'replayed' : 'succeeded',
      });
    }
    return result.value;
  } catch (error) {
    if (error instanceof DomainError) {
      if (spec.metric) deps.metrics.actions.inc({ action: spec.metric, outcome: error.reason });
      await recordRefusal(deps, staff, {
        audit: spec.audit,
        reason: error.reason,
        at: now,
        subject: {
          ...subject,
          details: { ...subject.details, message: error.message },
        },
      });
    }
    throw error;
  }
}

/**
 * Appends a refusal event in its own transaction. `runChange` calls it for refusals inside a
 * change; the procedure layer for calls refused before any service runs (a role refusal).
 */
export async function recordRefusal(
  deps: ApiDeps,
  staff: Pick<StaffPrincipal, 'id'>,
  refusal: { audit: AuditAction; reason: ErrorReason; at: number; subject: RefusalSubject },
): Promise<void> {
  const { subject } = refusal;
  await deps.db.transaction((tx) =>
    appendAuditEvent(tx, {
      at: refusal.at,
      staffId: staff.id,
      action: refusal.audit,
      outcome: 'refused',
      reason: refusal.reason,
      accountId: subject.accountId ?? null,
      loginId: subject.loginId ?? null,
      ticketRef: subject.ticketRef ?? null,
      verificationId: subject.verificationId ?? null,
      details: subject.details ?? {},
    }),
  );
}

function hashRequest(input: unknown): string {
  return createHash('sha256')
    .update(canonicalize(input) ?? '')
    .digest('hex');
}
