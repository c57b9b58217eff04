import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BenchReport } from './run.ts';

// The benchmark's own smoke test: the same code as `pnpm bench`, small and short, asserting
// only that it produces a well-formed report (speed claims belong in the report, not here).
describe('pnpm bench (quick run)', () => {
  const out = mkdtempSync(join(tmpdir(), 'lifeline-bench-out-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('seeds, loads the real server and the raw baseline, and writes latest.json and latest.md', () => {
    execFileSync(
      process.execPath,
      [
        resolve(import.meta.dirname, 'run.ts'),
        '--accounts',
        '50000',
        '--duration',
        '5',
        '--warmup',
        '1',
        '--skip-web-build',
        '--out',
        out,
      ],
      { stdio: ['ignore', 'ignore', 'ignore'], timeout: 240_000 },
    );
    const report = JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8')) as BenchReport;
    expect(report.seeding.accounts).toBeGreaterThanOrEqual(50_000);
    expect(report.seeding.accountsPerSecond).toBeGreaterThan(0);
    for (const load of [report.diagnose, report.rawBaseline, report.search]) {
      expect(load.totalRequests).toBeGreaterThan(0);
      expect(load.non2xx + load.errors + load.timeouts).toBe(0);
      expect(load.latency.p99).toBeGreaterThanOrEqual(load.latency.p50);
    }
    expect(report.diagnoseRatioToRaw).toBeGreaterThan(0);
    expect(report.reactivate.reactivations).toBeGreaterThan(0);
    expect(report.reactivate.auditEvents).toBe(report.reactivate.reactivations);
    expect(report.reactivate.outboxEmails).toBeGreaterThanOrEqual(report.reactivate.reactivations);
    expect(report.serverPeakRssMiB).toBeGreaterThan(0);
    expect(report.machine.node).toMatch(/^v26\./);
    const markdown = readFileSync(join(out, 'latest.md'), 'utf8');
    expect(markdown).toContain('diagnose ÷ raw');
    expect(markdown).toContain('accounts/s');
  }, 300_000);
});
