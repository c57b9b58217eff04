import {
  appendAuditEvent,
  findReactivationReview,
  listReactivationReviews,
  reviewCoverageByAgent,
  writeReviewMark,
} from '@lifeline/db';
import {
  DomainError,
  decideReviewMark,
  type ReviewMark,
  type ReviewStatus,
} from '@lifeline/domain';
import { z } from 'zod';
import type { StaffPrincipal } from '../context.ts';
import type { ApiDeps } from '../deps.ts';
import { runChange } from './audited-change.ts';
import { cursorCodec } from './cursor.ts';

export const REVIEW_PAGE_DEFAULT = 50;

const reviewCursor = cursorCodec(
  z.strictObject({
    openRank: z.union([z.literal(0), z.literal(1)]),
    reactivatedAt: z.number().int(),
    id: z.string().max(64),
  }),
);

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
    ...(input.cursor ? { after: reviewCursor.decode(input.cursor) } : {}),
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const coverage = await reviewCoverageByAgent(deps.db.read);
  return {
    items: page.map(({ openRank: _rank, ...row }) => row),
    nextCursor:
      rows.length > limit && last
        ? reviewCursor.encode({
            openRank: last.openRank === 1 ? 1 : 0,
            reactivatedAt: last.reactivatedAt,
            id: last.id,
          })
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

export async function markReview(
  deps: ApiDeps,
  staff: Pick<StaffPrincipal, 'id'>,
  input: { reviewId: string; status: ReviewMark; note?: string | undefined },
) {
  return runChange(
    deps,
    staff,
    {
      audit: 'review.mark',
      subject: { details: { reviewId: input.reviewId, status: input.status } },
    },
    async (tx, now, subject) => {
      const review = await findReactivationReview(tx, input.reviewId);
      if (!review) throw new DomainError('NOT_FOUND', 'There is no review with this id.');
      Object.assign(subject, { accountId: review.accountId, ticketRef: review.ticketRef });
      const { note } = decideReviewMark(review, {
        status: input.status,
        note: input.note,
        staffId: staff.id,
      });
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
