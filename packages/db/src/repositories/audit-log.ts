import { type AuditAction, NEAR_PURGE_DAYS } from '@lifeline/domain';
import { and, desc, eq, gte, inArray, lt, lte, type SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../client.ts';
import { engineOf, tables } from '../tables.ts';

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
  const { staff, auditEvents } = tables(db);
  const conditions: SQL[] = [];
  if (filter.staffId !== undefined) conditions.push(eq(auditEvents.staffId, filter.staffId));
  if (filter.action !== undefined) conditions.push(eq(auditEvents.action, filter.action));
  if (filter.accountId !== undefined) conditions.push(eq(auditEvents.accountId, filter.accountId));
  if (filter.from !== undefined) conditions.push(gte(auditEvents.at, filter.from));
  if (filter.to !== undefined) conditions.push(lt(auditEvents.at, filter.to));
  if (filter.beforeId !== undefined) conditions.push(lt(auditEvents.id, filter.beforeId));
  return await db
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
    .limit(filter.limit);
}

// Calendar arithmetic has no portable SQL: each engine says "ISO week of this instant" its way.

/** The Monday (UTC) starting the ISO week of an epoch-ms column, as YYYY-MM-DD. */
function isoWeekStart(db: Db, column: SQL | SQLiteColumn) {
  return engineOf(db) === 'sqlite'
    ? sql<string>`date(${column} / 1000, 'unixepoch', 'weekday 0', '-6 days')`
    : sql<string>`to_char(date_trunc('week', to_timestamp(${column} / 1000.0) AT TIME ZONE 'UTC'), 'YYYY-MM-DD')`;
}
/** The ISO week of an epoch-ms column, e.g. 2026-W48. */
function isoWeekLabel(db: Db, column: SQL | SQLiteColumn) {
  return engineOf(db) === 'sqlite'
    ? sql<string>`strftime('%G-W%V', ${column} / 1000, 'unixepoch')`
    : sql<string>`to_char(to_timestamp(${column} / 1000.0) AT TIME ZONE 'UTC', 'IYYY-"W"IW')`;
}

/** A count in SQL: a number on both engines (PostgreSQL sums and counts are bigints). */
function total(expression: SQL): SQL<number> {
  return expression.mapWith(Number);
}

function bucket(daysLeft: SQLiteColumn, low: number, high: number) {
  return total(sql`sum(CASE WHEN ${daysLeft} BETWEEN ${low} AND ${high} THEN 1 ELSE 0 END)`);
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
  const { reactivationReviews } = tables(db);
  const reactivatedAt = sql`${reactivationReviews.reactivatedAt}`;
  const { daysLeft, status } = reactivationReviews;
  return await db
    .select({
      agentId: reactivationReviews.agentId,
      week: isoWeekLabel(db, reactivatedAt),
      weekStart: isoWeekStart(db, reactivatedAt),
      reactivations: total(sql`count(*)`),
      days0to7: bucket(daysLeft, 0, 7),
      days8to30: bucket(daysLeft, 8, 30),
      days31to60: bucket(daysLeft, 31, 60),
      days61to90: bucket(daysLeft, 61, 90),
      days91to120: bucket(daysLeft, 91, 120),
      withinSevenDaysOfPurge: total(
        sql`sum(CASE WHEN ${daysLeft} <= ${NEAR_PURGE_DAYS} THEN 1 ELSE 0 END)`,
      ),
      reviewed: total(sql`sum(CASE WHEN ${status} != 'open' THEN 1 ELSE 0 END)`),
      concerns: total(sql`sum(CASE WHEN ${status} = 'concern' THEN 1 ELSE 0 END)`),
    })
    .from(reactivationReviews)
    .where(
      and(
        gte(reactivationReviews.reactivatedAt, range.from),
        lt(reactivationReviews.reactivatedAt, range.to),
      ),
    )
    .groupBy(
      reactivationReviews.agentId,
      isoWeekLabel(db, reactivatedAt),
      isoWeekStart(db, reactivatedAt),
    );
}

/** The reactivations made with at most `maxDaysLeft` days left in the window, newest first. */
export async function nearPurgeReactivations(
  db: Db,
  range: ReportRange & { maxDaysLeft: number; limit: number },
) {
  const { staff, reactivationReviews } = tables(db);
  return await db
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
    .limit(range.limit);
}

/** Failed or locked caller verifications per staff member per ISO week, from the audit log. */
export async function verificationFailuresByStaffWeek(db: Db, range: ReportRange) {
  const { auditEvents } = tables(db);
  return await db
    .select({
      staffId: auditEvents.staffId,
      week: isoWeekLabel(db, auditEvents.at),
      weekStart: isoWeekStart(db, auditEvents.at),
      failures: total(sql`count(*)`),
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
    .groupBy(
      auditEvents.staffId,
      isoWeekLabel(db, auditEvents.at),
      isoWeekStart(db, auditEvents.at),
    );
}

/** Display names for a handful of staff ids (the report's agents). */
export async function staffNamesById(db: Db, ids: readonly string[]) {
  const { staff } = tables(db);
  if (ids.length === 0) return new Map<string, { email: string; displayName: string }>();
  const rows = await db
    .select({ id: staff.id, email: staff.email, displayName: staff.displayName })
    .from(staff)
    .where(inArray(staff.id, [...ids]));
  return new Map(rows.map((row) => [row.id, { email: row.email, displayName: row.displayName }]));
}

/** The audit actions a diagnosis reads back as "what was just done" (their successes only). */
const SUPPORT_FIX_ACTIONS = [
  'account.reactivate',
  'login.detach_team_member',
  'login.unlock',
  'login.send_password_reset',
  'block.lift',
  // An approved identity check lifts its block in the same event.
  'identity_check.decide',
] as const satisfies readonly AuditAction[];

/**
 * Support actions that succeeded on these accounts since `since`, newest first: the diagnosis's
 * memory of a fix (issue 13). Through the (account, id) index; bounded per account.
 */
export async function recentSupportActions(
  db: Db,
  accountIds: readonly string[],
  since: number,
  limitPerAccount = 20,
) {
  if (accountIds.length === 0) return [];
  const { auditEvents } = tables(db);
  return await db
    .select({
      at: auditEvents.at,
      staffId: auditEvents.staffId,
      action: auditEvents.action,
      accountId: auditEvents.accountId,
      loginId: auditEvents.loginId,
      ticketRef: auditEvents.ticketRef,
      details: auditEvents.details,
    })
    .from(auditEvents)
    .where(
      and(
        inArray(auditEvents.accountId, [...accountIds]),
        inArray(auditEvents.action, [...SUPPORT_FIX_ACTIONS]),
        eq(auditEvents.outcome, 'succeeded'),
        gte(auditEvents.at, since),
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(limitPerAccount * accountIds.length);
}
