import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BenchReport, LoadResult, PairResult } from './run.ts';

/** Whether any process is left in the process group `pgid`. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function groupGone(pgid: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (groupAlive(pgid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

/**
 * `pnpm bench` with `args`, in a process group of its own and with a temp folder of its own
 * (TMPDIR: the bench's files, the embedded PostgreSQL's data folder). However the run ends,
 * nothing of it stays: on a timeout it is asked to stop (SIGTERM: it kills its servers and
 * stops PostgreSQL), then the whole group is killed and the folder removed. Resolves with
 * whether the run had cleaned up after itself (no process left, the folder empty).
 */
async function runBench(
  args: string[],
  timeoutMs: number,
): Promise<{ processesLeft: boolean; filesLeft: string[] }> {
  const tmp = mkdtempSync(join(tmpdir(), 'lifeline-bench-test-'));
  // As root the embedded PostgreSQL runs as `postgres`, which must reach its data folder here.
  chmodSync(tmp, 0o755);
  const child = spawn(process.execPath, [resolve(import.meta.dirname, 'run.ts'), ...args], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, TMPDIR: tmp },
  });
  const pgid = child.pid ?? 0;
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-6000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    const code = await Promise.race([
      exited,
      new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeoutMs)),
    ]);
    if (code === 'timeout') {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 30_000))]);
      throw new Error(`pnpm bench ${args.join(' ')} took over ${timeoutMs} ms:\n${stderr}`);
    }
    if (code !== 0) throw new Error(`pnpm bench ${args.join(' ')} exited ${code}:\n${stderr}`);
    return { processesLeft: !(await groupGone(pgid, 10_000)), filesLeft: readdirSync(tmp) };
  } finally {
    if (pgid && groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
    rmSync(tmp, { recursive: true, force: true });
  }
}

function expectClean(load: LoadResult) {
  expect(load.totalRequests).toBeGreaterThan(0);
  expect(load.non2xx + load.errors + load.timeouts).toBe(0);
  expect(load.latency.p99).toBeGreaterThanOrEqual(load.latency.p50);
}

function expectPair(pair: PairResult | undefined, servers: number, rounds: number) {
  expect(pair?.servers).toBe(servers);
  expect(pair?.rounds).toHaveLength(rounds);
  for (const round of pair?.rounds ?? []) {
    expectClean(round.lifeline);
    expectClean(round.raw);
    expect(round.ratio).toBeGreaterThan(0);
  }
  expect(pair?.ratio.median).toBeGreaterThan(0);
  expect(pair?.ratio.min).toBeLessThanOrEqual(pair?.ratio.median ?? 0);
  expect(pair?.ratio.max).toBeGreaterThanOrEqual(pair?.ratio.median ?? 0);
}

// The benchmark's own smoke test: the same code as `pnpm bench`, small and short, asserting
// only that it produces a well-formed report (speed claims belong in the report, not here).
describe('pnpm bench (quick run)', () => {
  const out = mkdtempSync(join(tmpdir(), 'lifeline-bench-out-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('seeds, loads the real server and the raw baseline, and writes latest.json and latest.md', async () => {
    const sqliteOut = join(out, 'sqlite');
    const run = await runBench(
      [
        '--accounts',
        '50000',
        '--duration',
        '5',
        '--warmup',
        '1',
        '--rates',
        '50,200',
        '--open-loop-duration',
        '1',
        '--open-loop-rounds',
        '2',
        '--first-load-runs',
        '1',
        '--skip-web-build',
        '--out',
        sqliteOut,
      ],
      240_000,
    );
    expect(run).toEqual({ processesLeft: false, filesLeft: [] });
    const report = JSON.parse(readFileSync(join(sqliteOut, 'latest.json'), 'utf8')) as BenchReport;
    expect(report.seeding.accounts).toBeGreaterThanOrEqual(50_000);
    expect(report.seeding.accountsPerSecond).toBeGreaterThan(0);
    for (const load of [report.diagnose, report.rawBaseline, report.search]) expectClean(load);
    expect(report.diagnoseRatioToRaw).toBeGreaterThan(0);
    expect(report.reactivate.reactivations).toBeGreaterThan(0);
    expect(report.reactivate.auditEvents).toBe(report.reactivate.reactivations);
    expect(report.reactivate.outboxEmails).toBeGreaterThanOrEqual(report.reactivate.reactivations);
    expect(report.serverPeakRssMiB).toBeGreaterThan(0);
    expect(report.machine.node).toMatch(/^v26\./);
    // The default run is SQLite only, its report as before.
    expect(report.postgres).toBeUndefined();
    expect(report.parameters.engine).toBeUndefined();
    const markdown = readFileSync(join(sqliteOut, 'latest.md'), 'utf8');
    expect(markdown).toContain('diagnose ÷ raw');
    expect(markdown).toContain('accounts/s');
    expect(markdown).not.toContain('PostgreSQL');
    // The open loop: both rates, each side on its timetable, and the goal line with its factor.
    const openLoop = report.openLoop;
    expect(openLoop).toMatchObject({ durationSeconds: 1, rounds: 2 });
    expect(openLoop?.rates.map((r) => r.rate)).toEqual([50, 200]);
    for (const rate of openLoop?.rates ?? []) {
      for (const side of [rate.lifeline, rate.raw]) {
        expect(side.sent).toBe(rate.rate * 2);
        expect(side.completed).toBe(side.sent);
        expect(side.non2xx + side.errors + side.timeouts).toBe(0);
        expect(side.latency.p99).toBeGreaterThanOrEqual(side.latency.p50);
        expect(side.latency.p99_9).toBeGreaterThanOrEqual(side.latency.p99);
      }
      expect(rate.p99Factor.merged).toBeGreaterThan(0);
    }
    expect(openLoop?.goal.factor).toBe(openLoop?.rates[1]?.p99Factor.merged);
    expect(markdown).toContain('fixed arrival rates (open loop');
    expect(markdown).toMatch(/Goal: at 200 req\/s, diagnose p99 within 2× the raw p99: \d+\.\d\d×/);
    // The console's first load: measured when the web app is built (not built: not reported).
    if (report.webFirstLoad) {
      expect(report.webFirstLoad.initialJsGzipKiB).toBeGreaterThan(0);
      expect(markdown).toContain("The console's first load");
    }
  }, 300_000);

  it('--engine postgres adds PostgreSQL with 1 and 2 servers, interleaved with their raw baselines, and leaves nothing behind', async () => {
    const pgOut = join(out, 'postgres');
    const run = await runBench(
      [
        '--engine',
        'postgres',
        '--accounts',
        '5000',
        '--duration',
        '2',
        '--rounds',
        '2',
        '--warmup',
        '1',
        '--rates',
        '20',
        '--open-loop-duration',
        '1',
        '--open-loop-rounds',
        '1',
        '--first-load-runs',
        '0',
        '--skip-web-build',
        '--out',
        pgOut,
      ],
      240_000,
    );
    // Every server, load and PostgreSQL process ended, the data folder and temp files removed.
    expect(run).toEqual({ processesLeft: false, filesLeft: [] });
    const report = JSON.parse(readFileSync(join(pgOut, 'latest.json'), 'utf8')) as BenchReport;
    expect(report.parameters).toMatchObject({ engine: 'postgres', rounds: 2 });
    expect(report.machine.postgres).toMatch(/^\d+/);
    expectPair(report.sqlitePair, 1, 2);
    const pg = report.postgres;
    expectPair(pg?.one, 1, 2);
    expectPair(pg?.two, 2, 2);
    expect(pg?.seeding.accounts).toBeGreaterThanOrEqual(5000);
    expect(pg?.seeding.databaseMiB).toBeGreaterThan(0);
    expect(pg?.pools.raw).toBe(pg?.pools.serverRead);
    if (pg) expectClean(pg.search);
    // Writes through both servers into one database: each audited once, the chain intact.
    expect(pg?.reactivate.servers).toBe(2);
    expect(pg?.reactivate.reactivations).toBeGreaterThan(0);
    expect(pg?.reactivate.auditEvents).toBe(pg?.reactivate.reactivations);
    expect(pg?.reactivate.outboxEmails).toBeGreaterThanOrEqual(pg?.reactivate.reactivations ?? 1);
    expect(pg?.reactivate.auditChainOk).toBe(true);
    expect(pg?.serverPeakRssMiB).toBeGreaterThan(0);
    // The open loop on both engines, at the one rate asked for.
    for (const openLoop of [report.openLoop, pg?.openLoop]) {
      expect(openLoop?.rates.map((r) => r.rate)).toEqual([20]);
      expect(openLoop?.rates[0]?.lifeline.completed).toBe(20);
      expect(openLoop?.rates[0]?.raw.completed).toBe(20);
    }
    const markdown = readFileSync(join(pgOut, 'latest.md'), 'utf8');
    expect(markdown).toContain('diagnose ÷ raw');
    expect(markdown).toMatch(/\| SQLite \| 1 \| [\d,]+ \|/);
    expect(markdown).toMatch(/\| PostgreSQL \| 1 \| [\d,]+ \|/);
    expect(markdown).toMatch(/\| PostgreSQL \| 2 \| [\d,]+ \|/);
    expect(markdown).toContain(`PostgreSQL ${report.machine.postgres}`);
    expect(markdown).toContain('fixed arrival rates (open loop, SQLite)');
    expect(markdown).toContain('fixed arrival rates (open loop, PostgreSQL, 1 server)');
  }, 300_000);
});
