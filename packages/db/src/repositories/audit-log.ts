import { type AuditAction, NEAR_PURGE_DAYS } from '@lifeline/domain';
import { and, desc, eq, gte, inArray, lt, lte, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { auditEvents, reactivationReviews, staff } from '../schema/index.ts';

export interface AuditEventFilter {
  staffId?: string;
  action?: AuditAction;
  accountId?: string;
  /** Inclusive lower bound on `at`. */
  from?: number;
  /** Exclusive upper bound on `at`. */
  to?: number;
  /** Keyset: only events with a smaller id (the previous page's last id). */
  beforeId?: number;
  limit: number;
}

/**
 * The log newest first, a page at a time. Ids only grow, so paging by "id below the last one
 * seen" is stable however many events are appended between two pages.
 */
export async function listAuditEvents(db: Db, filter: AuditEventFilter) {
  const conditions: SQL[] = [];
  if (filter.staffId !== undefined) conditions.push(eq(auditEvents.staffId, filter.staffId));
  if (filter.action !== undefined) conditions.push(eq(auditEvents.action, filter.action));
  if (filter.accountId !== undefined) conditions.push(eq(auditEvents.accountId, filter.accountId));
  if (filter.from !== undefined) conditions.push(gte(auditEvents.at, filter.from));
  if (filter.to !== undefined) conditions.push(lt(auditEvents.at, filter.to));
  if (filter.beforeId !== undefined) conditions.push(lt(auditEvents.id, filter.beforeId));
  return db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      staffId: auditEvents.staffId,
      staffName: staff.displayName,
      action: auditEvents.action,
      outcome: auditEvents.outcome,
      reason: auditEvents.reason,
      accountId: auditEvents.accountId,
      loginId: auditEvents.loginId,
      ticketRef: auditEvents.ticketRef,
      verificationId: auditEvents.verificationId,
      details: auditEvents.details,
    })
    .from(auditEvents)
    .leftJoin(staff, eq(staff.id, auditEvents.staffId))
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(desc(auditEvents.id))
    .limit(filter.limit)
    .all();
}

/** The Monday (UTC) starting the ISO week of an epoch-ms column, as YYYY-MM-DD. */
function isoWeekStart(column: SQL | typeof auditEvents.at) {
  return sql<string>`date(${column} / 1000, 'unixepoch', 'weekday 0', '-6 days')`;
}
function isoWeekLabel(column: SQL | typeof auditEvents.at) {
  return sql<string>`strftime('%G-W%V', ${column} / 1000, 'unixepoch')`;
}

function bucket(low: number, high: number) {
  return sql<number>`sum(CASE WHEN ${reactivationReviews.daysLeft} BETWEEN ${low} AND ${high} THEN 1 ELSE 0 END)`;
}

export interface ReportRange {
  from: number;
  /** Exclusive. */
  to: number;
}

/**
 * Reactivations per agent per ISO week, aggregated by SQLite: one row per (agent, week), never
 * one per reactivation. Every reactivation has a review row, so the reviews table is the source.
 */
export async function reactivationsByAgentWeek(db: Db, range: ReportRange) {
  const reactivatedAt = sql`${reactivationReviews.reactivatedAt}`;
  return db
    .select({
      agentId: reactivationReviews.agentId,
      week: isoWeekLabel(reactivatedAt),
      weekStart: isoWeekStart(reactivatedAt),
      reactivations: sql<number>`count(*)`,
      days0to7: bucket(0, 7),
      days8to30: bucket(8, 30),
      days31to60: bucket(31, 60),
      days61to90: bucket(61, 90),
      days91to120: bucket(91, 120),
      withinSevenDaysOfPurge: sql<number>`sum(CASE WHEN ${reactivationReviews.daysLeft} <= ${NEAR_PURGE_DAYS} THEN 1 ELSE 0 END)`,
      reviewed: sql<number>`sum(CASE WHEN ${reactivationReviews.status} != 'open' THEN 1 ELSE 0 END)`,
      concerns: sql<number>`sum(CASE WHEN ${reactivationReviews.status} = 'concern' THEN 1 ELSE 0 END)`,
    })
    .from(reactivationReviews)
    .where(
      and(
        gte(reactivationReviews.reactivatedAt, range.from),
        lt(reactivationReviews.reactivatedAt, range.to),
      ),
    )
    .groupBy(reactivationReviews.agentId, isoWeekLabel(reactivatedAt))
    .all();
}

/** The reactivations made with at most `maxDaysLeft` days left in the window, newest first. */
export async function nearPurgeReactivations(
  db: Db,
  range: ReportRange & { maxDaysLeft: number; limit: number },
) {
  return db
    .select({
      reviewId: reactivationReviews.id,
      accountId: reactivationReviews.accountId,
      agentId: reactivationReviews.agentId,
      agentName: staff.displayName,
      ticketRef: reactivationReviews.ticketRef,
      deactivationReason: reactivationReviews.deactivationReason,
      daysLeft: reactivationReviews.daysLeft,
      reactivatedAt: reactivationReviews.reactivatedAt,
      status: reactivationReviews.status,
    })
    .from(reactivationReviews)
    .leftJoin(staff, eq(staff.id, reactivationReviews.agentId))
    .where(
      and(
        gte(reactivationReviews.reactivatedAt, range.from),
        lt(reactivationReviews.reactivatedAt, range.to),
        lte(reactivationReviews.daysLeft, range.maxDaysLeft),
      ),
    )
    .orderBy(desc(reactivationReviews.reactivatedAt), desc(reactivationReviews.id))
    .limit(range.limit)
    .all();
}

/** Failed or locked caller verifications per staff member per ISO week, from the audit log. */
export async function verificationFailuresByStaffWeek(db: Db, range: ReportRange) {
  return db
    .select({
      staffId: auditEvents.staffId,
      week: isoWeekLabel(auditEvents.at),
      weekStart: isoWeekStart(auditEvents.at),
      failures: sql<number>`count(*)`,
    })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.action, 'verification.check'),
        inArray(auditEvents.outcome, ['failed', 'locked']),
        gte(auditEvents.at, range.from),
        lt(auditEvents.at, range.to),
      ),
    )
    .groupBy(auditEvents.staffId, isoWeekLabel(auditEvents.at))
    .all();
}

/** Display names for a handful of staff ids (the report's agents). */
export async function staffNamesById(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, { email: string; displayName: string }>();
  const rows = db
    .select({ id: staff.id, email: staff.email, displayName: staff.displayName })
    .from(staff)
    .where(inArray(staff.id, [...ids]))
    .all();
  return new Map(rows.map((row) => [row.id, { email: row.email, displayName: row.displayName }]));
}
