import {
  appendAuditEvent,
  findIdentityCheckForDecision,
  listIdentityCheckQueue,
  loadAccountSnapshots,
  writeIdentityCheckDecision,
} from '@lifeline/db';
import {
  DomainError,
  decideIdentityCheck,
  HOUR,
  identityCheckDueAt,
  isIdentityCheckOverdue,
} from '@lifeline/domain';
import type { StaffPrincipal } from '../context.ts';
import type { ApiDeps } from '../deps.ts';
import { runChange } from './audited-change.ts';
import { ownerEmailOf, sendRecoveryEmails } from './emails.ts';

export const IDENTITY_CHECK_QUEUE_DEFAULT = 100;

/**
 * The leads' queue (SPEC §15): submitted checks by due time (submission + 48 h) with their SLA
 * state, then the checks still waiting for the customer to submit, flagged as such.
 */
export async function identityCheckQueue(deps: ApiDeps, input: { limit?: number | undefined }) {
  const now = deps.clock();
  const rows = await listIdentityCheckQueue(
    deps.db.read,
    input.limit ?? IDENTITY_CHECK_QUEUE_DEFAULT,
  );
  return {
    now,
    items: rows.map((row) => {
      const dueAt = identityCheckDueAt(row);
      return {
        checkId: row.checkId,
        blockId: row.blockId,
        accountId: row.accountId,
        ownerIdentifier: row.ownerIdentifier,
        status: row.status,
        blockPlacedAt: row.blockPlacedAt,
        submittedAt: row.submittedAt,
        dueAt,
        overdue: isIdentityCheckOverdue(row, now),
        /** Whole hours until due, rounded up; 0 once due. Null until submitted. */
        hoursLeft: dueAt === null ? null : Math.max(0, Math.ceil((dueAt - now) / HOUR)),
        awaitingSubmission: row.status === 'not_started',
      };
    }),
  };
}

export interface DecideIdentityCheckInput {
  checkId: string;
  decision: 'approve' | 'reject';
  note: string;
  ticketRef: string;
  idempotencyKey: string;
}

/**
 * Approve (lifting the block) or reject a submitted check, with a note (SPEC §6). One
 * transaction holds the decision, the block lift, the version bump, the audit event and the
 * owner's email; the key makes a double click harmless.
 */
export async function decideIdentityCheckAction(
  deps: ApiDeps,
  staff: Pick<StaffPrincipal, 'id' | 'role'>,
  input: DecideIdentityCheckInput,
) {
  return runChange(
    deps,
    staff,
    {
      audit: 'identity_check.decide',
      idempotency: { procedure: 'identityChecks.decide', key: input.idempotencyKey, input },
      subject: { ticketRef: input.ticketRef },
      identify: async (tx) => ({
        accountId: (await findIdentityCheckForDecision(tx, input.checkId))?.accountId ?? null,
      }),
      metric: 'decide_identity_check',
    },
    async (tx, now) => {
      const check = await findIdentityCheckForDecision(tx, input.checkId);
      if (!check) throw new DomainError('NOT_FOUND', 'There is no identity check with this id.');
      const outcome = decideIdentityCheck(
        check,
        {
          decision: input.decision === 'approve' ? 'approved' : 'rejected',
          note: input.note,
          staffId: staff.id,
          role: staff.role,
        },
        now,
      );
      const liftBlock = outcome.liftBlock && check.blockLiftedAt === null;
      const { accountVersion } = await writeIdentityCheckDecision(tx, {
        checkId: check.id,
        status: outcome.check.status as 'approved' | 'rejected',
        decidedAt: now,
        decidedBy: staff.id,
        note: input.note,
        accountId: check.accountId,
        liftBlock: liftBlock ? { blockId: check.blockId } : null,
      });
      const event = await appendAuditEvent(tx, {
        at: now,
        staffId: staff.id,
        action: 'identity_check.decide',
        outcome: 'succeeded',
        accountId: check.accountId,
        ticketRef: input.ticketRef,
        details: {
          checkId: check.id,
          blockId: check.blockId,
          decision: input.decision,
          status: { before: check.status, after: outcome.check.status },
          blockLifted: liftBlock,
          version: { before: check.accountVersion, after: accountVersion },
          note: input.note,
        },
      });
      const [snapshot] = await loadAccountSnapshots(tx, [check.accountId]);
      const outboxIds = snapshot
        ? await sendRecoveryEmails(tx, {
            template: 'identity_check_decided',
            recipients: [ownerEmailOf(snapshot)],
            facts: { accountId: check.accountId, decision: input.decision },
            accountId: check.accountId,
            auditEventId: event.id,
            now,
            language: snapshot.account.language,
          })
        : [];
      return {
        check: {
          id: check.id,
          status: outcome.check.status,
          decidedAt: now,
          decidedBy: staff.id,
        },
        block: {
          id: check.blockId,
          liftedAt: liftBlock ? now : check.blockLiftedAt,
          liftedBy: liftBlock ? staff.id : null,
        },
        account: { id: check.accountId, version: accountVersion },
        outboxIds,
      };
    },
  );
}
