import type { ReviewStatus } from '@lifeline/domain';
import { aliasedTable, and, eq, type SQL, sql } from 'drizzle-orm';
import type { Db, Schema } from '../client.ts';
import { firstOrNull, tables } from '../tables.ts';

/** 1 for open reviews, 0 otherwise: the queue shows open ones first. */
const openRankOf = ({ reactivationReviews }: Schema) =>
  sql<number>`(CASE WHEN ${reactivationReviews.status} = 'open' THEN 1 ELSE 0 END)`;

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

/**
 * Reactivation reviews, open first then newest first, paged by keyset on
 * (open rank, reactivatedAt, id) so a page boundary never moves when rows are added.
 */
export async function listReactivationReviews(db: Db, filter: ReviewQueueFilter) {
  const schema = tables(db);
  const { reactivationReviews, staff } = schema;
  const reviewer = aliasedTable(staff, 'reviewer');
  const openRank = openRankOf(schema);
  const conditions: SQL[] = [];
  if (filter.status) conditions.push(eq(reactivationReviews.status, filter.status));
  if (filter.agentId) conditions.push(eq(reactivationReviews.agentId, filter.agentId));
  if (filter.after) {
    const { openRank: rank, reactivatedAt, id } = filter.after;
    conditions.push(
      sql`(${openRank} < ${rank} OR (${openRank} = ${rank} AND (${reactivationReviews.reactivatedAt} < ${reactivatedAt} OR (${reactivationReviews.reactivatedAt} = ${reactivatedAt} AND ${reactivationReviews.id} < ${id}))))`,
    );
  }
  return await db
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
    .limit(filter.limit);
}

/** Per agent: reactivations, how many a lead has looked at, and concerns still standing. */
export async function reviewCoverageByAgent(db: Db, range: { from?: number; to?: number } = {}) {
  const { reactivationReviews, staff } = tables(db);
  const conditions: SQL[] = [];
  if (range.from !== undefined)
    conditions.push(sql`${reactivationReviews.reactivatedAt} >= ${range.from}`);
  if (range.to !== undefined)
    conditions.push(sql`${reactivationReviews.reactivatedAt} < ${range.to}`);
  // PostgreSQL's count and sum are bigints, read back as strings: mapped to numbers. The
  // name is grouped on too, as PostgreSQL requires (one name per agent, so the same groups).
  return await db
    .select({
      agentId: reactivationReviews.agentId,
      agentName: staff.displayName,
      total: sql<number>`count(*)`.mapWith(Number),
      reviewed:
        sql<number>`sum(CASE WHEN ${reactivationReviews.status} != 'open' THEN 1 ELSE 0 END)`.mapWith(
          Number,
        ),
      openConcerns:
        sql<number>`sum(CASE WHEN ${reactivationReviews.status} = 'concern' THEN 1 ELSE 0 END)`.mapWith(
          Number,
        ),
    })
    .from(reactivationReviews)
    .leftJoin(staff, eq(staff.id, reactivationReviews.agentId))
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .groupBy(reactivationReviews.agentId, staff.displayName)
    .orderBy(staff.displayName, reactivationReviews.agentId);
}

export async function findReactivationReview(db: Db, reviewId: string) {
  const { reactivationReviews } = tables(db);
  return firstOrNull(
    await db
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
      .limit(1),
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
  const { reactivationReviews } = tables(tx);
  const marked = await tx
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
    .returning({ id: reactivationReviews.id });
  return marked.length === 1;
}
