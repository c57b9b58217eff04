import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

// The worker of checkIntegrityOffThread: a read-only connection of its own (better-sqlite3
// connections belong to the thread that opened them), the check, its problems posted back.

const { path, maxProblems } = workerData as { path: string; maxProblems: number };

function quickCheck(): string[] {
  const connection = new Database(path, { readonly: true, fileMustExist: true });
  try {
    // Blocking here blocks this worker only.
    connection.pragma('busy_timeout = 5000');
    const rows = connection.pragma(`quick_check(${Number(maxProblems)})`) as Array<{
      quick_check: string;
    }>;
    // One row per problem, or one row of lines under a "*** in database main ***" heading.
    return rows
      .flatMap((row) => row.quick_check.split('\n'))
      .filter((line) => line !== 'ok' && !line.startsWith('*** '));
  } catch (error) {
    // A page SQLite cannot even read is a finding, not a failure to check.
    const code = String((error as { code?: unknown }).code);
    if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
      return [`${code}: ${(error as Error).message}`];
    }
    throw error;
  } finally {
    connection.close();
  }
}

parentPort?.postMessage({ problems: quickCheck().slice(0, maxProblems) });
