// What every part of the bench shares: the child processes it starts (and kills however the
// run ends), the load runs (one process each), the interleaved Lifeline-vs-raw pairs, and the
// cleanups that must happen even when a step fails or the run is interrupted.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadSpec } from './load.ts';
import type { OpenLoopRun, OpenLoopSpec } from './open-loop.ts';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const NODE = process.execPath;

export interface LoadResult {
  requestsPerSecond: number;
  totalRequests: number;
  latency: { p50: number; p97_5: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

export function log(message: string) {
  process.stderr.write(`[bench] ${message}\n`);
}

const children = new Set<ChildProcess>();
const cleanups: Array<() => unknown> = [];

/** Runs at the end of the run, last registered first, after every child process is killed. */
export function onCleanup(cleanup: () => unknown): void {
  cleanups.push(cleanup);
}

let cleaning: Promise<void> | undefined;

/** Kills every child still running (servers, raw servers, loads), then runs the cleanups. */
export function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        log(`cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  })();
  return cleaning;
}

/**
 * Starts a process whose output goes to a log file (never a pipe: the bench waits while the
 * load runs, and a full pipe would stall the server's logging) and waits for `match` in it.
 */
export async function startListening(
  args: string[],
  env: Record<string, string>,
  match: RegExp,
  logPath: string,
): Promise<{ child: ChildProcess; value: string }> {
  const out = openSync(logPath, 'w');
  const child = spawn(NODE, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', out, out],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  closeSync(out);
  for (;;) {
    const output = readFileSync(logPath, 'utf8');
    const found = output.match(match);
    if (found?.[1]) return { child, value: found[1] };
    if (child.exitCode !== null)
      throw new Error(`${args.join(' ')} exited with ${child.exitCode}:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** One autocannon run from a process of its own (load.ts). */
export function runLoad(spec: LoadSpec, dir: string, name: string): Promise<LoadResult> {
  const specPath = join(dir, `${name}.json`);
  writeFileSync(specPath, JSON.stringify(spec));
  return new Promise((resolve, reject) => {
    const child = execFile(
      NODE,
      [join(ROOT, 'bench/src/load.ts'), specPath],
      { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        children.delete(child);
        if (error) reject(new Error(`load ${name} failed: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as LoadResult);
      },
    );
    children.add(child);
  });
}

/** One open-loop run from a process of its own (open-loop.ts). */
export function runOpenLoopLoad(
  spec: OpenLoopSpec,
  dir: string,
  name: string,
): Promise<OpenLoopRun> {
  const specPath = join(dir, `${name}.json`);
  writeFileSync(specPath, JSON.stringify(spec));
  return new Promise((resolve, reject) => {
    const child = execFile(
      NODE,
      [join(ROOT, 'bench/src/open-loop.ts'), specPath],
      { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        children.delete(child);
        if (error) reject(new Error(`open-loop ${name} failed: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as OpenLoopRun);
      },
    );
    children.add(child);
  });
}

/**
 * Several loads at once, one process each (one per server): their req/s and requests add up,
 * failures too; each latency percentile is the worse of theirs (percentiles of two runs do
 * not combine exactly, and the worse one is the honest bound).
 */
export async function runLoads(specs: LoadSpec[], dir: string, name: string): Promise<LoadResult> {
  if (specs.length === 1 && specs[0]) return runLoad(specs[0], dir, name);
  const results = await Promise.all(
    specs.map((spec, index) => runLoad(spec, dir, `${name}-${index + 1}`)),
  );
  return combineConcurrent(results);
}

export function combineConcurrent(results: LoadResult[]): LoadResult {
  const sum = (pick: (result: LoadResult) => number) =>
    results.reduce((total, result) => total + pick(result), 0);
  const worst = (pick: (result: LoadResult) => number) => Math.max(...results.map(pick));
  return {
    requestsPerSecond: sum((r) => r.requestsPerSecond),
    totalRequests: sum((r) => r.totalRequests),
    latency: {
      p50: worst((r) => r.latency.p50),
      p97_5: worst((r) => r.latency.p97_5),
      p99: worst((r) => r.latency.p99),
      max: worst((r) => r.latency.max),
    },
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
  };
}

/** `total` connections split as evenly as possible over `parts` load processes. */
export function splitConnections(total: number, parts: number): number[] {
  return Array.from(
    { length: parts },
    (_, index) => Math.floor(total / parts) + (index < total % parts ? 1 : 0),
  );
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * Rounds of one side summed up: req/s and each latency percentile the median over rounds,
 * requests and failures the totals of all rounds.
 */
export function medianOfRounds(results: LoadResult[]): LoadResult {
  const mid = (pick: (result: LoadResult) => number) => median(results.map(pick));
  const sum = (pick: (result: LoadResult) => number) =>
    results.reduce((total, result) => total + pick(result), 0);
  return {
    requestsPerSecond: mid((r) => r.requestsPerSecond),
    totalRequests: sum((r) => r.totalRequests),
    latency: {
      p50: mid((r) => r.latency.p50),
      p97_5: mid((r) => r.latency.p97_5),
      p99: mid((r) => r.latency.p99),
      max: Math.max(...results.map((r) => r.latency.max)),
    },
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
  };
}

const round2 = (value: number) => Math.round(value * 100) / 100;

export interface PairRound {
  lifeline: LoadResult;
  raw: LoadResult;
  /** lifeline req/s ÷ raw req/s in this round. */
  ratio: number;
}

export interface PairResult {
  /** What the row stands for: 'SQLite', 'PostgreSQL ×1', … */
  label: string;
  engine: 'sqlite' | 'postgres';
  /** Lifeline server processes (and raw server processes: as many). */
  servers: number;
  rounds: PairRound[];
  /** Median over rounds (medianOfRounds). */
  lifeline: LoadResult;
  raw: LoadResult;
  /** The per-round ratios: their median, lowest and highest. */
  ratio: { median: number; min: number; max: number };
}

/**
 * Lifeline and its raw baseline measured in turn, A B A B…, `rounds` times each, both sides'
 * servers running throughout and only one side loaded at a time: a busy machine's slow spell
 * falls on both sides rather than on one. Each side gets one warm-up run first.
 */
export async function interleavedPair(options: {
  label: string;
  engine: 'sqlite' | 'postgres';
  lifeline: LoadSpec[];
  raw: LoadSpec[];
  rounds: number;
  warmupSeconds: number;
  dir: string;
  name: string;
}): Promise<PairResult> {
  const { lifeline, raw, dir, name } = options;
  if (options.warmupSeconds > 0) {
    const warm = (specs: LoadSpec[]) =>
      specs.map((spec) => ({ ...spec, durationSeconds: options.warmupSeconds }));
    await runLoads(warm(lifeline), dir, `${name}-warmup`);
    await runLoads(warm(raw), dir, `${name}-raw-warmup`);
  }
  const rounds: PairRound[] = [];
  for (let round = 1; round <= options.rounds; round += 1) {
    const a = await runLoads(lifeline, dir, `${name}-${round}`);
    const b = await runLoads(raw, dir, `${name}-raw-${round}`);
    const ratio = round2(a.requestsPerSecond / b.requestsPerSecond);
    log(
      `${options.label} round ${round}/${options.rounds}: ${Math.round(a.requestsPerSecond)} vs raw ${Math.round(b.requestsPerSecond)} req/s (${ratio})`,
    );
    rounds.push({ lifeline: a, raw: b, ratio });
  }
  const ratios = rounds.map((round) => round.ratio);
  return {
    label: options.label,
    engine: options.engine,
    servers: lifeline.length,
    rounds,
    lifeline: medianOfRounds(rounds.map((round) => round.lifeline)),
    raw: medianOfRounds(rounds.map((round) => round.raw)),
    ratio: { median: round2(median(ratios)), min: Math.min(...ratios), max: Math.max(...ratios) },
  };
}

export function peakRssMiB(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = Number(status.match(/VmHWM:\s+(\d+) kB/)?.[1] ?? 0);
    return Math.round((kib / 1024) * 10) / 10;
  } catch {
    return 0;
  }
}

/**
 * What a production server measured here needs beyond the audit key: the field encryption key
 * (a file of its own beside the audit key, made once), and STAFF_MFA=optional — the benchmark's
 * staff member signs in with a password only; second factors are not what is measured.
 */
export function secondFactorSettings(auditKeyFile: string): Record<string, string> {
  const fieldKeyFile = join(dirname(auditKeyFile), 'field-encryption-key');
  try {
    writeFileSync(fieldKeyFile, `${randomBytes(32).toString('hex')}\n`, {
      mode: 0o600,
      flag: 'wx',
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return { FIELD_ENCRYPTION_KEY_FILE: fieldKeyFile, STAFF_MFA: 'optional' };
}

export async function signIn(url: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${url}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ json: { email, password } }),
  });
  if (!response.ok)
    throw new Error(`bench sign-in failed: ${response.status} ${await response.text()}`);
  return (response.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
}

export async function trpcMutation(
  url: string,
  cookie: string,
  path: string,
  input: unknown,
): Promise<unknown> {
  const response = await fetch(`${url}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url, cookie },
    body: JSON.stringify({ json: input }),
  });
  const body = (await response.json()) as {
    result?: { data?: { json?: unknown } };
    error?: unknown;
  };
  if (!response.ok) throw new Error(`${path} failed: ${JSON.stringify(body.error)}`);
  return body.result?.data?.json;
}

/** A staff member created through the production CLI, on either engine. */
export function createBenchStaff(
  database: { DATABASE_PATH: string } | { DATABASE_URL: string },
  password: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      NODE,
      [
        join(ROOT, 'apps/server/src/cli/staff-create.ts'),
        '--email',
        'bench@lifeline.test',
        '--role',
        'agent',
        '--name',
        'Bench',
      ],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...database } },
      (error, _stdout, stderr) => {
        children.delete(child);
        if (error) reject(new Error(`staff:create failed: ${error.message}\n${stderr}`));
        else resolve();
      },
    );
    children.add(child);
    child.stdin?.end(`${password}\n`);
  });
}

/**
 * Verifies each pool account's owner (the card on file) through `verification.check`, then
 * gives one `actions.reactivate` request body per passed check.
 */
export async function reactivationBodies(
  url: string,
  cookie: string,
  pool: Array<{ accountId: string; version: number; identifier: string; last4: string }>,
  prefix: string,
): Promise<string[]> {
  const bodies: string[] = [];
  for (const [index, target] of pool.entries()) {
    const ticketRef = `${prefix}-${index}`;
    const check = (await trpcMutation(url, cookie, 'verification.check', {
      identifier: target.identifier,
      accountId: target.accountId,
      ticketRef,
      factor: { method: 'card_last4', last4: target.last4 },
    })) as { outcome: string; verificationId?: string };
    if (check.outcome !== 'passed' || !check.verificationId) continue;
    bodies.push(
      JSON.stringify({
        json: {
          accountId: target.accountId,
          verificationId: check.verificationId,
          ticketRef,
          idempotencyKey: `${prefix.toLowerCase()}-${index}-${target.accountId}`,
          expectedVersion: target.version,
        },
      }),
    );
  }
  return bodies;
}
