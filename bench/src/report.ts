import type {
  BenchReport,
  LoadResult,
  OpenLoopReport,
  PairResult,
  PostgresReport,
  WebFirstLoadReport,
} from './run.ts';

const rps = (result: LoadResult) => Math.round(result.requestsPerSecond).toLocaleString('en-US');
const latency = (result: LoadResult) =>
  `${result.latency.p50} / ${result.latency.p97_5} / ${result.latency.p99}`;
const failures = (result: LoadResult) => result.non2xx + result.errors + result.timeouts;

/** The open-loop table and its goal line, or nothing for a report from before it existed. */
export function renderOpenLoop(openLoop: OpenLoopReport | undefined, engine = 'SQLite'): string {
  if (!openLoop) return '';
  const { goal } = openLoop;
  const ms = (latency: OpenLoopReport['rates'][number]['raw']['latency']) =>
    `${latency.p50} / ${latency.p99} / ${latency.p99_9}`;
  const failed = (side: OpenLoopReport['rates'][number]['raw']) =>
    side.non2xx + side.errors + side.timeouts;
  const rows = openLoop.rates
    .map(
      (r) =>
        `| ${r.rate} | ${ms(r.lifeline.latency)} | ${ms(r.raw.latency)} | **${r.p99Factor.merged.toFixed(2)}** (${r.p99Factor.min.toFixed(2)}–${r.p99Factor.max.toFixed(2)}) | ${r.lifeline.achievedRate} / ${r.raw.achievedRate} | ${failed(r.lifeline)} / ${failed(r.raw)} |`,
    )
    .join('\n');
  const atGoal = openLoop.rates.find((r) => r.rate === goal.rate)?.p99Factor;
  const disagreement =
    goal.roundsAgree || !atGoal
      ? ''
      : ` (**rounds disagree**: ${atGoal.min.toFixed(2)}–${atGoal.max.toFixed(2)} straddles ${goal.maxFactor}×, too noisy to trust; run again on a quieter machine or with more rounds)`;
  const verdict =
    goal.factor === null
      ? `not measured (${goal.rate} req/s was not among the rates)`
      : `${goal.factor.toFixed(2)}× — ${goal.met ? 'met' : '**not met**'}${disagreement}`;
  return `
## \`accounts.diagnose\` at fixed arrival rates (open loop, ${engine})

Requests leave on a fixed timetable whatever the answers do (bench/src/open-loop.ts, ${openLoop.sockets} keep-alive sockets), and each latency runs from the request's scheduled instant to its full answer, so a stall counts against every request it delays (no coordinated omission; autocannon's \`overallRate\` throttles each connection and waits for its answer, which hides them). Each rate's pair is interleaved, Lifeline then raw, ${openLoop.rounds} rounds of ${openLoop.durationSeconds} s; the percentiles are over all rounds' requests together (HdrHistogram), the factor's range is the lowest and highest round's.

| req/s | diagnose ms p50 / p99 / p99.9 | raw ms p50 / p99 / p99.9 | p99 ÷ raw p99 (min–max) | achieved req/s (diagnose / raw) | failed (diagnose / raw) |
| ---: | ---: | ---: | ---: | ---: | ---: |
${rows}

Goal: at ${goal.rate} req/s, diagnose p99 within ${goal.maxFactor}× the raw p99: ${verdict}.
`;
}

/** The console's first load (issue 15): JS sizes, then Chromium's figures, medians of the runs. */
export function renderFirstLoad(firstLoad: WebFirstLoadReport | null | undefined): string {
  if (!firstLoad) return '';
  const range = (r: { median: number; min: number; max: number }) =>
    `**${r.median} ms** (${r.min}–${r.max})`;
  const { browser } = firstLoad;
  const measured =
    'error' in browser
      ? `| Chromium | not measured: ${browser.error} |`
      : `| sign-in page LCP (Chromium ${browser.version}, cold cache, ${browser.runs.length} runs) | ${range(browser.signInLcpMs)} |
| first lookup after sign-in: Enter → diagnosis painted (\`${browser.identifier}\`, user timing \`lifeline:lookup\`) | ${browser.firstLookupMs ? range(browser.firstLookupMs) : 'not recorded'} |`;
  return `
## The console's first load

Sizes from the build (the entry script of index.html and every module it imports statically, gzipped); timings in headless Chromium against this run's production server and database, before any load, each run a fresh browser context: median (lowest–highest). Budget: initial JS ≤ 180 KB gzipped (asserted by the browser suite's journey 20); first lookup ≤ 300 ms (a goal, not asserted).

| measure | value |
| --- | ---: |
| initial JS, the sign-in page (gzip) | ${firstLoad.initialJsGzipKiB} KiB |
| signed in, the lookup page: the above + the shell's and lookup page's chunks (gzip) | ${firstLoad.lookupPageJsGzipKiB === null ? '—' : `${firstLoad.lookupPageJsGzipKiB} KiB`} |
${measured}
`;
}

export function renderMarkdown(report: BenchReport): string {
  if (report.postgres && report.sqlitePair) {
    return renderWithPostgres(report, report.sqlitePair, report.postgres);
  }
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
${renderOpenLoop(report.openLoop)}${renderFirstLoad(report.webFirstLoad)}`;
}

const ratio = (value: number) => value.toFixed(2);

function pairRow(pair: PairResult, raw: string): string {
  const { lifeline } = pair;
  const engine = pair.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  return `| ${engine} | ${pair.servers} | ${rps(lifeline)} | ${latency(lifeline)} | ${rps(pair.raw)} (${raw}) | ${latency(pair.raw)} | **${ratio(pair.ratio.median)}** (${ratio(pair.ratio.min)}–${ratio(pair.ratio.max)}) | ${failures(lifeline)} / ${failures(pair.raw)} |`;
}

function roundsLine(pair: PairResult): string {
  const rounds = pair.rounds
    .map((round) => `${rps(round.lifeline)} ÷ ${rps(round.raw)} = ${ratio(round.ratio)}`)
    .join(' · ');
  return `- ${pair.label}: ${rounds}`;
}

function renderWithPostgres(report: BenchReport, sqlite: PairResult, pg: PostgresReport): string {
  const { machine, parameters, seeding } = report;
  const rounds = parameters.rounds ?? sqlite.rounds.length;
  const settings = Object.entries(pg.settings)
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');
  const mib = (value: number) => `${value} MiB`;
  return `# Lifeline benchmark

${report.generatedAt} · ${machine.cpuModel} · ${machine.cores} cores · ${machine.memoryGiB} GiB · Node ${machine.node} · SQLite ${machine.sqlite} · PostgreSQL ${pg.version} (${pg.server === 'embedded' ? 'embedded, as the tests start it' : 'existing server'}: ${settings})

${parameters.accounts.toLocaleString('en-US')} generated accounts (+ the SPEC §10 scenarios) on each engine, ${parameters.connections} connections, ${parameters.warmupSeconds} s warm-up per server, ${parameters.durationSeconds} s per run. Load from separate processes (autocannon) on loopback; servers, PostgreSQL and load share the machine.

## \`accounts.diagnose\` (tRPC over HTTP, signed in) ÷ raw baseline

Each pair measured interleaved: Lifeline, raw, Lifeline, raw… ${rounds} rounds of ${parameters.durationSeconds} s each, both running throughout, only one loaded at a time. req/s and each latency percentile: the median over rounds. Ratio: the median of the per-round ratios (lowest–highest). With 2 servers the load is split evenly: two load processes at once, each with half the connections on one server (raw: one raw process each); their req/s are summed and each latency percentile is the worse of the two.

| engine | servers | diagnose req/s | latency ms p50 / p97.5 / p99 | raw req/s | raw latency ms | **diagnose ÷ raw** (min–max) | failed (diagnose / raw) |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${pairRow(sqlite, 'better-sqlite3')}
${pairRow(pg.one, `pg, pool ${pg.pools.raw}`)}
${pairRow(pg.two, `pg, 2 × pool ${pg.pools.raw}`)}

Raw baselines do the same lookups with prepared statements, no framework, no session, no domain rules: node:http + better-sqlite3 (raw-server.ts) and node:http + a pg Pool of ${pg.pools.raw} connections (the server's read pool; it has ${pg.pools.serverWrite} more for writes) with named statements, one query after the other as the server runs them (raw-server-pg.ts).${pg.sameIdentifiersAsSqlite ? ' Both engines are loaded with the same identifiers (the seed is deterministic).' : ''}

Per round (diagnose ÷ raw req/s):
${[sqlite, pg.one, pg.two].map(roundsLine).join('\n')}

## Other measures

| measure | req/s | latency ms p50 / p97.5 / p99 | failed |
| --- | ---: | ---: | ---: |
| \`accounts.search\` on SQLite (prefix, 20 per page) | ${rps(report.search)} | ${latency(report.search)} | ${failures(report.search)} |
| \`accounts.search\` on PostgreSQL, 1 server | ${rps(pg.search)} | ${latency(pg.search)} | ${failures(pg.search)} |
| \`actions.reactivate\` on SQLite (${Math.min(parameters.connections, 10)} connections; change + audit + outbox + review) | ${report.reactivate.perSecond} reactivations/s | ${latency(report.reactivate.load)} | ${failures(report.reactivate.load)} |
| \`actions.reactivate\` on PostgreSQL, ${pg.reactivate.servers} servers at once (${pg.reactivate.connections} connections split between them) | ${pg.reactivate.perSecond} reactivations/s | ${latency(pg.reactivate.load)} | ${failures(pg.reactivate.load)} |

Search and reactivate run once each (not interleaved, no raw counterpart). PostgreSQL's reactivations are not durable figures when \`fsync\` or \`synchronous_commit\` is off (see the settings above); SQLite's commit with \`synchronous = FULL\`.

| other | value |
| --- | ---: |
| seeding, SQLite | ${seeding.accounts.toLocaleString('en-US')} accounts in ${seeding.seconds} s = ${seeding.accountsPerSecond.toLocaleString('en-US')} accounts/s |
| seeding, PostgreSQL | ${pg.seeding.accounts.toLocaleString('en-US')} accounts in ${pg.seeding.seconds} s = ${pg.seeding.accountsPerSecond.toLocaleString('en-US')} accounts/s, then VACUUM (ANALYZE) in ${pg.seeding.vacuumAnalyzeSeconds} s |
| database size | SQLite file ${mib(seeding.databaseMiB)}, PostgreSQL database ${mib(pg.seeding.databaseMiB)} |
| reactivations measured, SQLite | ${report.reactivate.reactivations} (audit events ${report.reactivate.auditEvents}, emails ${report.reactivate.outboxEmails}) |
| reactivations measured, PostgreSQL × ${pg.reactivate.servers} | ${pg.reactivate.reactivations} (audit events ${pg.reactivate.auditEvents}, emails ${pg.reactivate.outboxEmails}); audit chain afterwards: ${pg.reactivate.auditChainOk ? 'verified' : '**NOT verified**'} (${pg.reactivate.auditEventsWalked ?? '—'} events walked) |
| server peak RSS | SQLite ${mib(report.serverPeakRssMiB)}, PostgreSQL ${mib(pg.serverPeakRssMiB)} (the higher of 2) |
| web app initial JS (gzip) | ${report.webInitialJsGzipKiB === null ? 'not built' : `${report.webInitialJsGzipKiB} KiB`} |
${renderOpenLoop(report.openLoop)}${renderOpenLoop(pg.openLoop, 'PostgreSQL, 1 server')}${renderFirstLoad(report.webFirstLoad)}`;
}
