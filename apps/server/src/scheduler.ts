import { type ApiDeps, type JobsReport, refreshOutboxBacklog, runJobsOnce } from '@lifeline/api';
import { findAuditHead } from '@lifeline/db';
import type { Logger } from 'pino';

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

/**
 * The in-process scheduler of SPEC §9: dunning, lockout expiry and purges every
 * `intervalSeconds` on the injected clock (0 turns it off: run `pnpm jobs:run-once` from cron
 * instead). Several server processes may each run one; the jobs re-check inside their
 * transactions, so a change is made once.
 */
export function startScheduler(deps: ApiDeps, intervalSeconds: number): Periodic {
  if (intervalSeconds <= 0) {
    deps.logger.info('scheduler off (SCHEDULER_INTERVAL_SECONDS=0)');
    return { stop: async () => {} };
  }
  let loggedHeadId = -1;
  return startPeriodic(
    'scheduler',
    intervalSeconds * 1000,
    async () => {
      const report = await runJobsOnce(deps, deps.clock());
      logReport(deps.logger, report);
      await refreshOutboxBacklog(deps);
      loggedHeadId = await recordAuditHead(deps, loggedHeadId);
    },
    deps.logger,
  );
}

/**
 * Writes the audit chain's head to the log when it has moved, and to the metrics. Shipped
 * elsewhere, those lines anchor the chain: events removed from its end (triggers bypassed with
 * direct access to the file) leave a chain that verifies but lacks a head that was logged.
 */
async function recordAuditHead(deps: ApiDeps, loggedHeadId: number): Promise<number> {
  const head = await findAuditHead(deps.db.read);
  const id = head?.id ?? 0;
  deps.metrics.auditHeadId.set(id);
  if (head && id !== loggedHeadId) deps.logger.info({ auditHead: head }, 'audit head');
  return id;
}

function logReport(logger: Logger, report: JobsReport): void {
  const changed = report.dunning + report.lockoutExpiry + report.purge + report.housekeeping;
  if (report.failed.length > 0) logger.warn({ jobs: report }, 'scheduler pass had failures');
  else if (changed > 0) logger.info({ jobs: report }, 'scheduler pass');
}
