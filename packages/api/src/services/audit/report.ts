import {
  nearPurgeReactivations,
  reactivationsByAgentWeek,
  staffNamesById,
  verificationFailuresByStaffWeek,
} from '@lifeline/db';
import { DAY, DomainError, NEAR_PURGE_DAYS } from '@lifeline/domain';
import type { ApiDeps } from '../../deps.ts';

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
    maxDaysLeft: NEAR_PURGE_DAYS,
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
