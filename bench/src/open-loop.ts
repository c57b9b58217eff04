// The open-loop load generator, run in its own process like load.ts:
// `node bench/src/open-loop.ts <spec.json>` prints an OpenLoopRun as JSON on stdout.
//
// Requests leave on a fixed timetable (request n at start + n / rate), whether or not the
// earlier ones have been answered, and each latency is measured from its scheduled instant.
// autocannon's overallRate is not that: it throttles each connection, which sends its next
// request only after the previous answer, so a slow answer delays the requests behind it and
// their wait is never measured (coordinated omission; autocannon corrects its histogram for
// it only approximately, and only when the rate cannot be met).
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import * as hdr from 'hdr-histogram-js';

export interface OpenLoopSpec {
  url: string;
  /** 'diagnose': accounts.diagnose over tRPC; 'raw': the raw server's /diagnose. */
  kind: 'diagnose' | 'raw';
  /** Requests per second, on a fixed timetable. */
  rate: number;
  durationSeconds: number;
  /** Sockets kept open: enough that none is waited for at the rate (the agent queues past it). */
  connections: number;
  cookie?: string;
  origin?: string;
  values: string[];
}

export interface OpenLoopRun {
  rate: number;
  /** Requests scheduled and sent. */
  sent: number;
  completed: number;
  /** completed ÷ duration: below `rate` when the server (or this generator) fell behind. */
  achievedRate: number;
  /** Milliseconds from each request's scheduled instant to its full answer. */
  latency: { p50: number; p99: number; p99_9: number; max: number };
  non2xx: number;
  errors: number;
  /** Still unanswered when the drain ended: counted here, not in the latency. */
  timeouts: number;
  /** The whole histogram (microseconds), HdrHistogram's compressed base64, for merging runs. */
  histogram: string;
}

/** Longest wait for the last answers after the timetable ends. */
const DRAIN_MS = 10_000;

export function newLatencyHistogram(): hdr.Histogram {
  // Microseconds, from 1 µs to 60 s, three significant digits.
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000 });
}

/** Percentiles of a microsecond histogram, in milliseconds to two decimals. */
export function percentilesMs(histogram: hdr.Histogram): OpenLoopRun['latency'] {
  const ms = (micros: number) => Math.round(micros / 10) / 100;
  return {
    p50: ms(histogram.getValueAtPercentile(50)),
    p99: ms(histogram.getValueAtPercentile(99)),
    p99_9: ms(histogram.getValueAtPercentile(99.9)),
    max: ms(histogram.maxValue),
  };
}

export async function runOpenLoop(spec: OpenLoopSpec): Promise<OpenLoopRun> {
  const target = new URL(spec.url);
  const agent = new Agent({ keepAlive: true, maxSockets: spec.connections });
  const headers: Record<string, string> = {};
  if (spec.cookie) headers.cookie = spec.cookie;
  if (spec.origin) headers.origin = spec.origin;
  const histogram = newLatencyHistogram();
  const total = Math.max(1, Math.round(spec.rate * spec.durationSeconds));
  const intervalMs = 1000 / spec.rate;
  let sent = 0;
  let completed = 0;
  let non2xx = 0;
  let errors = 0;
  let pending = 0;
  let allAnswered: (() => void) | undefined;

  const pathFor = (value: string) =>
    spec.kind === 'diagnose'
      ? `/trpc/accounts.diagnose?input=${encodeURIComponent(JSON.stringify({ json: { identifier: value } }))}`
      : `/diagnose?identifier=${encodeURIComponent(value)}`;
  const pick = () => spec.values[Math.floor(Math.random() * spec.values.length)] ?? '';

  const send = (scheduledAt: number) => {
    pending += 1;
    const settle = (ok: boolean, status?: number) => {
      pending -= 1;
      if (ok) {
        completed += 1;
        if (status === undefined || status < 200 || status >= 300) non2xx += 1;
        const micros = Math.max(1, Math.round((performance.now() - scheduledAt) * 1000));
        histogram.recordValue(Math.min(micros, 60_000_000));
      } else {
        errors += 1;
      }
      if (pending === 0) allAnswered?.();
    };
    const req = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        method: 'GET',
        path: pathFor(pick()),
        headers,
      },
      (res) => {
        res.on('data', () => undefined);
        res.on('end', () => settle(true, res.statusCode));
        res.on('error', () => settle(false));
      },
    );
    req.on('error', () => settle(false));
    req.end();
  };

  const start = performance.now();
  // Each wake sends every request whose instant has come; a late wake (this process's own
  // hiccup) makes those requests late, and that lateness is counted in their latency.
  while (sent < total) {
    const now = performance.now();
    while (sent < total && start + sent * intervalMs <= now) {
      send(start + sent * intervalMs);
      sent += 1;
    }
    if (sent < total) {
      const wait = start + sent * intervalMs - performance.now();
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
    }
  }
  const drained = new Promise<void>((resolve) => {
    allAnswered = resolve;
    if (pending === 0) resolve();
  });
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    drained,
    new Promise((resolve) => {
      timer = setTimeout(resolve, DRAIN_MS);
    }),
  ]);
  clearTimeout(timer);
  const timeouts = pending;
  agent.destroy();
  return {
    rate: spec.rate,
    sent,
    completed,
    achievedRate: Math.round((completed / spec.durationSeconds) * 10) / 10,
    latency: percentilesMs(histogram),
    non2xx,
    errors,
    timeouts,
    histogram: hdr.encodeIntoCompressedBase64(histogram),
  };
}

if (process.argv[1]?.endsWith('open-loop.ts') && process.argv[2]) {
  const spec = JSON.parse(readFileSync(process.argv[2], 'utf8')) as OpenLoopSpec;
  const run = await runOpenLoop(spec);
  process.stdout.write(JSON.stringify(run));
  // Sockets still waiting for a timed-out answer must not keep the process alive.
  process.exit(0);
}
