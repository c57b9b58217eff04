import type { ReviewStatus } from '@lifeline/domain';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../client.ts';
import { reactivationReviews, staff } from '../schema/index.ts';

/** 1 for open reviews, 0 otherwise: the queue shows open ones first. */
const openRank = sql<number>`(CASE WHEN ${reactivationReviews.status} = 'open' THEN 1 ELSE 0 END)`;

export interface ReviewQueueCursor {
  openRank: number;
  reactivatedAt: number;
  id: string;
}

export interface ReviewQueueFilter {
  status?: ReviewStatus;
  agentId?: string;
  after?: ReviewQueueCursor;
  limit: number;
}

const reviewer = alias(staff, 'reviewer');

/**
 * Reactivation reviews, open first then newest first, paged by keyset on
 * (open rank, reactivatedAt, id) so a page boundary never moves when rows are added.
 */
export async function listReactivationReviews(db: Db, filter: ReviewQueueFilter) {
  const conditions: SQL[] = [];
  if (filter.status) conditions.push(eq(reactivationReviews.status, filter.status));
  if (filter.agentId) conditions.push(eq(reactivationReviews.agentId, filter.agentId));
  if (filter.after) {
    const { openRank: rank, reactivatedAt, id } = filter.after;
    conditions.push(
      sql`(${openRank} < ${rank} OR (${openRank} = ${rank} AND (${reactivationReviews.reactivatedAt} < ${reactivatedAt} OR (${reactivationReviews.reactivatedAt} = ${reactivatedAt} AND ${reactivationReviews.id} < ${id}))))`,
    );
  }
  return db
    .select({
      id: reactivationReviews.id,
      accountId: reactivationReviews.accountId,
      agentId: reactivationReviews.agentId,
      agentName: staff.displayName,
      ticketRef: reactivationReviews.ticketRef,
      verificationId: reactivationReviews.verificationId,
      verificationMethod: reactivationReviews.verificationMethod,
      verifiedAt: reactivationReviews.verifiedAt,
      deactivationReason: reactivationReviews.deactivationReason,
      daysLeft: reactivationReviews.daysLeft,
      reactivatedAt: reactivationReviews.reactivatedAt,
      status: reactivationReviews.status,
      reviewedBy: reactivationReviews.reviewedBy,
      reviewerName: reviewer.displayName,
      reviewedAt: reactivationReviews.reviewedAt,
      note: reactivationReviews.note,
      openRank,
    })
    .from(reactivationReviews)
    .leftJoin(staff, eq(staff.id, reactivationReviews.agentId))
    .leftJoin(reviewer, eq(reviewer.id, reactivationReviews.reviewedBy))
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(
      sql`${openRank} DESC`,
      sql`${reactivationReviews.reactivatedAt} DESC`,
      sql`${reactivationReviews.id} DESC`,
    )
    .limit(filter.limit)
    .all();
}

/** Per agent: reactivations, how many a lead has looked at, and concerns still standing. */
export async function reviewCoverageByAgent(db: Db, range: { from?: number; to?: number } = {}) {
  const conditions: SQL[] = [];
  if (range.from !== undefined)
    conditions.push(sql`${reactivationReviews.reactivatedAt} >= ${range.from}`);
  if (range.to !== undefined)
    conditions.push(sql`${reactivationReviews.reactivatedAt} < ${range.to}`);
  return db
    .select({
      agentId: reactivationReviews.agentId,
      agentName: staff.displayName,
      total: sql<number>`count(*)`,
      reviewed: sql<number>`sum(CASE WHEN ${reactivationReviews.status} != 'open' THEN 1 ELSE 0 END)`,
      openConcerns: sql<number>`sum(CASE WHEN ${reactivationReviews.status} = 'concern' THEN 1 ELSE 0 END)`,
    })
    .from(reactivationReviews)
    .leftJoin(staff, eq(staff.id, reactivationReviews.agentId))
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .groupBy(reactivationReviews.agentId)
    .orderBy(staff.displayName, reactivationReviews.agentId)
    .all();
}

export async function findReactivationReview(db: Db, reviewId: string) {
  return (
    db
      .select({
        id: reactivationReviews.id,
        accountId: reactivationReviews.accountId,
        agentId: reactivationReviews.agentId,
        ticketRef: reactivationReviews.ticketRef,
        status: reactivationReviews.status,
        reviewedBy: reactivationReviews.reviewedBy,
        reviewedAt: reactivationReviews.reviewedAt,
        note: reactivationReviews.note,
      })
      .from(reactivationReviews)
      .where(eq(reactivationReviews.id, reviewId))
      .get() ?? null
  );
}

/** Marks a review, only if it still has the status the decision was made on. */
export async function writeReviewMark(
  tx: Db,
  input: {
    reviewId: string;
    expectedStatus: ReviewStatus;
    status: Exclude<ReviewStatus, 'open'>;
    reviewedBy: string;
    reviewedAt: number;
    note: string | null;
  },
): Promise<boolean> {
  const result = tx
    .update(reactivationReviews)
    .set({
      status: input.status,
      reviewedBy: input.reviewedBy,
      reviewedAt: input.reviewedAt,
      note: input.note,
    })
    .where(
      and(
        eq(reactivationReviews.id, input.reviewId),
        eq(reactivationReviews.status, input.expectedStatus),
      ),
    )
    .run();
  return result.changes === 1;
}
