import { Worker } from 'node:worker_threads';
import type { LifelineDb } from './client.ts';
import { recordHealthCheck } from './repositories/health.ts';

/** Problems kept from one check: enough to start with, small enough for a health row. */
export const MAX_INTEGRITY_PROBLEMS = 20;

const WORKER = new URL('./integrity-check.worker.ts', import.meta.url);

export interface IntegrityCheckResult {
  ok: boolean;
  /** What `PRAGMA quick_check` reported, at most MAX_INTEGRITY_PROBLEMS lines. */
  problems: string[];
  /** When the result was recorded, on `clock`. */
  checkedAt: number;
  durationMs: number;
}

/**
 * `PRAGMA quick_check` of the whole file — seconds on a large database — on a worker thread
 * with its own read-only connection, so this thread's event loop goes on serving; then its
 * result is recorded (`health_checks`, name `integrity`) for readiness to report. Rejects,
 * recording nothing, when the check could not run at all (the file unreadable, the worker
 * gone); damage SQLite reports is a result, `ok: false`.
 */
export async function checkIntegrityOffThread(
  db: LifelineDb,
  clock: () => number = Date.now,
): Promise<IntegrityCheckResult> {
  const started = performance.now();
  const problems = await quickCheckInWorker(db.path);
  const result: IntegrityCheckResult = {
    ok: problems.length === 0,
    problems,
    checkedAt: clock(),
    durationMs: Math.round(performance.now() - started),
  };
  await db.transaction((tx) =>
    recordHealthCheck(tx, {
      name: 'integrity',
      checkedAt: result.checkedAt,
      ok: result.ok,
      detail: { problems: result.problems, durationMs: result.durationMs },
    }),
  );
  return result;
}

function quickCheckInWorker(path: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, {
      workerData: { path, maxProblems: MAX_INTEGRITY_PROBLEMS },
    });
    let answered = false;
    worker.once('message', (message: { problems: string[] }) => {
      answered = true;
      resolve(message.problems.slice(0, MAX_INTEGRITY_PROBLEMS));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!answered)
        reject(new Error(`the integrity check stopped (exit code ${code}) unanswered`));
    });
  });
}
