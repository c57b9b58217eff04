import {
  appendAuditEvent,
  type Db,
  listAuditEvents,
  nearPurgeReactivations,
  reactivationsByAgentWeek,
  staffNamesById,
  verificationFailuresByStaffWeek,
  verifyAuditChain,
} from '@lifeline/db';
import { type AuditAction, can, DAY, DomainError } from '@lifeline/domain';
import { z } from 'zod';
import type { StaffPrincipal } from '../context.ts';
import type { ApiDeps } from '../deps.ts';
import type { StaffContext } from '../trpc.ts';

// ---- Opaque cursors -------------------------------------------------------------------------

/** A keyset position the client hands back unchanged: base64url JSON, validated on return. */
export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodeCursor<T>(cursor: string, shape: z.ZodType<T>): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const result = shape.safeParse(parsed);
  if (!result.success) {
    throw new DomainError(
      'INVALID_INPUT',
      'This page link is not valid; start from the first page.',
    );
  }
  return result.data;
}

// ---- Audited changes without an idempotency key ---------------------------------------------

export interface AuditedChangeSpec {
  auditAction: AuditAction;
  accountId?: string | null;
  ticketRef?: string | null;
  /** Context for a refusal's event (ids only, never secrets). */
  details?: Record<string, unknown>;
}

/**
 * For lead and admin changes whose input carries no idempotency key (review marks, staff):
 * one transaction for the change and its event; a refusal rolls it back and is audited on its
 * own, like `runAction` does for support actions (SPEC §8: refusals are on the record).
 */
export async function runAudited<T>(
  ctx: StaffContext,
  spec: AuditedChangeSpec,
  work: (tx: Db, now: number) => Promise<T>,
): Promise<T> {
  const { deps, staff } = ctx;
  let now = deps.clock();
  try {
    // The clock is read under the write lock, like `runAction` does.
    return await deps.db.transaction((tx) => {
      now = deps.clock();
      return work(tx, now);
    });
  } catch (error) {
    if (error instanceof DomainError) {
      await deps.db.transaction((tx) =>
        appendAuditEvent(tx, {
          at: now,
          staffId: staff.id,
          action: spec.auditAction,
          outcome: 'refused',
          reason: error.reason,
          accountId: spec.accountId ?? null,
          ticketRef: spec.ticketRef ?? null,
          details: { ...spec.details, message: error.message },
        }),
      );
    }
    throw error;
  }
}

// ---- audit.list -----------------------------------------------------------------------------

export const AUDIT_PAGE_DEFAULT = 50;

export interface AuditListFilters {
  staffId?: string | undefined;
  action?: AuditAction | undefined;
  accountId?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
}

export interface AuditListItem {
  id: number;
  at: number;
  staffId: string;
  staffName: string | null;
  action: AuditAction;
  outcome: string;
  reason: string | null;
  accountId: string | null;
  loginId: string | null;
  ticketRef: string | null;
  verificationId: string | null;
  details: Record<string, unknown>;
}

/** SPEC §7: agents see their own events whatever they ask for; leads and admins see all. */
export function scopeAuditFilters(
  staff: Pick<StaffPrincipal, 'id' | 'role'>,
  filters: AuditListFilters,
): AuditListFilters {
  const scoped = can(staff.role, 'audit.readAll') ? filters : { ...filters, staffId: staff.id };
  if (scoped.from !== undefined && scoped.to !== undefined && scoped.from >= scoped.to) {
    throw new DomainError('INVALID_INPUT', 'The start of the date range must be before its end.');
  }
  return scoped;
}

const auditCursorShape = z.strictObject({ id: z.number().int().positive() });

export function decodeAuditCursor(cursor: string): number {
  return decodeCursor(cursor, auditCursorShape).id;
}

function parseDetails(raw: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(raw);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * One page of the log, newest first. Filters must already be scoped (`scopeAuditFilters`).
 * `beforeId` is the keyset position: ids only grow, so new events never shift a page.
 */
export async function readAuditPage(
  deps: ApiDeps,
  filters: AuditListFilters,
  page: { beforeId?: number | undefined; limit: number },
): Promise<{ items: AuditListItem[]; nextBeforeId: number | null }> {
  const rows = await listAuditEvents(deps.db.read, {
    ...definedOnly(filters),
    ...(page.beforeId !== undefined ? { beforeId: page.beforeId } : {}),
    limit: page.limit + 1,
  });
  const more = rows.length > page.limit;
  const items = rows
    .slice(0, page.limit)
    .map((row) => ({ ...row, details: parseDetails(row.details) }));
  const last = items.at(-1);
  return { items, nextBeforeId: more && last ? last.id : null };
}

export async function listAudit(
  deps: ApiDeps,
  staff: Pick<StaffPrincipal, 'id' | 'role'>,
  input: AuditListFilters & { cursor?: string | undefined; limit?: number | undefined },
): Promise<{ items: AuditListItem[]; nextCursor: string | null }> {
  const filters = scopeAuditFilters(staff, {
    staffId: input.staffId,
    action: input.action,
    accountId: input.accountId,
    from: input.from,
    to: input.to,
  });
  const page = await readAuditPage(deps, filters, {
    beforeId: input.cursor === undefined ? undefined : decodeAuditCursor(input.cursor),
    limit: input.limit ?? AUDIT_PAGE_DEFAULT,
  });
  return {
    items: page.items,
    nextCursor: page.nextBeforeId === null ? null : encodeCursor({ id: page.nextBeforeId }),
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

// ---- audit.verifyChain ----------------------------------------------------------------------

export async function verifyChain(deps: ApiDeps) {
  const result = await verifyAuditChain(deps.db.read);
  return {
    ok: result.ok,
    checked: result.checked,
    ...(result.firstBrokenId !== undefined ? { firstBrokenId: result.firstBrokenId } : {}),
  };
}

// ---- audit.reactivationReport ---------------------------------------------------------------

/** Without a range the report covers the last 12 weeks. */
export const REPORT_DEFAULT_SPAN = 84 * DAY;

/** The report lists at most this many near-purge reactivations (the counts cover them all). */
export const NEAR_PURGE_LIMIT = 100;

export const DAYS_LEFT_BUCKETS = ['0-7', '8-30', '31-60', '61-90', '91-120'] as const;
export type DaysLeftBucket = (typeof DAYS_LEFT_BUCKETS)[number];

export interface ReportWeekRow {
  agentId: string;
  agentName: string | null;
  /** ISO 8601 week, e.g. 2026-W48. */
  week: string;
  /** Its Monday (UTC), YYYY-MM-DD. */
  weekStart: string;
  reactivations: number;
  daysLeft: Record<DaysLeftBucket, number>;
  withinSevenDaysOfPurge: number;
  verificationFailures: number;
  reviewed: number;
  concerns: number;
}

export interface ReportAgentRow {
  agentId: string;
  agentName: string | null;
  reactivations: number;
  reviewed: number;
  /** reviewed / reactivations, 0..1; null when the agent reactivated nothing. */
  coverage: number | null;
  openConcerns: number;
  withinSevenDaysOfPurge: number;
  verificationFailures: number;
}

export async function reactivationReport(
  deps: ApiDeps,
  input: { from?: number | undefined; to?: number | undefined },
) {
  const now = deps.clock();
  const to = input.to ?? now + 1;
  const from = input.from ?? to - REPORT_DEFAULT_SPAN;
  if (from >= to) {
    throw new DomainError('INVALID_INPUT', 'The start of the report range must be before its end.');
  }
  const range = { from, to };
  const reactivations = await reactivationsByAgentWeek(deps.db.read, range);
  const failures = await verificationFailuresByStaffWeek(deps.db.read, range);

  const weeks = new Map<string, ReportWeekRow>();
  const rowFor = (agentId: string, week: string, weekStart: string) => {
    const key = `${agentId}|${week}`;
    let row = weeks.get(key);
    if (!row) {
      row = {
        agentId,
        agentName: null,
        week,
        weekStart,
        reactivations: 0,
        daysLeft: { '0-7': 0, '8-30': 0, '31-60': 0, '61-90': 0, '91-120': 0 },
        withinSevenDaysOfPurge: 0,
        verificationFailures: 0,
        reviewed: 0,
        concerns: 0,
      };
      weeks.set(key, row);
    }
    return row;
  };
  for (const r of reactivations) {
    const row = rowFor(r.agentId, r.week, r.weekStart);
    row.reactivations = r.reactivations;
    row.daysLeft = {
      '0-7': r.days0to7,
      '8-30': r.days8to30,
      '31-60': r.days31to60,
      '61-90': r.days61to90,
      '91-120': r.days91to120,
    };
    row.withinSevenDaysOfPurge = r.withinSevenDaysOfPurge;
    row.reviewed = r.reviewed;
    row.concerns = r.concerns;
  }
  for (const f of failures)
    rowFor(f.staffId, f.week, f.weekStart).verificationFailures = f.failures;

  const names = await staffNamesById(deps.db.read, [
    ...new Set([...weeks.values()].map((w) => w.agentId)),
  ]);
  const agents = new Map<string, ReportAgentRow>();
  for (const row of weeks.values()) {
    row.agentName = names.get(row.agentId)?.displayName ?? null;
    const agent = agents.get(row.agentId) ?? {
      agentId: row.agentId,
      agentName: row.agentName,
      reactivations: 0,
      reviewed: 0,
      coverage: null,
      openConcerns: 0,
      withinSevenDaysOfPurge: 0,
      verificationFailures: 0,
    };
    agent.reactivations += row.reactivations;
    agent.reviewed += row.reviewed;
    agent.openConcerns += row.concerns;
    agent.withinSevenDaysOfPurge += row.withinSevenDaysOfPurge;
    agent.verificationFailures += row.verificationFailures;
    agents.set(row.agentId, agent);
  }
  for (const agent of agents.values()) {
    agent.coverage = agent.reactivations === 0 ? null : agent.reviewed / agent.reactivations;
  }
  const byName = (a: { agentName: string | null; agentId: string }, b: typeof a) =>
    (a.agentName ?? a.agentId).localeCompare(b.agentName ?? b.agentId);
  // The individual reactivations behind the near-purge counts, for the lead to open first.
  const nearPurge = await nearPurgeReactivations(deps.db.read, {
    ...range,
    maxDaysLeft: 7,
    limit: NEAR_PURGE_LIMIT,
  });
  return {
    from,
    to,
    buckets: DAYS_LEFT_BUCKETS,
    nearPurge,
    weeks: [...weeks.values()].sort((a, b) => b.week.localeCompare(a.week) || byName(a, b)),
    agents: [...agents.values()].sort(byName),
  };
}
