import {
  activeEscalationsOfAccount,
  appendAuditEvent,
  findAccountHeader,
  findEscalation,
  insertEscalation,
  listEscalations,
  writeEscalationStep,
} from '@lifeline/db';
import {
  DomainError,
  decideCloseEscalation,
  decideTakeEscalation,
  type EscalationOutcome,
  type EscalationReason,
} from '@lifeline/domain';
import type { StaffPrincipal } from '../context.ts';
import type { ApiDeps } from '../deps.ts';
import { runChange } from './audited-change.ts';

export const ESCALATION_PAGE = 100;

/**
 * An agent hands a case to the leads (issue 13): the account, the ticket, why, and a note. An
 * account with an escalation not yet closed gets no second one: the agent is told which one is
 * open (`alreadyOpen`), and nothing changes.
 */
export async function openEscalation(
  deps: ApiDeps,
  staff: Pick<StaffPrincipal, 'id'>,
  input: {
    accountId: string;
    loginId?: string | undefined;
    ticketRef: string;
    reason: EscalationReason;
    note?: string | undefined;
    idempotencyKey: string;
  },
) {
  return runChange(
    deps,
    staff,
    {
      audit: 'escalation.open',
      idempotency: { procedure: 'escalations.open', key: input.idempotencyKey, input },
      subject: {
        accountId: input.accountId,
        loginId: input.loginId ?? null,
        ticketRef: input.ticketRef,
        details: { reason: input.reason },
      },
    },
    async (tx, now) => {
      const account = await findAccountHeader(tx, input.accountId);
      if (!account) throw new DomainError('NOT_FOUND', 'There is no account with this id.');
      const [open] = await activeEscalationsOfAccount(tx, input.accountId);
      if (open) return { escalation: open, alreadyOpen: true };
      const note = input.note?.trim() ?? '';
      const id = await insertEscalation(tx, {
        accountId: input.accountId,
        loginId: input.loginId ?? null,
        ticketRef: input.ticketRef,
        reason: input.reason,
        note,
        openedBy: staff.id,
        openedAt: now,
      });
      await appendAuditEvent(tx, {
        at: now,
        staffId: staff.id,
        action: 'escalation.open',
        outcome: 'succeeded',
        accountId: input.accountId,
        loginId: input.loginId ?? null,
        ticketRef: input.ticketRef,
        details: { escalationId: id, reason: input.reason, note },
      });
      const escalation = await findEscalation(tx, id);
      if (!escalation) throw new Error(`escalation ${id} vanished inside its transaction`);
      return { escalation, alreadyOpen: false };
    },
  );
}

/** The leads' queue: open and taken first, oldest first; or the closed ones. */
export async function escalationQueue(
  deps: ApiDeps,
  input: { status?: 'active' | 'closed' | undefined },
) {
  const items = await listEscalations(deps.db.read, {
    status: input.status ?? 'active',
    limit: ESCALATION_PAGE,
  });
  return { items };
}

/** The escalations of one account a lead has not closed: the account page and diagnosis. */
export async function escalationsOfAccount(deps: ApiDeps, input: { accountId: string }) {
  return { items: await activeEscalationsOfAccount(deps.db.read, input.accountId) };
}

/** A lead takes an escalation (or closes it, taking it on the way). */
export async function stepEscalation(
  deps: ApiDeps,
  staff: Pick<StaffPrincipal, 'id'>,
  input:
    | { step: 'take'; escalationId: string }
    | {
        step: 'close';
        escalationId: string;
        outcome: EscalationOutcome;
        note?: string | undefined;
      },
) {
  const action = input.step === 'take' ? 'escalation.take' : 'escalation.close';
  return runChange(
    deps,
    staff,
    { audit: action, subject: { details: { escalationId: input.escalationId } } },
    async (tx, now, subject) => {
      const escalation = await findEscalation(tx, input.escalationId);
      if (!escalation) throw new DomainError('NOT_FOUND', 'There is no escalation with this id.');
      Object.assign(subject, {
        accountId: escalation.accountId,
        ticketRef: escalation.ticketRef,
      });
      const takenBy = escalation.takenBy ?? staff.id;
      const takenAt = escalation.takenAt ?? now;
      let details: Record<string, unknown>;
      let set: Parameters<typeof writeEscalationStep>[1]['set'];
      if (input.step === 'take') {
        decideTakeEscalation(escalation, staff.id, escalation.takenByName);
        if (escalation.status === 'taken') return { escalation };
        set = { status: 'taken', takenBy: staff.id, takenAt: now };
        details = { escalationId: escalation.id, status: { before: 'open', after: 'taken' } };
      } else {
        const { note } = decideCloseEscalation(
          escalation,
          staff.id,
          escalation.takenByName,
          input.outcome,
          input.note,
        );
        set = {
          status: 'closed',
          takenBy,
          takenAt,
          closedBy: staff.id,
          closedAt: now,
          outcome: input.outcome,
          outcomeNote: note,
        };
        details = {
          escalationId: escalation.id,
          status: { before: escalation.status, after: 'closed' },
          outcome: input.outcome,
          note,
        };
      }
      const written = await writeEscalationStep(tx, {
        id: escalation.id,
        expectedStatus: escalation.status,
        set,
      });
      // The transaction holds the write lock, so this only guards against a bug, not a race.
      if (!written)
        throw new DomainError('VERSION_CONFLICT', 'This escalation changed; reload it.');
      await appendAuditEvent(tx, {
        at: now,
        staffId: staff.id,
        action,
        outcome: 'succeeded',
        accountId: escalation.accountId,
        loginId: escalation.loginId,
        ticketRef: escalation.ticketRef,
        details,
      });
      const updated = await findEscalation(tx, escalation.id);
      return { escalation: updated };
    },
  );
}
