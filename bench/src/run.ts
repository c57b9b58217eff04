// `pnpm bench [--accounts N] [--duration S] [--warmup S] [--connections C] [--out DIR]
//             [--skip-web-build]`
// One run on one machine (SPEC §14): seed a fresh database, start the production server,
// load it from separate processes, measure the raw limit beside it, write the report.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { getOrCreateSecret, IDENTIFIER_HASH_KEY, openDatabase, sqliteWriterOf } from '@lifeline/db';
import { seedDemoData } from '@lifeline/db/seed';
import type { LoadSpec } from './load.ts';
import { renderMarkdown } from './report.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const NODE = process.execPath;

export interface LoadResult {
  requestsPerSecond: number;
  totalRequests: number;
  latency: { p50: number; p97_5: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

export interface BenchReport {
  generatedAt: string;
  parameters: {
    accounts: number;
    durationSeconds: number;
    warmupSeconds: number;
    connections: number;
  };
  machine: {
    cpuModel: string;
    cores: number;
    memoryGiB: number;
    node: string;
    sqlite: string;
    platform: string;
  };
  seeding: { accounts: number; seconds: number; accountsPerSecond: number; databaseMiB: number };
  diagnose: LoadResult;
  rawBaseline: LoadResult;
  diagnoseRatioToRaw: number;
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
}

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

function log(message: string) {
  process.stderr.write(`[bench] ${message}\n`);
}

/**
 * Starts a process whose output goes to a log file (never a pipe: the bench blocks while the
 * load runs, and a full pipe would stall the server's logging) and waits for `match` in it.
 */
async function startListening(
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

async function runLoad(spec: LoadSpec, dir: string, name: string): Promise<LoadResult> {
  const specPath = join(dir, `${name}.json`);
  writeFileSync(specPath, JSON.stringify(spec));
  const output = execFileSync(NODE, [join(ROOT, 'bench/src/load.ts'), specPath], {
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(String(output)) as LoadResult;
}

function peakRssMiB(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = Number(status.match(/VmHWM:\s+(\d+) kB/)?.[1] ?? 0);
    return Math.round((kib / 1024) * 10) / 10;
  } catch {
    return 0;
  }
}

/** The JavaScript the browser loads before the console renders: the entry and its preloads. */
function webInitialJsGzipKiB(): number | null {
  const dist = join(ROOT, 'apps/web/dist');
  let html: string;
  try {
    html = readFileSync(join(dist, 'index.html'), 'utf8');
  } catch {
    return null;
  }
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1] ?? '');
  const bytes = files.reduce(
    (sum, file) => sum + gzipSync(readFileSync(join(dist, file))).length,
    0,
  );
  return Math.round((bytes / 1024) * 10) / 10;
}

async function signIn(url: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${url}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ json: { email, password } }),
  });
  if (!response.ok)
    throw new Error(`bench sign-in failed: ${response.status} ${await response.text()}`);
  return (response.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
}

async function trpcMutation(
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

export async function runBenchmark(): Promise<BenchReport> {
  const accounts = flag('accounts', 1_000_000);
  const durationSeconds = flag('duration', 20);
  const warmupSeconds = flag('warmup', 3);
  const connections = flag('connections', 50);
  const outDir = resolve(textFlag('out', join(ROOT, 'bench/results')));
  const skipWebBuild = process.argv.includes('--skip-web-build');
  const dir = mkdtempSync(join(tmpdir(), 'lifeline-bench-'));
  const dbPath = join(dir, 'lifeline.db');
  // Production requires the key that signs audit checkpoints, kept outside the database.
  const auditKeyFile = join(dir, 'audit-signing-key.pem');
  writeFileSync(
    auditKeyFile,
    generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }),
    { mode: 0o600 },
  );
  const children: ChildProcess[] = [];

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
    const identifiers = [
      ...existing,
      ...existing.slice(0, 5000).map((_, n) => `nobody.${n}@missing.example`),
    ];
    const prefixes = existing
      .slice(0, 5000)
      .map((identifier) => identifier.slice(0, 3 + (identifier.length % 4)));

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
    execFileSync(
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
      {
        cwd: ROOT,
        input: `${password}\n`,
        env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', DATABASE_PATH: dbPath },
        stdio: ['pipe', 'ignore', 'inherit'],
      },
    );
    const server = await startListening(
      [join(ROOT, 'apps/server/src/index.ts')],
      {
        NODE_ENV: 'production',
        DATABASE_PATH: dbPath,
        PORT: '0',
        LOG_LEVEL: 'info',
        SCHEDULER_INTERVAL_SECONDS: '0',
        AUDIT_SIGNING_KEY_FILE: auditKeyFile,
      },
      /"url":"(http:\/\/[^"]+)"/,
      join(dir, 'server.log'),
    );
    children.push(server.child);
    const url = server.value;
    log(`server at ${url}`);
    const cookie = await signIn(url, 'bench@lifeline.test', password);
    const base = { url, cookie, origin: url, connections };

    // 4. Warm-up, then the measured runs.
    if (warmupSeconds > 0) {
      await runLoad(
        { ...base, kind: 'diagnose', durationSeconds: warmupSeconds, values: identifiers },
        dir,
        'warmup',
      );
    }
    log('accounts.diagnose');
    const diagnose = await runLoad(
      { ...base, kind: 'diagnose', durationSeconds, values: identifiers },
      dir,
      'diagnose',
    );
    log('accounts.search');
    const search = await runLoad(
      { ...base, kind: 'search', durationSeconds, values: prefixes },
      dir,
      'search',
    );

    // Reactivations: verify each pool account's owner first (the card on file), then act.
    log(`verifying ${pool.length} callers for the reactivation run`);
    const bodies: string[] = [];
    for (const [index, target] of pool.entries()) {
      const ticketRef = `BENCH-${index}`;
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
            idempotencyKey: `bench-${index}-${target.accountId}`,
            expectedVersion: target.version,
          },
        }),
      );
    }
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

    // 5. The raw limit, same machine, same identifiers, same connections.
    server.child.kill('SIGTERM');
    const rawServer = await startListening(
      [join(ROOT, 'bench/src/raw-server.ts'), dbPath, '0'],
      {},
      /"listening":(\d+)/,
      join(dir, 'raw.log'),
    );
    children.push(rawServer.child);
    const rawUrl = `http://127.0.0.1:${rawServer.value}`;
    if (warmupSeconds > 0) {
      await runLoad(
        {
          url: rawUrl,
          connections,
          kind: 'raw',
          durationSeconds: warmupSeconds,
          values: identifiers,
        },
        dir,
        'raw-warmup',
      );
    }
    log('raw baseline');
    const rawBaseline = await runLoad(
      { url: rawUrl, connections, kind: 'raw', durationSeconds, values: identifiers },
      dir,
      'raw',
    );

    const cpu = cpus();
    const report: BenchReport = {
      generatedAt: new Date().toISOString(),
      parameters: { accounts, durationSeconds, warmupSeconds, connections },
      machine: {
        cpuModel: cpu[0]?.model ?? 'unknown',
        cores: cpu.length,
        memoryGiB: Math.round(totalmem() / 1024 ** 3),
        node: process.version,
        sqlite: sqliteVersion,
        platform: `${process.platform}-${process.arch}`,
      },
      seeding,
      diagnose,
      rawBaseline,
      diagnoseRatioToRaw:
        Math.round((diagnose.requestsPerSecond / rawBaseline.requestsPerSecond) * 100) / 100,
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
    };
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
    const markdown = renderMarkdown(report);
    writeFileSync(join(outDir, 'latest.md'), markdown);
    process.stdout.write(markdown);
    return report;
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runBenchmark().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
