// Latency at fixed arrival rates: accounts.diagnose and the raw baseline, each rate's pair run
// interleaved (Lifeline, raw, Lifeline, raw…) like the saturation pairs, rounds merged.
import * as hdr from 'hdr-histogram-js';
import { log, median, runOpenLoopLoad } from './harness.ts';
import {
  newLatencyHistogram,
  type OpenLoopRun,
  type OpenLoopSpec,
  percentilesMs,
} from './open-loop.ts';

/** The arrival rates `pnpm bench` drives by default (`--rates`). */
export const DEFAULT_RATES = [50, 200, 800];
/** The goal: at this rate, diagnose's p99 within this factor of the raw p99. */
export const GOAL = { rate: 200, maxFactor: 2 } as const;
/** Sockets each generator keeps: far more than these rates need at these latencies. */
const SOCKETS = 256;

export interface OpenLoopSide {
  /** Milliseconds from the scheduled instant, over every round's requests together. */
  latency: OpenLoopRun['latency'];
  sent: number;
  completed: number;
  /** The median over rounds of completed ÷ duration. */
  achievedRate: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

export interface OpenLoopRate {
  rate: number;
  lifeline: OpenLoopSide;
  raw: OpenLoopSide;
  /** diagnose p99 ÷ raw p99: over all rounds merged, and the lowest and highest round's. */
  p99Factor: { merged: number; min: number; max: number };
}

export interface OpenLoopReport {
  durationSeconds: number;
  rounds: number;
  sockets: number;
  rates: OpenLoopRate[];
  /**
   * The factor at GOAL.rate (null when that rate was not run), whether it is within, and
   * whether every round's factor falls on the same side of the goal: when they straddle it,
   * the machine was too noisy for this run to say.
   */
  goal: {
    rate: number;
    maxFactor: number;
    factor: number | null;
    met: boolean | null;
    roundsAgree: boolean | null;
  };
}

type Side = Omit<OpenLoopSpec, 'rate' | 'durationSeconds' | 'connections'>;

const round2 = (value: number) => Math.round(value * 100) / 100;

/** `--rates 50,200,800`: positive numbers, comma-separated. */
export function parseRates(text: string | undefined): number[] {
  if (text === undefined || text === '') return DEFAULT_RATES;
  const rates = text.split(',').map(Number);
  if (rates.some((rate) => !Number.isFinite(rate) || rate <= 0))
    throw new Error('--rates must be positive numbers separated by commas, e.g. 50,200,800');
  return rates;
}

function sideOf(runs: OpenLoopRun[]): OpenLoopSide {
  const merged = newLatencyHistogram();
  for (const run of runs) {
    const histogram = hdr.decodeFromCompressedBase64(run.histogram);
    merged.add(histogram);
    histogram.destroy();
  }
  const sum = (pick: (run: OpenLoopRun) => number) =>
    runs.reduce((total, run) => total + pick(run), 0);
  const side = {
    latency: percentilesMs(merged),
    sent: sum((r) => r.sent),
    completed: sum((r) => r.completed),
    achievedRate: median(runs.map((r) => r.achievedRate)),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
  };
  merged.destroy();
  return side;
}

/**
 * Each round drives every rate, Lifeline then raw, `durationSeconds` each: a slow spell of the
 * machine falls on both sides of a rate. Both servers must be up and warm.
 */
export async function openLoopPairs(options: {
  lifeline: Side;
  raw: Side;
  rates: number[];
  rounds: number;
  durationSeconds: number;
  dir: string;
}): Promise<OpenLoopReport> {
  const { rates, rounds, durationSeconds, dir } = options;
  const runs = new Map(
    rates.map((rate) => [rate, { lifeline: [] as OpenLoopRun[], raw: [] as OpenLoopRun[] }]),
  );
  for (let round = 1; round <= rounds; round += 1) {
    for (const rate of rates) {
      const spec = { rate, durationSeconds, connections: SOCKETS };
      const a = await runOpenLoopLoad(
        { ...options.lifeline, ...spec },
        dir,
        `open-${rate}-${round}`,
      );
      const b = await runOpenLoopLoad(
        { ...options.raw, ...spec },
        dir,
        `open-raw-${rate}-${round}`,
      );
      log(
        `open loop ${rate} req/s round ${round}/${rounds}: diagnose p99 ${a.latency.p99} ms, raw p99 ${b.latency.p99} ms`,
      );
      runs.get(rate)?.lifeline.push(a);
      runs.get(rate)?.raw.push(b);
    }
  }
  const results = rates.map((rate): OpenLoopRate => {
    const { lifeline, raw } = runs.get(rate) ?? { lifeline: [], raw: [] };
    const perRound = lifeline.map(
      (run, i) => run.latency.p99 / (raw[i]?.latency.p99 ?? Number.NaN),
    );
    const lifelineSide = sideOf(lifeline);
    const rawSide = sideOf(raw);
    return {
      rate,
      lifeline: lifelineSide,
      raw: rawSide,
      p99Factor: {
        merged: round2(lifelineSide.latency.p99 / rawSide.latency.p99),
        min: round2(Math.min(...perRound)),
        max: round2(Math.max(...perRound)),
      },
    };
  });
  const atGoal = results.find((result) => result.rate === GOAL.rate);
  const factor = atGoal?.p99Factor.merged ?? null;
  return {
    durationSeconds,
    rounds,
    sockets: SOCKETS,
    rates: results,
    goal: {
      rate: GOAL.rate,
      maxFactor: GOAL.maxFactor,
      factor,
      met: factor === null ? null : factor <= GOAL.maxFactor,
      roundsAgree:
        atGoal === undefined
          ? null
          : atGoal.p99Factor.max <= GOAL.maxFactor || atGoal.p99Factor.min > GOAL.maxFactor,
    },
  };
}
