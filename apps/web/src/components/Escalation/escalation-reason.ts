import type { EscalationReason } from '@lifeline/domain';
import type { Finding } from '../../lib/actions.ts';

/**
 * The findings whose scripts promise the caller that a team lead will look at the case, and
 * the escalation that keeps the promise (issue 13). Null: support fixes it, or nothing to hand over.
 */
export function escalationReasonFor(finding: Finding): EscalationReason | null {
  switch (finding.code) {
    case 'suspicious_activity':
      return 'suspicious_activity';
    case 'deactivated_terms':
      return 'terms_violation';
    case 'identity_check_required': {
      const facts = finding.facts as { checkStatus?: string; overdue?: boolean };
      if (facts.checkStatus === 'rejected') return 'identity_check_rejected';
      if (facts.overdue === true) return 'identity_check_overdue';
      return null;
    }
    default:
      return null;
  }
}
