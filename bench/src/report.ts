import type { BenchReport, LoadResult } from './run.ts';

const rps = (result: LoadResult) => Math.round(result.requestsPerSecond).toLocaleString('en-US');
const latency = (result: LoadResult) =>
  `${result.latency.p50} / ${result.latency.p97_5} / ${result.latency.p99}`;
const failures = (result: LoadResult) => result.non2xx + result.errors + result.timeouts;

export function renderMarkdown(report: BenchReport): string {
  const { machine, parameters, seeding } = report;
  return `# Lifeline benchmark

${report.generatedAt} · ${machine.cpuModel} · ${machine.cores} cores · ${machine.memoryGiB} GiB · Node ${machine.node} · SQLite ${machine.sqlite}

${parameters.accounts.toLocaleString('en-US')} generated accounts (+ the SPEC §10 scenarios), ${parameters.connections} connections, ${parameters.warmupSeconds} s warm-up, ${parameters.durationSeconds} s per run. Load from a separate process (autocannon) on loopback; server and load share the machine.

| measure | req/s | latency ms p50 / p97.5 / p99 | failed |
| --- | ---: | ---: | ---: |
| \`accounts.diagnose\` (tRPC over HTTP, signed in) | ${rps(report.diagnose)} | ${latency(report.diagnose)} | ${failures(report.diagnose)} |
| raw baseline (node:http + better-sqlite3, same lookups) | ${rps(report.rawBaseline)} | ${latency(report.rawBaseline)} | ${failures(report.rawBaseline)} |
| **diagnose ÷ raw** | **${report.diagnoseRatioToRaw.toFixed(2)}** | | |
| \`accounts.search\` (prefix, 20 per page) | ${rps(report.search)} | ${latency(report.search)} | ${failures(report.search)} |
| \`actions.reactivate\` (${Math.min(parameters.connections, 10)} connections; change + audit + outbox + review) | ${report.reactivate.perSecond} reactivations/s | ${latency(report.reactivate.load)} | ${failures(report.reactivate.load)} |

| other | value |
| --- | ---: |
| seeding | ${seeding.accounts.toLocaleString('en-US')} accounts in ${seeding.seconds} s = ${seeding.accountsPerSecond.toLocaleString('en-US')} accounts/s |
| database file | ${seeding.databaseMiB} MiB |
| reactivations measured | ${report.reactivate.reactivations} (audit events ${report.reactivate.auditEvents}, emails ${report.reactivate.outboxEmails}) |
| server peak RSS | ${report.serverPeakRssMiB} MiB |
| web app initial JS (gzip) | ${report.webInitialJsGzipKiB === null ? 'not built' : `${report.webInitialJsGzipKiB} KiB`} |
`;
}
