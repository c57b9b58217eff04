// `pnpm bench [--engine sqlite|postgres|all] [--accounts N] [--duration S] [--warmup S]
//             [--connections C] [--rounds R] [--database-url postgres://…] [--out DIR]
//             [--rates 50,200,800] [--open-loop-duration S] [--open-loop-rounds R]
//             [--skip-web-build]` (USAGE below says what each does; `pnpm bench --help` prints it)
// One run on one machine (SPEC §14): seed a fresh database, start the production server,
// load it from separate processes, measure the raw limit beside it, write the report. With
// --engine postgres, the same on PostgreSQL with one and with two server processes too.
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getOrCreateSecret, IDENTIFIER_HASH_KEY, openDatabase, sqliteWriterOf } from '@lifeline/db';
import { seedDemoData } from '@lifeline/db/seed';
import { initialJs } from '../../scripts/web-initial-js.ts';
import { measureWebFirstLoad, type WebFirstLoadReport } from './first-load.ts';
import {
  cleanUp,
  createBenchStaff,
  interleavedPair,
  type LoadResult,
  log,
  onCleanup,
  type PairResult,
  peakRssMiB,
  ROOT,
  reactivationBodies,
  runLoad,
  secondFactorSettings,
  signIn,
  startListening,
} from './harness.ts';
import type { LoadSpec } from './load.ts';
import { type OpenLoopReport, openLoopPairs, parseRates } from './open-loop-pairs.ts';
import { type PostgresReport, runPostgres } from './postgres.ts';
import { renderMarkdown } from './report.ts';

export type { WebFirstLoadReport } from './first-load.ts';
export type { LoadResult, PairResult } from './harness.ts';
export type { OpenLoopReport } from './open-loop-pairs.ts';
export type { PostgresReport } from './postgres.ts';

export const USAGE = `pnpm bench [flags]

  --engine sqlite|postgres|all  sqlite (default): SQLite and its raw baseline, one run each.
                                postgres (or all, the same): SQLite, then PostgreSQL with 1 and
                                with 2 server processes, each Lifeline-vs-raw pair interleaved
                                (--rounds rounds of each, in turn), all in one table.
  --accounts N                  generated accounts to seed (default 1000000), on each engine
  --duration S                  seconds per measured run (default 20)
  --warmup S                    seconds of warm-up per server before measuring (default 3)
  --connections C               concurrent connections (default 50; split evenly over 2 servers)
  --rounds R                    interleaved rounds per pair with --engine postgres (default 3)
  --database-url postgres://…   with --engine postgres: create a fresh database on this server
                                (the URL must be allowed to CREATE DATABASE; dropped at the end)
                                instead of starting an embedded PostgreSQL
  --rates R1,R2,…               open-loop arrival rates for accounts.diagnose and the raw
                                baseline, requests/s on a fixed timetable (default 50,200,800)
  --open-loop-duration S        seconds per open-loop run (default 10, at most --duration)
  --open-loop-rounds R          interleaved rounds of every rate (default 3)
  --out DIR                     where latest.json and latest.md go (default bench/results)
  --first-load-runs N           Chromium runs of the console's first load (default 5; 0: none)
  --skip-web-build              do not build the web app (its initial JS size is then
                                measured from an existing build, or reported as not built)
  --help                        this text
`;

export interface BenchReport {
  generatedAt: string;
  parameters: {
    accounts: number;
    durationSeconds: number;
    warmupSeconds: number;
    connections: number;
    /** --engine postgres (or all) only: absent on a SQLite-only run. */
    engine?: 'postgres';
    rounds?: number;
  };
  machine: {
    cpuModel: string;
    cores: number;
    memoryGiB: number;
    node: string;
    sqlite: string;
    platform: string;
    /** PostgreSQL's server_version, with --engine postgres. */
    postgres?: string;
  };
  seeding: { accounts: number; seconds: number; accountsPerSecond: number; databaseMiB: number };
  /** On SQLite. With --engine postgres, the medians of the interleaved pair (sqlitePair). */
  diagnose: LoadResult;
  rawBaseline: LoadResult;
  diagnoseRatioToRaw: number;
  /** accounts.diagnose and the raw baseline at fixed arrival rates, on SQLite (open loop). */
  openLoop?: OpenLoopReport;
  search: LoadResult;
  reactivate: {
    reactivations: number;
    seconds: number;
    perSecond: number;
    auditEvents: number;
    outboxEmails: number;
    load: LoadResult;
  };
  serverPeakRssMiB: number;
  webInitialJsGzipKiB: number | null;
  /** The console's first load: JS sizes and, in Chromium, sign-in LCP and the first lookup. */
  webFirstLoad?: WebFirstLoadReport | null;
  /** --engine postgres: SQLite's diagnose and raw baseline measured in interleaved rounds. */
  sqlitePair?: PairResult;
  /** --engine postgres: the PostgreSQL measures. */
  postgres?: PostgresReport;
}

export type Engine = 'sqlite' | 'postgres' | 'all';

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index === -1 ? undefined : Number(process.argv[index + 1]);
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number`);
  return value;
}

function textFlag(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : (process.argv[index + 1] ?? fallback);
}

/** The JavaScript the browser loads before the console renders: the entry and its static imports. */
function webInitialJsGzipKiB(): number | null {
  const dist = join(ROOT, 'apps/web/dist');
  return existsSync(join(dist, 'index.html')) ? initialJs(dist).gzipKiB : null;
}

function engineFlag(): Engine {
  const engine = textFlag('engine', 'sqlite');
  if (engine === 'sqlite' || engine === 'postgres' || engine === 'all') return engine;
  throw new Error('--engine must be sqlite, postgres or all');
}

/** The load's values: existing identifiers, a quarter more that match nothing, and prefixes. */
function valuesFrom(existing: string[]): { identifiers: string[]; prefixes: string[] } {
  const identifiers = [
    ...existing,
    ...existing.slice(0, 5000).map((_, n) => `nobody.${n}@missing.example`),
  ];
  const prefixes = existing
    .slice(0, 5000)
    .map((identifier) => identifier.slice(0, 3 + (identifier.length % 4)));
  return { identifiers, prefixes };
}

export async function runBenchmark(): Promise<BenchReport> {
  const engine = engineFlag();
  const withPostgres = engine !== 'sqlite';
  const accounts = flag('accounts', 1_000_000);
  const durationSeconds = flag('duration', 20);
  const warmupSeconds = flag('warmup', 3);
  const connections = flag('connections', 50);
  const rounds = flag('rounds', 3);
  const rates = parseRates(textFlag('rates', ''));
  const openLoopSeconds = Math.min(flag('open-loop-duration', 10), durationSeconds);
  const openLoopRounds = flag('open-loop-rounds', 3);
  if (!Number.isInteger(openLoopRounds) || openLoopRounds < 1)
    throw new Error('--open-loop-rounds must be a whole number of at least 1');
  if (withPostgres && (!Number.isInteger(rounds) || rounds < 1))
    throw new Error('--rounds must be a whole number of at least 1');
  const databaseUrlFlag = textFlag('database-url', '');
  const databaseUrl = databaseUrlFlag === '' ? undefined : databaseUrlFlag;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl))
    throw new Error('--database-url must be a postgres:// URL');
  const outDir = resolve(textFlag('out', join(ROOT, 'bench/results')));
  const skipWebBuild = process.argv.includes('--skip-web-build');
  const dir = mkdtempSync(join(tmpdir(), 'lifeline-bench-'));
  // Registered first, so it runs last: after the servers are killed and PostgreSQL stopped.
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const dbPath = join(dir, 'lifeline.db');
  // Production requires the key that signs audit checkpoints, kept outside the database.
  const auditKeyFile = join(dir, 'audit-signing-key.pem');
  writeFileSync(
    auditKeyFile,
    generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }),
    { mode: 0o600 },
  );

  try {
    // 1. Seed a fresh database: the scenarios plus `accounts` generated accounts.
    log(`seeding ${accounts} accounts into ${dbPath}`);
    const db = openDatabase(dbPath);
    const key = await getOrCreateSecret(db, IDENTIFIER_HASH_KEY);
    const seeded = await seedDemoData(db, { accounts, now: Date.now(), identifierHashKey: key });
    sqliteWriterOf(db).pragma('wal_checkpoint(TRUNCATE)');
    const sqliteVersion = String(
      sqliteWriterOf(db).prepare('SELECT sqlite_version()').pluck().get(),
    );
    const seeding = {
      accounts: seeded.scenarioAccounts + seeded.generatedAccounts,
      seconds: Math.round(seeded.elapsedMs / 100) / 10,
      accountsPerSecond: Math.round(seeded.accountsPerSecond),
      databaseMiB: Math.round((statSync(dbPath).size / 1024 / 1024) * 10) / 10,
    };
    log(`seeded: ${JSON.stringify(seeding)}`);

    // Identifiers the load uses: existing ones at random, and a quarter that match nothing.
    const raw = sqliteWriterOf(db);
    const total = Number(raw.prepare('SELECT max(rowid) FROM logins').pluck().get());
    const pickRow = raw.prepare('SELECT identifier FROM logins WHERE rowid = ?').pluck();
    const existing: string[] = [];
    for (let i = 0; existing.length < 20_000 && i < 200_000; i += 1) {
      const identifier = pickRow.get(1 + Math.floor(Math.random() * total)) as string | undefined;
      if (identifier) existing.push(identifier);
    }
    const { identifiers, prefixes } = valuesFrom(existing);

    // Deactivated accounts inside their window, with a card: the reactivation pool.
    const pool = raw
      .prepare(
        `SELECT a.id AS accountId, a.version AS version, l.identifier AS identifier, c.last4 AS last4
         FROM accounts a JOIN logins l ON l.account_id = a.id AND l.role = 'owner'
         JOIN cards c ON c.account_id = a.id
         WHERE a.status = 'deactivated' AND a.deactivation_reason != 'terms_violation'
           AND a.purge_after > ? LIMIT ?`,
      )
      .all(Date.now() + 3_600_000, Math.max(200, Math.min(6000, durationSeconds * 600))) as Array<{
      accountId: string;
      version: number;
      identifier: string;
      last4: string;
    }>;
    db.close();

    // 2. The web build, for its initial JavaScript size.
    if (!skipWebBuild) {
      log('building the web app');
      execFileSync('pnpm', ['--filter', '@lifeline/web', 'build'], { cwd: ROOT, stdio: 'ignore' });
    }

    // 3. A staff member created through the production CLI, then the production server.
    const password = `bench-${Math.random().toString(36).slice(2)}-password`;
    await createBenchStaff({ DATABASE_PATH: dbPath }, password);
    const server = await startListening(
      [join(ROOT, 'apps/server/src/index.ts')],
      {
        NODE_ENV: 'production',
        DATABASE_PATH: dbPath,
        PORT: '0',
        LOG_LEVEL: 'info',
        SCHEDULER_INTERVAL_SECONDS: '0',
        AUDIT_SIGNING_KEY_FILE: auditKeyFile,
        ...secondFactorSettings(auditKeyFile),
      },
      /"url":"(http:\/\/[^"]+)"/,
      join(dir, 'server.log'),
    );
    const url = server.value;
    log(`server at ${url}`);
    // The console's first load in Chromium, on the quiet server (before any load runs).
    const firstLoadRuns = flag('first-load-runs', 5);
    let webFirstLoad: WebFirstLoadReport | null = null;
    if (firstLoadRuns > 0) {
      log(`the console's first load in Chromium, ${firstLoadRuns} runs`);
      webFirstLoad = await measureWebFirstLoad({
        url,
        email: 'bench@lifeline.test',
        password,
        runs: firstLoadRuns,
        identifier: 'jdupont',
      });
    }
    const cookie = await signIn(url, 'bench@lifeline.test', password);
    const base = { url, cookie, origin: url, connections };
    const startRaw = () =>
      startListening(
        [join(ROOT, 'bench/src/raw-server.ts'), dbPath, '0'],
        {},
        /"listening":(\d+)/,
        join(dir, 'raw.log'),
      );
    const rawSpec = (rawUrl: string, durationSeconds: number): LoadSpec => ({
      url: rawUrl,
      connections,
      kind: 'raw',
      durationSeconds,
      values: identifiers,
    });

    // 4. Warm-up, then the measured runs. With PostgreSQL in the run, SQLite's diagnose and
    // raw baseline are measured like PostgreSQL's: interleaved rounds, both servers up.
    let diagnose: LoadResult | undefined;
    let sqlitePair: PairResult | undefined;
    let rawServer: Awaited<ReturnType<typeof startRaw>> | undefined;
    if (withPostgres) {
      rawServer = await startRaw();
      log(`accounts.diagnose on SQLite, ${rounds} interleaved rounds`);
      sqlitePair = await interleavedPair({
        label: 'SQLite',
        engine: 'sqlite',
        lifeline: [{ ...base, kind: 'diagnose', durationSeconds, values: identifiers }],
        raw: [rawSpec(`http://127.0.0.1:${rawServer.value}`, durationSeconds)],
        rounds,
        warmupSeconds,
        dir,
        name: 'sqlite',
      });
    } else {
      if (warmupSeconds > 0) {
        await runLoad(
          { ...base, kind: 'diagnose', durationSeconds: warmupSeconds, values: identifiers },
          dir,
          'warmup',
        );
      }
      log('accounts.diagnose');
      diagnose = await runLoad(
        { ...base, kind: 'diagnose', durationSeconds, values: identifiers },
        dir,
        'diagnose',
      );
    }
    // Latency at fixed arrival rates, each rate's Lifeline-vs-raw pair interleaved.
    if (!rawServer) {
      rawServer = await startRaw();
      if (warmupSeconds > 0) {
        await runLoad(
          rawSpec(`http://127.0.0.1:${rawServer.value}`, warmupSeconds),
          dir,
          'raw-warmup',
        );
      }
    }
    log(`open loop at ${rates.join(', ')} req/s, ${openLoopRounds} interleaved rounds`);
    const openLoop = await openLoopPairs({
      lifeline: { url, kind: 'diagnose', cookie, origin: url, values: identifiers },
      raw: { url: `http://127.0.0.1:${rawServer.value}`, kind: 'raw', values: identifiers },
      rates,
      rounds: openLoopRounds,
      durationSeconds: openLoopSeconds,
      dir,
    });

    log('accounts.search');
    const search = await runLoad(
      { ...base, kind: 'search', durationSeconds, values: prefixes },
      dir,
      'search',
    );

    // Reactivations: verify each pool account's owner first (the card on file), then act.
    log(`verifying ${pool.length} callers for the reactivation run`);
    const bodies = await reactivationBodies(url, cookie, pool, 'BENCH');
    const reactivateSeconds = Math.max(1, Math.min(durationSeconds, 10));
    const countReactivations = () => {
      const check = openDatabase(dbPath, { migrate: false });
      try {
        const conn = sqliteWriterOf(check);
        return {
          events: Number(
            conn
              .prepare(
                "SELECT count(*) FROM audit_events WHERE action = 'account.reactivate' AND outcome = 'succeeded'",
              )
              .pluck()
              .get(),
          ),
          emails: Number(
            conn
              .prepare("SELECT count(*) FROM outbox WHERE template = 'account_reactivated'")
              .pluck()
              .get(),
          ),
        };
      } finally {
        check.close();
      }
    };
    const before = countReactivations();
    log(`actions.reactivate with ${bodies.length} prepared requests`);
    const reactivateLoad = await runLoad(
      {
        ...base,
        connections: Math.min(connections, 10),
        kind: 'reactivate',
        durationSeconds: reactivateSeconds,
        values: [],
        bodies,
      },
      dir,
      'reactivate',
    );
    const after = countReactivations();
    const reactivations = after.events - before.events;
    const serverPeakRssMiB = peakRssMiB(server.child.pid);

    // 5. The raw limit, same machine, same identifiers, same connections (already measured,
    // interleaved, when PostgreSQL is in the run).
    server.child.kill('SIGTERM');
    let rawBaseline: LoadResult;
    if (sqlitePair) {
      rawServer?.child.kill('SIGTERM');
      rawBaseline = sqlitePair.raw;
      diagnose = sqlitePair.lifeline;
    } else {
      rawServer ??= await startRaw();
      const rawUrl = `http://127.0.0.1:${rawServer.value}`;
      log('raw baseline');
      rawBaseline = await runLoad(rawSpec(rawUrl, durationSeconds), dir, 'raw');
    }
    if (!diagnose) throw new Error('no diagnose measure');

    // 6. PostgreSQL: one server, then two, each against its raw baseline.
    const postgres = withPostgres
      ? await runPostgres({
          accounts,
          durationSeconds,
          warmupSeconds,
          connections,
          rounds,
          databaseUrl,
          dir,
          auditKeyFile,
          existing,
          valuesFrom,
          openLoop: { rates, rounds: openLoopRounds, durationSeconds: openLoopSeconds },
        })
      : undefined;

    const cpu = cpus();
    const report: BenchReport = {
      generatedAt: new Date().toISOString(),
      parameters: {
        accounts,
        durationSeconds,
        warmupSeconds,
        connections,
        ...(withPostgres ? { engine: 'postgres' as const, rounds } : {}),
      },
      machine: {
        cpuModel: cpu[0]?.model ?? 'unknown',
        cores: cpu.length,
        memoryGiB: Math.round(totalmem() / 1024 ** 3),
        node: process.version,
        sqlite: sqliteVersion,
        platform: `${process.platform}-${process.arch}`,
        ...(postgres ? { postgres: postgres.version } : {}),
      },
      seeding,
      diagnose,
      rawBaseline,
      diagnoseRatioToRaw: sqlitePair
        ? sqlitePair.ratio.median
        : Math.round((diagnose.requestsPerSecond / rawBaseline.requestsPerSecond) * 100) / 100,
      openLoop,
      search,
      reactivate: {
        reactivations,
        seconds: reactivateSeconds,
        perSecond: Math.round((reactivations / reactivateSeconds) * 10) / 10,
        auditEvents: reactivations,
        outboxEmails: after.emails - before.emails,
        load: reactivateLoad,
      },
      serverPeakRssMiB,
      webInitialJsGzipKiB: webInitialJsGzipKiB(),
      webFirstLoad,
      ...(sqlitePair ? { sqlitePair } : {}),
      ...(postgres ? { postgres } : {}),
    };
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
    const markdown = renderMarkdown(report);
    writeFileSync(join(outDir, 'latest.md'), markdown);
    process.stdout.write(markdown);
    return report;
  } finally {
    await cleanUp();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(USAGE);
  } else {
    // Interrupted (Ctrl-C, a test's timeout): the servers and PostgreSQL go, and the temp files.
    for (const [signal, code] of [
      ['SIGINT', 130],
      ['SIGTERM', 143],
      ['SIGHUP', 129],
    ] as const) {
      process.once(signal, () => {
        log(`${signal}: stopping the servers and PostgreSQL`);
        void cleanUp().finally(() => process.exit(code));
      });
    }
    runBenchmark().catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
  }
}
