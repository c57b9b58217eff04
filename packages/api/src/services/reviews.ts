import {
  appendAuditEvent,
  findReactivationReview,
  listReactivationReviews,
  reviewCoverageByAgent,
  writeReviewMark,
} from '@lifeline/db';
import { DomainError, type ReviewStatus } from '@lifeline/domain';
import { z } from 'zod';
import type { ApiDeps } from '../deps.ts';
import type { StaffContext } from '../trpc.ts';
import { decodeCursor, encodeCursor, runAudited } from './audit.ts';

export const REVIEW_PAGE_DEFAULT = 50;

const reviewCursorShape = z.strictObject({
  openRank: z.union([z.literal(0), z.literal(1)]),
  reactivatedAt: z.number().int(),
  id: z.string().max(64),
});

/**
 * The lead review queue (SPEC §8): open reviews first, newest first, with what the lead needs
 * to judge each reactivation; plus the coverage per agent the report also shows.
 */
export async function reviewQueue(
  deps: ApiDeps,
  input: {
    status?: ReviewStatus | undefined;
    agentId?: string | undefined;
    cursor?: string | undefined;
    limit?: number | undefined;
  },
) {
  const limit = input.limit ?? REVIEW_PAGE_DEFAULT;
  const rows = await listReactivationReviews(deps.db.read, {
    ...(input.status ? { status: input.status } : {}),
    ...(input.agentId ? { agentId: input.agentId } : {}),
    ...(input.cursor ? { after: decodeCursor(input.cursor, reviewCursorShape) } : {}),
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const coverage = await reviewCoverageByAgent(deps.db.read);
  return {
    items: page.map(({ openRank: _rank, ...row }) => row),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor({ openRank: last.openRank, reactivatedAt: last.reactivatedAt, id: last.id })
        : null,
    coverage: coverage.map((row) => ({
      agentId: row.agentId,
      agentName: row.agentName,
      total: row.total,
      reviewed: row.reviewed,
      coverage: row.total === 0 ? null : row.reviewed / row.total,
      openConcerns: row.openConcerns,
    })),
  };
}

/**
 * Which marks may follow which: an open review gets its first look; a concern may later be
 * settled as reviewed_ok (with a note saying how); a review found fine stays final.
 */
function assertMarkAllowed(from: ReviewStatus, to: 'reviewed_ok' | 'concern'): void {
  if (from === 'open') return;
  if (from === 'concern' && to === 'reviewed_ok') return;
  throw new DomainError(
    'INVALID_INPUT',
    from === to
      ? `This reactivation is already marked ${from === 'concern' ? 'as a concern' : 'reviewed'}.`
      : 'This reactivation was already reviewed and found fine; that mark is final.',
    { status: from },
  );
}

export async function markReview(
  ctx: StaffContext,
  input: { reviewId: string; status: 'reviewed_ok' | 'concern'; note?: string | undefined },
) {
  const { staff } = ctx;
  const known = await findReactivationReview(ctx.deps.db.read, input.reviewId);
  return runAudited(
    ctx,
    {
      auditAction: 'review.mark',
      accountId: known?.accountId ?? null,
      ticketRef: known?.ticketRef ?? null,
      details: { reviewId: input.reviewId, status: input.status },
    },
    async (tx, now) => {
      const review = await findReactivationReview(tx, input.reviewId);
      if (!review) throw new DomainError('NOT_FOUND', 'There is no review with this id.');
      if (review.agentId === staff.id) {
        throw new DomainError(
          'FORBIDDEN_ROLE',
          'You cannot review a reactivation you made yourself; another lead must review it.',
        );
      }
      assertMarkAllowed(review.status, input.status);
      const note = input.note?.trim() || null;
      if (note === null && (input.status === 'concern' || review.status === 'concern')) {
        throw new DomainError(
          'INVALID_INPUT',
          input.status === 'concern'
            ? 'A concern needs a note saying what is wrong.'
            : 'Settling a concern needs a note saying how it was resolved.',
        );
      }
      const written = await writeReviewMark(tx, {
        reviewId: review.id,
        expectedStatus: review.status,
        status: input.status,
        reviewedBy: staff.id,
        reviewedAt: now,
        note,
      });
      // The transaction holds the write lock, so this only guards against a bug, not a race.
      if (!written) throw new DomainError('VERSION_CONFLICT', 'This review changed; reload it.');
      await appendAuditEvent(tx, {
        at: now,
        staffId: staff.id,
        action: 'review.mark',
        outcome: 'succeeded',
        accountId: review.accountId,
        ticketRef: review.ticketRef,
        details: {
          reviewId: review.id,
          agentId: review.agentId,
          status: { before: review.status, after: input.status },
          note,
        },
      });
      return {
        review: {
          id: review.id,
          status: input.status,
          reviewedBy: staff.id,
          reviewedAt: now,
          note,
        },
      };
    },
  );
}
