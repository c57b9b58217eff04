import { ESCALATION_OUTCOMES, ESCALATION_REASONS, ESCALATION_STATUSES } from '@lifeline/domain';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { oneOf } from './checks.ts';
import { accounts } from './customers.ts';

/**
 * A case an agent handed to the leads (issue 13): the scripts that promise "a team lead will
 * look at your case" (fraud hold, overdue or rejected identity check, terms violation) are kept
 * by one of these. Open → taken by a lead → closed with an outcome; each step audited.
 */
export const escalations = sqliteTable(
  'escalations',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    loginId: text('login_id'),
    ticketRef: text('ticket_ref').notNull(),
    reason: text('reason', { enum: ESCALATION_REASONS }).notNull(),
    note: text('note').notNull().default(''),
    status: text('status', { enum: ESCALATION_STATUSES }).notNull().default('open'),
    openedBy: text('opened_by').notNull(),
    openedAt: integer('opened_at').notNull(),
    takenBy: text('taken_by'),
    takenAt: integer('taken_at'),
    closedBy: text('closed_by'),
    closedAt: integer('closed_at'),
    outcome: text('outcome', { enum: ESCALATION_OUTCOMES }),
    outcomeNote: text('outcome_note'),
  },
  (t) => [
    index('escalations_status_opened_idx').on(t.status, t.openedAt),
    index('escalations_account_idx').on(t.accountId, t.openedAt),
    oneOf('escalations_reason_check', t.reason, ESCALATION_REASONS),
    oneOf('escalations_status_check', t.status, ESCALATION_STATUSES),
    oneOf('escalations_outcome_check', t.outcome, ESCALATION_OUTCOMES),
  ],
);
