import type { ReviewStatus } from './codes.ts';
import { DomainError } from './errors.ts';
import { cleanMultiLineText } from './text.ts';

export type ReviewMark = Exclude<ReviewStatus, 'open'>;

/**
 * A lead's mark on a reactivation in the review queue (SPEC §8). An open review gets its first
 * look; a concern may later be settled as reviewed_ok; a review found fine stays final. No one
 * reviews their own reactivation. A concern needs a note saying what is wrong, and settling one
 * a note saying how it was resolved. Returns the note to store (cleaned and trimmed, or null).
 */
export function decideReviewMark(
  review: { status: ReviewStatus; agentId: string },
  mark: { status: ReviewMark; note: string | null | undefined; staffId: string },
): { note: string | null } {
  if (review.agentId === mark.staffId) {
    throw new DomainError(
      'FORBIDDEN_ROLE',
      'You cannot review a reactivation you made yourself; another lead must review it.',
    );
  }
  const from = review.status;
  const allowed = from === 'open' || (from === 'concern' && mark.status === 'reviewed_ok');
  if (!allowed) {
    throw new DomainError(
      'INVALID_INPUT',
      from === mark.status
        ? `This reactivation is already marked ${from === 'concern' ? 'as a concern' : 'reviewed'}.`
        : 'This reactivation was already reviewed and found fine; that mark is final.',
      { status: from },
    );
  }
  const note = cleanMultiLineText(mark.note ?? '').trim() || null;
  if (note === null && (mark.status === 'concern' || from === 'concern')) {
    throw new DomainError(
      'INVALID_INPUT',
      mark.status === 'concern'
        ? 'A concern needs a note saying what is wrong.'
        : 'Settling a concern needs a note saying how it was resolved.',
    );
  }
  return { note };
}
