import { describe, expect, it } from 'vitest';
import { REVIEW_STATUSES } from './codes.ts';
import { DomainError } from './errors.ts';
import { decideReviewMark, type ReviewMark } from './reviews.ts';

const LEAD = 'stf_lead';
const AGENT = 'stf_agent';

function reasonOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    if (error instanceof DomainError) return error.reason;
    throw error;
  }
}

describe('decideReviewMark', () => {
  it('follows the state machine: open → either; concern → reviewed_ok; reviewed_ok is final', () => {
    const allowed: Array<[string, ReviewMark]> = [];
    for (const from of REVIEW_STATUSES) {
      for (const to of ['reviewed_ok', 'concern'] as const) {
        const reason = reasonOf(() =>
          decideReviewMark(
            { status: from, agentId: AGENT },
            { status: to, note: 'why', staffId: LEAD },
          ),
        );
        if (reason === null) allowed.push([from, to]);
        else expect(reason).toBe('INVALID_INPUT');
      }
    }
    expect(allowed).toEqual([
      ['open', 'reviewed_ok'],
      ['open', 'concern'],
      ['concern', 'reviewed_ok'],
    ]);
  });

  it('refuses a review of one’s own reactivation, whatever the mark', () => {
    expect(
      reasonOf(() =>
        decideReviewMark(
          { status: 'open', agentId: LEAD },
          { status: 'reviewed_ok', note: null, staffId: LEAD },
        ),
      ),
    ).toBe('FORBIDDEN_ROLE');
  });

  it('needs a note for a concern and for settling one, not for a first reviewed_ok', () => {
    const open = { status: 'open' as const, agentId: AGENT };
    const concern = { status: 'concern' as const, agentId: AGENT };
    expect(
      decideReviewMark(open, { status: 'reviewed_ok', note: undefined, staffId: LEAD }),
    ).toEqual({
      note: null,
    });
    for (const blank of [undefined, null, '', '   ']) {
      expect(
        reasonOf(() => decideReviewMark(open, { status: 'concern', note: blank, staffId: LEAD })),
      ).toBe('INVALID_INPUT');
      expect(
        reasonOf(() =>
          decideReviewMark(concern, { status: 'reviewed_ok', note: blank, staffId: LEAD }),
        ),
      ).toBe('INVALID_INPUT');
    }
    expect(
      decideReviewMark(concern, { status: 'reviewed_ok', note: '  called back  ', staffId: LEAD }),
    ).toEqual({
      note: 'called back',
    });
  });
});
