import {
  type ApiDeps,
  checkWholeAuditChain,
  type JobsReport,
  refreshOutboxBacklog,
  runJobsOnce,
  signAuditCheckpoint,
} from '@lifeline/api';
import { findAuditHead, listHealthChecks, type SignedCheckpoint } from '@lifeline/db';
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

export interface AuditAnchoring {
  /** Where signed checkpoints are appended (AUDIT_CHECKPOINT_DIR). */
  checkpointDir: string;
  /** Hours between full walks of the chain; 0 never walks it (the CLI still can). */
  fullCheckHours: number;
}

/**
 * The in-process scheduler of SPEC §9: dunning, lockout expiry and purges every
 * `intervalSeconds` on the injected clock (0 turns it off: run `pnpm jobs:run-once` from cron
 * instead), then the audit chain's anchoring. Several server processes may each run one; the
 * jobs re-check inside their transactions, so a change is made once.
 */
export function startScheduler(
  deps: ApiDeps,
  intervalSeconds: number,
  anchoring: AuditAnchoring,
): Periodic {
  if (intervalSeconds <= 0) {
    deps.logger.info('scheduler off (SCHEDULER_INTERVAL_SECONDS=0)');
    return { stop: async () => {} };
  }
  return startPeriodic(
    'scheduler',
    intervalSeconds * 1000,
    async () => {
      const report = await runJobsOnce(deps, deps.clock());
      logReport(deps.logger, report);
      await refreshOutboxBacklog(deps);
      await anchorAuditChain(deps, anchoring);
    },
    deps.logger,
  );
}

/**
 * After a pass: check the events added since the last checkpoint and sign one for the head,
 * stored in the database, appended to the checkpoint folder and written to the log — three
 * places, two of them off the database, so a rewritten log cannot hide (SPEC §8). A broken
 * chain is never signed over: it is logged as an error. Then, when due, a full walk.
 */
export async function anchorAuditChain(
  deps: ApiDeps,
  anchoring: AuditAnchoring,
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
    appendCheckpoint(anchoring.checkpointDir, pass.checkpoint);
    deps.logger.info({ auditCheckpoint: pass.checkpoint }, 'audit checkpoint');
  }
  if (await fullCheckDue(deps, anchoring.fullCheckHours)) {
    const report = await checkWholeAuditChain(deps);
    if (report.ok) deps.logger.info({ checked: report.checked }, 'audit chain: full check passed');
    else
      deps.logger.error(
        { checked: report.checked, problems: report.problems.map((p) => p.message) },
        'audit chain: full check failed',
      );
  }
  return pass.checkpoint;
}

async function fullCheckDue(deps: ApiDeps, hours: number): Promise<boolean> {
  if (hours <= 0) return false;
  const last = (await listHealthChecks(deps.db.read)).find((c) => c.name === 'audit_chain');
  return last === undefined || deps.clock() - last.checkedAt >= hours * HOUR;
}

function logReport(logger: Logger, report: JobsReport): void {
  const changed = report.dunning + report.lockoutExpiry + report.purge + report.housekeeping;
  if (report.failed.length > 0) logger.warn({ jobs: report }, 'scheduler pass had failures');
  else if (changed > 0) logger.info({ jobs: report }, 'scheduler pass');
}
