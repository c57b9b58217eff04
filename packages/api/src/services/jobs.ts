import {
  appendAuditEvent,
  countOutboxBacklog,
  deleteExpiredRows,
  EXPIRING_ROWS,
  type ExpiringRows,
  erasePurgedAccount,
  findAccountFacts,
  findLoginLockFacts,
  identifierHash,
  listDunningDueAccountIds,
  listExpiredLockLoginIds,
  listPurgeDueAccountIds,
  loadPurgeSubject,
  pruneWebhookLog,
  type ScanPage,
  updateAccountAtVersion,
  writeExpiredLock,
} from '@lifeline/db';
import {
  DAY,
  DUNNING_LENGTH,
  dunningTransition,
  effectivePurgeAfter,
  expireLock,
  isPurgeDue,
  normaliseIdentifier,
  PURGE_MARGIN,
  WEBHOOK_LOG_RETENTION,
} from '@lifeline/domain';
import type { ApiDeps } from '../deps.ts';

/**
 * The background work of SPEC §9: dunning, lockout expiry and purges, decided by the domain;
 * then housekeeping of rows that only serve a short window.
 * Each change is one IMMEDIATE transaction that re-reads its row and skips it when it is no
 * longer due, with its audit event (staff 'system') in the same transaction. That makes every
 * job idempotent and safe to run from several processes, or from the CLI while a server runs.
 */

export const SYSTEM_STAFF_ID = 'system';
export const JOB_NAMES = ['dunning', 'lockout_expiry', 'purge', 'housekeeping'] as const;
export type JobName = (typeof JOB_NAMES)[number];

export interface JobsReport {
  /** Accounts moved from limited to deactivated. */
  dunning: number;
  /** Temporary locks cleared. */
  lockoutExpiry: number;
  /** Accounts replaced by a tombstone. */
  purge: number;
  /**
   * Expired technical rows deleted (replays, sign-in attempts, sessions, codes, links, and
   * webhook events with their deliveries past their retention).
   */
  housekeeping: number;
  /** Jobs that met an error (logged) this pass; the others still ran. Counts stay exact. */
  failed: JobName[];
}

export interface RunJobsOptions {
  /** Candidates read per scan query. */
  batchSize?: number;
}

const DEFAULT_BATCH = 200;
/** Rows housekeeping deletes per transaction: short enough never to hold the writer long. */
const HOUSEKEEPING_BATCH = 1000;

/**
 * How long each kind of short-lived row is kept, counted from the time its index holds (created
 * for replays and attempts, expiry for sessions, codes and links). Each is far longer than the
 * window it serves — an action's replay, the 15-minute sign-in throttle, the 12-hour session,
 * the hourly limits on codes and links — and short enough that the tables stay small. Sign-in
 * attempts stay a month so a lead can look into a brute force after the fact.
 */
export const RETENTION: Record<ExpiringRows, number> = {
  idempotency_keys: 7 * DAY,
  sign_in_attempts: 30 * DAY,
  staff_sessions: 7 * DAY,
  verification_codes: DAY,
  password_reset_tokens: DAY,
};
/** Errors on single rows a job tolerates (each logged) before it gives up for this pass. */
const MAX_ROW_ERRORS = 10;

interface JobRun {
  job: JobName;
  deps: ApiDeps;
  now: number;
  batchSize: number;
  changed: number;
  rowErrors: number;
}

/** Runs every job once at `now`, in an order where a dunning deactivation can be purged too. */
export async function runJobsOnce(
  deps: ApiDeps,
  now: number,
  options: RunJobsOptions = {},
): Promise<JobsReport> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const report: JobsReport = {
    dunning: 0,
    lockoutExpiry: 0,
    purge: 0,
    housekeeping: 0,
    failed: [],
  };
  const jobs: Array<[JobName, (run: JobRun) => Promise<void>, keyof Omit<JobsReport, 'failed'>]> = [
    ['dunning', runDunning, 'dunning'],
    ['lockout_expiry', runLockoutExpiry, 'lockoutExpiry'],
    ['purge', runPurge, 'purge'],
    ['housekeeping', runHousekeeping, 'housekeeping'],
  ];
  for (const [job, work, key] of jobs) {
    const run: JobRun = { job, deps, now, batchSize, changed: 0, rowErrors: 0 };
    let failed = false;
    try {
      await work(run);
      failed = run.rowErrors > 0;
    } catch (error) {
      // One job's failure (a locked database, a bug) must not keep the others from running.
      failed = true;
      deps.logger.error({ err: error, job }, 'scheduled job stopped');
    }
    report[key] = run.changed;
    if (failed) report.failed.push(job);
    deps.metrics.jobRuns.inc({ job, outcome: failed ? 'failed' : 'succeeded' });
    if (run.changed > 0) deps.metrics.jobChanges.inc({ job }, run.changed);
  }
  return report;
}

/**
 * Walks candidate ids page by page and applies `change` to each, counting the changes. A row
 * whose change throws is logged and skipped, so one bad row cannot hold back every row after
 * it; too many such errors end the job for this pass.
 */
async function forEachCandidate(
  run: JobRun,
  list: (page: ScanPage) => Promise<string[]>,
  change: (id: string) => Promise<boolean>,
): Promise<void> {
  let afterId = '';
  for (;;) {
    const ids = await list({ afterId, limit: run.batchSize });
    for (const id of ids) {
      try {
        if (await change(id)) run.changed += 1;
      } catch (error) {
        run.rowErrors += 1;
        run.deps.logger.error({ err: error, job: run.job, id }, 'scheduled change failed');
        if (run.rowErrors >= MAX_ROW_ERRORS) throw new Error(`${run.job}: too many errors`);
      }
    }
    const last = ids.at(-1);
    if (last === undefined || ids.length < run.batchSize) return;
    afterId = last;
  }
}

async function runDunning(run: JobRun): Promise<void> {
  const { deps, now } = run;
  const { db } = deps;
  await forEachCandidate(
    run,
    (page) => listDunningDueAccountIds(db.read, now - DUNNING_LENGTH, page),
    (accountId) =>
      db.transaction(async (tx) => {
        const account = await findAccountFacts(tx, accountId);
        if (!account) return false;
        const changes = dunningTransition(account, now);
        if (!changes) return false;
        const version = await updateAccountAtVersion(tx, {
          accountId,
          expectedVersion: account.version,
          changes,
        });
        if (version === null) return false;
        await appendAuditEvent(tx, {
          at: now,
          staffId: SYSTEM_STAFF_ID,
          action: 'job.dunning',
          outcome: 'succeeded',
          accountId,
          details: {
            paymentFailedAt: account.paymentFailedAt,
            before: {
              status: account.status,
              deactivatedAt: account.deactivatedAt,
              deactivationReason: account.deactivationReason,
              purgeAfter: account.purgeAfter,
              version: account.version,
            },
            after: { ...changes, version },
          },
        });
        return true;
      }),
  );
}

async function runLockoutExpiry(run: JobRun): Promise<void> {
  const { deps, now } = run;
  const { db } = deps;
  await forEachCandidate(
    run,
    (page) => listExpiredLockLoginIds(db.read, now, page),
    (loginId) =>
      db.transaction(async (tx) => {
        const login = await findLoginLockFacts(tx, loginId);
        if (!login || login.lockedUntil === null) return false;
        const expired = expireLock(login, now);
        if (!expired) return false;
        const written = await writeExpiredLock(tx, {
          loginId,
          seenLockedUntil: login.lockedUntil,
          fields: expired,
        });
        if (!written) return false;
        // One event per login: each login's timeline shows when its lock ended.
        await appendAuditEvent(tx, {
          at: now,
          staffId: SYSTEM_STAFF_ID,
          action: 'job.lockout_expiry',
          outcome: 'succeeded',
          accountId: login.accountId,
          loginId,
          details: {
            before: {
              lockedUntil: login.lockedUntil,
              failedAttempts: login.failedAttempts,
              firstFailedAt: login.firstFailedAt,
            },
            after: {
              lockedUntil: expired.lockedUntil,
              failedAttempts: expired.failedAttempts,
              firstFailedAt: expired.firstFailedAt,
            },
            lockoutCount: expired.lockoutCount,
          },
        });
        return true;
      }),
  );
}

async function runPurge(run: JobRun): Promise<void> {
  const { deps, now } = run;
  const { db, identifierHashKey } = deps;
  await forEachCandidate(
    run,
    // The scan is a superset (purgeAfter < now − margin); the domain's isPurgeDue decides.
    (page) => listPurgeDueAccountIds(db.read, now - PURGE_MARGIN, page),
    (accountId) =>
      db.transaction(async (tx) => {
        const subject = await loadPurgeSubject(tx, accountId);
        if (subject?.status !== 'deactivated') return false;
        const purgeAfter = effectivePurgeAfter(subject);
        if (purgeAfter === null || !isPurgeDue(purgeAfter, now)) return false;
        const identifiers = new Set([
          ...subject.loginIdentifiers,
          normaliseIdentifier(subject.contactEmail),
        ]);
        const counts = await erasePurgedAccount(tx, {
          subject,
          identifierHashes: [...identifiers].map((id) => identifierHash(identifierHashKey, id)),
          purgedAt: now,
        });
        // Counts and dates only: the identifiers are gone, the audit must not keep them either.
        await appendAuditEvent(tx, {
          at: now,
          staffId: SYSTEM_STAFF_ID,
          action: 'job.purge',
          outcome: 'succeeded',
          accountId,
          details: {
            deactivatedAt: subject.deactivatedAt,
            deactivationReason: subject.deactivationReason,
            purgeAfter,
            erased: counts,
          },
        });
        return true;
      }),
  );
}

/**
 * Deletes short-lived rows past their retention, oldest first, in bounded transactions. Not
 * audited: these rows are the machinery of throttles and replays, not customer data or staff
 * actions, and what they protected is in the audit already.
 */
async function runHousekeeping(run: JobRun): Promise<void> {
  const { deps, now } = run;
  for (const kind of EXPIRING_ROWS) {
    const before = now - RETENTION[kind];
    for (;;) {
      const batch = await deps.db.transaction((tx) =>
        deleteExpiredRows(tx, kind, before, HOUSEKEEPING_BATCH),
      );
      run.changed += batch.deleted;
      if (!batch.more) break;
    }
  }
  // The webhook delivery log: events whose deliveries all settled more than a retention ago.
  for (;;) {
    const batch = await deps.db.transaction((tx) =>
      pruneWebhookLog(tx, now - WEBHOOK_LOG_RETENTION, HOUSEKEEPING_BATCH),
    );
    run.changed += batch.deleted;
    if (!batch.more) break;
  }
}

/** The outbox backlog gauge: emails not delivered yet, by status. */
export async function refreshOutboxBacklog(deps: ApiDeps): Promise<void> {
  const backlog = await countOutboxBacklog(deps.db.read);
  deps.metrics.outboxBacklog.set({ status: 'pending' }, backlog.pending);
  deps.metrics.outboxBacklog.set({ status: 'failed' }, backlog.failed);
}
