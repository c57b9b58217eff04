import { createHash } from 'node:crypto';
import {
  appendAuditEvent,
  type Db,
  findIdempotentResult,
  storeIdempotentResult,
} from '@lifeline/db';
import { type AuditAction, DomainError } from '@lifeline/domain';
import canonicalize from 'canonicalize';
import superjson from 'superjson';
import type { StaffContext } from '../trpc.ts';

/**
 * How every state-changing support action runs (SPEC §6, STYLE §3):
 *  1. one IMMEDIATE transaction;
 *  2. the idempotency key is looked up first: the same key with the same input returns the
 *     stored result without acting again; with another input it is refused;
 *  3. `work` loads, asks the domain, writes the change, its audit event and its emails;
 *  4. the result is stored under the key in the same transaction.
 * A refusal rolls everything back and is then audited in its own transaction, so refused
 * attempts are on the record too (SPEC §8).
 */
export interface ActionSpec {
  /** The tRPC path, e.g. 'actions.reactivate': keys are scoped to it. */
  procedure: string;
  /** What refusals are audited as. */
  auditAction: AuditAction;
  idempotencyKey: string;
  /** The validated input (the key included): hashed to detect a reused key. */
  input: unknown;
  ticketRef: string;
  accountId?: string | null;
  loginId?: string | null;
  verificationId?: string | null;
  /** Label for the actions metric. */
  metricKind: string;
}

export async function runAction<T>(
  ctx: StaffContext,
  spec: ActionSpec,
  work: (tx: Db, now: number) => Promise<T>,
): Promise<T> {
  const { deps, staff } = ctx;
  let now = deps.clock();
  const requestHash = createHash('sha256')
    .update(canonicalize(spec.input) ?? '')
    .digest('hex');
  try {
    const result = await deps.db.transaction(async (tx) => {
      // Read the clock once the write lock is held: a request that waited for it must not act
      // "before" changes committed meanwhile (another process's reset link would fall outside
      // its hourly count).
      now = deps.clock();
      const previous = await findIdempotentResult(tx, staff.id, spec.idempotencyKey);
      if (previous) {
        if (previous.procedure !== spec.procedure || previous.requestHash !== requestHash) {
          throw new DomainError(
            'INVALID_INPUT',
            'This idempotency key was already used for a different request; open the action again.',
          );
        }
        return { replayed: true, value: superjson.parse<T>(previous.response) };
      }
      const value = await work(tx, now);
      await storeIdempotentResult(tx, {
        staffId: staff.id,
        key: spec.idempotencyKey,
        procedure: spec.procedure,
        requestHash,
        response: superjson.stringify(value),
        createdAt: now,
      });
      return { replayed: false, value };
    });
    deps.metrics.actions.inc({
      action: spec.metricKind,
      outcome: result.replayed ? 'replayed' : 'succeeded',
    });
    return result.value;
  } catch (error) {
    if (error instanceof DomainError) {
      deps.metrics.actions.inc({ action: spec.metricKind, outcome: error.reason });
      await deps.db.transaction((tx) =>
        appendAuditEvent(tx, {
          at: now,
          staffId: staff.id,
          action: spec.auditAction,
          outcome: 'refused',
          reason: error.reason,
          accountId: spec.accountId ?? null,
          loginId: spec.loginId ?? null,
          ticketRef: spec.ticketRef,
          verificationId: spec.verificationId ?? null,
          details: { message: error.message },
        }),
      );
    }
    throw error;
  }
}
