import type { EscalationOutcome, EscalationStatus } from './codes.ts';
import { DomainError } from './errors.ts';

/** What a lead's step needs to know of the escalation as it is now. */
export interface EscalationState {
  status: EscalationStatus;
  takenBy: string | null;
}

/**
 * A lead takes an open escalation: it is theirs until closed. Taking one another lead holds is
 * refused with who holds it, so the second of two leads who clicked at once sees what won.
 */
export function decideTakeEscalation(
  escalation: EscalationState,
  leadId: string,
  holderName: string | null,
): void {
  if (escalation.status === 'closed') {
    throw new DomainError('VERSION_CONFLICT', 'This escalation is already closed.');
  }
  if (escalation.status === 'taken' && escalation.takenBy !== leadId) {
    throw new DomainError(
      'VERSION_CONFLICT',
      `${holderName ?? 'Another lead'} has already taken this escalation.`,
    );
  }
}

/**
 * A lead closes an escalation with an outcome: one they hold, or an open one (taken and closed
 * in one step). One another lead holds stays theirs to close.
 */
export function decideCloseEscalation(
  escalation: EscalationState,
  leadId: string,
  holderName: string | null,
  outcome: EscalationOutcome,
  note: string | undefined,
): { note: string | null } {
  decideTakeEscalation(escalation, leadId, holderName);
  const trimmed = note?.trim() ?? '';
  if (outcome !== 'no_action_needed' && trimmed === '') {
    throw new DomainError('INVALID_INPUT', 'Say what was done or why it was declined.');
  }
  return { note: trimmed === '' ? null : trimmed };
}
