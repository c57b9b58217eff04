import {
  type ApiDeps,
  checkWholeAuditChain,
  type JobsReport,
  refreshOutboxBacklog,
  runJobsOnce,
  signAuditCheckpoint,
} from '@lifeline/api';
import {
  checkIntegrityOffThread,
  findAuditHead,
  listHealthChecks,
  type SignedCheckpoint,
} from '@lifeline/db';
import { HOUR } from '@lifeline/domain';
import type { Logger } from 'pino';
import { appendCheckpoint } from './audit/checkpoint-folder.ts';

export interface Periodic {
  /** Stops scheduling and resolves once a pass in progress has finished. */
  stop(): Promise<void>;
}

/**
 * Runs `pass` now and then `intervalMs` after each pass ends, so passes never overlap however
 * long one takes. A pass that throws is logged and the next one still comes. Timers are
 * unref'd: they never keep a process alive on their own.
 */
export function startPeriodic(
  name: string,
  intervalMs: number,
  pass: () => Promise<void>,
  logger: Logger,
): Periodic {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let stopped = false;

  const tick = () => {
    timer = undefined;
    running = pass()
      .catch((error: unknown) => logger.error({ err: error, task: name }, 'background pass failed'))
      .finally(() => {
        running = null;
        if (!stopped) {
          timer = setTimeout(tick, intervalMs);
          timer.unref();
        }
      });
  };
  timer = setTimeout(tick, 0);
  timer.unref();

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

export interface Upkeep {
  /** Where signed checkpoints are appended (AUDIT_CHECKPOINT_DIR). */
  checkpointDir: string;
  /** Hours between the slow checks (integrity, whole audit chain); 0 never runs them. */
  fullCheckHours: number;
}

/**
 * The in-process scheduler of SPEC §9: dunning, lockout expiry and purges every
 * `intervalSeconds` on the injected clock (0 turns it off: run `pnpm jobs:run-once` from cron
 * instead), then the audit chain's checkpoint and, when due, the slow checks. Several server
 * processes may each run one; the jobs re-check inside their transactions, so a change is made
 * once, and checkpoints never fork.
 */
export function startScheduler(deps: ApiDeps, intervalSeconds: number, upkeep: Upkeep): Periodic {
  if (intervalSeconds <= 0) {
    deps.logger.info('scheduler off (SCHEDULER_INTERVAL_SECONDS=0)');
    return { stop: async () => {} };
  }
  return startPeriodic(
    'scheduler',
    intervalSeconds * 1000,
    async () => {
      // With several servers on one PostgreSQL database, one of them runs each pass.
      const ran = await deps.db.exclusively('scheduler', async () => {
        const report = await runJobsOnce(deps, deps.clock());
        logReport(deps.logger, report);
        await anchorAuditChain(deps, upkeep.checkpointDir);
        await runSlowChecksIfDue(deps, upkeep.fullCheckHours);
      });
      if (ran === null) deps.logger.debug('scheduler pass skipped: another server runs it');
      await refreshOutboxBacklog(deps);
    },
    deps.logger,
  );
}

/**
 * After a pass: check the events added since the last checkpoint and sign one for the head,
 * stored in the database, appended to the checkpoint folder and written to the log — three
 * places, two of them off the database, so a rewritten log cannot hide (SPEC §8). A broken
 * chain is never signed over: it is logged as an error.
 */
export async function anchorAuditChain(
  deps: ApiDeps,
  checkpointDir: string,
): Promise<SignedCheckpoint | null> {
  const head = await findAuditHead(deps.db.read);
  deps.metrics.auditHeadId.set(head?.id ?? 0);
  const pass = await signAuditCheckpoint(deps);
  if (pass.problems.length > 0) {
    deps.logger.error(
      { problems: pass.problems.map((p) => p.message) },
      'audit chain does not check out: no checkpoint signed',
    );
  }
  if (pass.checkpoint) {
    appendCheckpoint(checkpointDir, pass.checkpoint);
    deps.logger.info({ auditCheckpoint: pass.checkpoint }, 'audit checkpoint');
  }
  return pass.checkpoint;
}

/**
 * The checks too slow for a request, each when its last result (kept in the database, so
 * servers share it) is older than `hours`: the database's integrity on a worker thread, and a
 * walk of the whole audit chain that hands the event loop back between pages. Readiness and
 * the Audit page report their results.
 */
export async function runSlowChecksIfDue(deps: ApiDeps, hours: number): Promise<void> {
  if (hours <= 0) return;
  const last = new Map((await listHealthChecks(deps.db.read)).map((c) => [c.name, c.checkedAt]));
  const due = (name: 'integrity' | 'audit_chain') => {
    const at = last.get(name);
    return at === undefined || deps.clock() - at >= hours * HOUR;
  };
  // SQLite's quick_check on a worker thread; PostgreSQL's own checksums and its operator's
  // tooling (amcheck, backups verified by restore) cover a server database.
  if (deps.db.engine === 'sqlite' && due('integrity')) {
    try {
      const result = await checkIntegrityOffThread(deps.db, deps.clock);
      if (result.ok) deps.logger.info({ ms: result.durationMs }, 'database integrity check passed');
      else deps.logger.error({ problems: result.problems }, 'database integrity check failed');
    } catch (error) {
      deps.logger.error({ err: error }, 'database integrity check could not run');
    }
  }
  if (due('audit_chain')) {
    const report = await checkWholeAuditChain(deps);
    if (report.ok) deps.logger.info({ checked: report.checked }, 'audit chain: full check passed');
    else
      deps.logger.error(
        { checked: report.checked, problems: report.problems.map((p) => p.message) },
        'audit chain: full check failed',
      );
  }
}

function logReport(logger: Logger, report: JobsReport): void {
  const changed = report.dunning + report.lockoutExpiry + report.purge + report.housekeeping;
  if (report.failed.length > 0) logger.warn({ jobs: report }, 'scheduler pass had failures');
  else if (changed > 0) logger.info({ jobs: report }, 'scheduler pass');
}
