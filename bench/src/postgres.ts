// The PostgreSQL half of `pnpm bench --engine postgres`: a fresh database (on an embedded
// PostgreSQL, or on `--database-url`'s server), seeded like the SQLite one, then
// `accounts.diagnose` on one and on two production server processes, each against the raw
// baseline with as many processes (raw-server-pg.ts), interleaved; search on one server, and
// reactivations through both servers at once (writes from two processes into one database).
import { execFile } from 'node:child_process';
import { createPrivateKey, createPublicKey, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getOrCreateSecret, IDENTIFIER_HASH_KEY, openDatabase } from '@lifeline/db';
import { seedDemoData } from '@lifeline/db/seed';
import { startEmbeddedPostgres } from '@lifeline/db/testing-pg';
import pg from 'pg';
import {
  createBenchStaff,
  interleavedPair,
  type LoadResult,
  log,
  NODE,
  onCleanup,
  type PairResult,
  peakRssMiB,
  ROOT,
  reactivationBodies,
  runLoads,
  secondFactorSettings,
  signIn,
  splitConnections,
  startListening,
} from './harness.ts';
import type { LoadSpec } from './load.ts';
import { type OpenLoopReport, openLoopPairs } from './open-loop-pairs.ts';

/** The server's read pool per process (client-pg.ts's default; the server sets no other). */
export const SERVER_READ_POOL = 10;

export interface PostgresReport {
  /** `server_version` of the server the run used. */
  version: string;
  server: 'embedded' | 'existing';
  /** The settings that matter for these figures, as the server reports them. */
  settings: Record<string, string>;
  pools: { serverRead: number; serverWrite: number; raw: number };
  seeding: {
    accounts: number;
    seconds: number;
    accountsPerSecond: number;
    databaseMiB: number;
    vacuumAnalyzeSeconds: number;
  };
  /** Whether the load used the same identifiers as the SQLite run (the seed is deterministic). */
  sameIdentifiersAsSqlite: boolean;
  one: PairResult;
  two: PairResult;
  /** accounts.diagnose on one server and its raw baseline at fixed arrival rates (open loop). */
  openLoop?: OpenLoopReport;
  /** accounts.search on one server (no raw counterpart). */
  search: LoadResult;
  /** Reactivations through both servers at once, half the bodies and connections each. */
  reactivate: {
    servers: number;
    connections: number;
    reactivations: number;
    seconds: number;
    perSecond: number;
    auditEvents: number;
    outboxEmails: number;
    /** `pnpm audit:verify` on the database afterwards: the chain the two servers appended to. */
    auditChainOk: boolean;
    auditEventsWalked: number | null;
    load: LoadResult;
  };
  /** The higher of the two servers' peak RSS. */
  serverPeakRssMiB: number;
}

export interface PostgresInputs {
  accounts: number;
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  rounds: number;
  /** An existing server to create the database on; else an embedded one is started. */
  databaseUrl: string | undefined;
  dir: string;
  auditKeyFile: string;
  /** The SQLite run's existing identifiers (the seed makes the same ones here). */
  existing: string[];
  valuesFrom(existing: string[]): { identifiers: string[]; prefixes: string[] };
  /** The open-loop rates and timing, as on SQLite. */
  openLoop: { rates: number[]; rounds: number; durationSeconds: number };
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'lifeline-bench' });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The reactivation pool, as run.ts picks it on SQLite. */
const POOL_SQL = `SELECT a.id AS "accountId", a.version AS version, l.identifier AS identifier, c.last4 AS last4
  FROM accounts a JOIN logins l ON l.account_id = a.id AND l.role = 'owner'
  JOIN cards c ON c.account_id = a.id
  WHERE a.status = 'deactivated' AND a.deactivation_reason != 'terms_violation'
    AND a.purge_after > $1 ORDER BY a.id LIMIT $2`;

export async function runPostgres(inputs: PostgresInputs): Promise<PostgresReport> {
  const { accounts, durationSeconds, warmupSeconds, connections, rounds, dir } = inputs;

  // 1. A server, then a fresh database on it (UTF-8, C collation, as the README asks).
  let serverUrl = inputs.databaseUrl;
  if (!serverUrl) {
    log('starting an embedded PostgreSQL');
    const embedded = await startEmbeddedPostgres();
    onCleanup(() => embedded.stop());
    serverUrl = embedded.url;
  }
  const name = `lifeline_bench_${randomBytes(6).toString('hex')}`;
  await withClient(serverUrl, (client) =>
    client.query(
      `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`,
    ),
  );
  const adminUrl = serverUrl;
  if (inputs.databaseUrl) {
    onCleanup(() =>
      withClient(adminUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
      ),
    );
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();

  // 2. Seeded as the SQLite database was: the same generator, the same accounts.
  log(`seeding ${accounts} accounts into PostgreSQL database ${name}`);
  const db = openDatabase(databaseUrl);
  let seeded: Awaited<ReturnType<typeof seedDemoData>>;
  try {
    await db.ready;
    const key = await getOrCreateSecret(db, IDENTIFIER_HASH_KEY);
    seeded = await seedDemoData(db, { accounts, now: Date.now(), identifierHashKey: key });
  } finally {
    await db.close();
  }

  const facts = await withClient(databaseUrl, async (client) => {
    // A bulk load leaves no statistics and no visibility map: autovacuum would get to it in
    // the middle of the measures. Done once here, as an operator would after an import.
    const vacuumStarted = performance.now();
    await client.query('VACUUM (ANALYZE)');
    const vacuumAnalyzeSeconds = Math.round((performance.now() - vacuumStarted) / 100) / 10;
    const show = async (setting: string) =>
      String((await client.query(`SHOW ${setting}`)).rows[0]?.[setting] ?? '?');
    const settings: Record<string, string> = {};
    for (const setting of [
      'shared_buffers',
      'fsync',
      'synchronous_commit',
      'max_connections',
      'work_mem',
    ]) {
      settings[setting] = await show(setting);
    }
    const size = Number(
      (await client.query('SELECT pg_database_size(current_database()) AS n')).rows[0]?.n ?? 0,
    );
    const distinct = [...new Set(inputs.existing)];
    const found = Number(
      (
        await client.query(
          'SELECT count(DISTINCT identifier) AS n FROM logins WHERE identifier = ANY($1::text[])',
          [distinct],
        )
      ).rows[0]?.n ?? 0,
    );
    const sameIdentifiers = found === distinct.length && distinct.length > 0;
    const existing = sameIdentifiers
      ? inputs.existing
      : (
          await client.query<{ identifier: string }>(
            'SELECT identifier FROM logins ORDER BY random() LIMIT 20000',
          )
        ).rows.map((row) => row.identifier);
    const pool = (
      await client.query<{ accountId: string; version: number; identifier: string; last4: string }>(
        POOL_SQL,
        [Date.now() + 3_600_000, Math.max(200, Math.min(6000, durationSeconds * 600))],
      )
    ).rows;
    return {
      version: await show('server_version'),
      settings,
      vacuumAnalyzeSeconds,
      databaseMiB: Math.round((size / 1024 / 1024) * 10) / 10,
      sameIdentifiers,
      found,
      distinct: distinct.length,
      existing,
      pool,
    };
  });
  const seeding = {
    accounts: seeded.scenarioAccounts + seeded.generatedAccounts,
    seconds: Math.round(seeded.elapsedMs / 100) / 10,
    accountsPerSecond: Math.round(seeded.accountsPerSecond),
    databaseMiB: facts.databaseMiB,
    vacuumAnalyzeSeconds: facts.vacuumAnalyzeSeconds,
  };
  log(`seeded: ${JSON.stringify(seeding)}; PostgreSQL ${facts.version}`);
  if (!facts.sameIdentifiers) {
    log(`${facts.found} of the SQLite run's ${facts.distinct} identifiers are here: sampled anew`);
  }
  const { identifiers, prefixes } = inputs.valuesFrom(facts.existing);

  // 3. The staff member (production CLI), then servers and raw baselines, started as needed.
  const password = `bench-${randomBytes(9).toString('hex')}-password`;
  await createBenchStaff({ DATABASE_URL: databaseUrl }, password);
  const checkpointDir = join(dir, 'pg-audit-checkpoints');
  const startServer = async (index: number) => {
    const server = await startServerProcess(
      index,
      databaseUrl,
      inputs.auditKeyFile,
      checkpointDir,
      dir,
    );
    const cookie = await signIn(server.url, 'bench@lifeline.test', password);
    log(`PostgreSQL server ${index} at ${server.url}`);
    return { ...server, cookie };
  };
  const startRaw = async (index: number) => {
    const raw = await startRawProcess(index, databaseUrl, dir);
    log(`PostgreSQL raw baseline ${index} at ${raw.url}`);
    return raw;
  };
  const diagnoseSpec = (
    server: { url: string; cookie: string },
    share: number,
    values: string[] = identifiers,
  ): LoadSpec => ({
    url: server.url,
    cookie: server.cookie,
    origin: server.url,
    connections: share,
    kind: 'diagnose',
    durationSeconds,
    values,
  });
  const rawSpec = (raw: { url: string }, share: number): LoadSpec => ({
    url: raw.url,
    connections: share,
    kind: 'raw',
    durationSeconds,
    values: identifiers,
  });

  const first = await startServer(1);
  const firstRaw = await startRaw(1);
  log(`accounts.diagnose on PostgreSQL, 1 server, ${rounds} interleaved rounds`);
  const one = await interleavedPair({
    label: 'PostgreSQL ×1',
    engine: 'postgres',
    lifeline: [diagnoseSpec(first, connections)],
    raw: [rawSpec(firstRaw, connections)],
    rounds,
    warmupSeconds,
    dir,
    name: 'pg1',
  });
  log(`open loop on PostgreSQL, 1 server, at ${inputs.openLoop.rates.join(', ')} req/s`);
  const openLoop = await openLoopPairs({
    lifeline: {
      url: first.url,
      kind: 'diagnose',
      cookie: first.cookie,
      origin: first.url,
      values: identifiers,
    },
    raw: { url: firstRaw.url, kind: 'raw', values: identifiers },
    ...inputs.openLoop,
    dir,
  });
  log('accounts.search on PostgreSQL, 1 server');
  const search = await runLoads(
    [{ ...diagnoseSpec(first, connections, prefixes), kind: 'search' }],
    dir,
    'pg-search',
  );

  const second = await startServer(2);
  const secondRaw = await startRaw(2);
  const shares = splitConnections(connections, 2);
  log(`accounts.diagnose on PostgreSQL, 2 servers, ${rounds} interleaved rounds`);
  const two = await interleavedPair({
    label: 'PostgreSQL ×2',
    engine: 'postgres',
    lifeline: [first, second].map((server, i) => diagnoseSpec(server, shares[i] ?? 1)),
    raw: [firstRaw, secondRaw].map((raw, i) => rawSpec(raw, shares[i] ?? 1)),
    rounds,
    warmupSeconds,
    dir,
    name: 'pg2',
  });

  // 4. Reactivations through both servers at once: each verifies and reactivates its half.
  const servers = [first, second];
  const halves = servers.map((_, i) => facts.pool.filter((_, n) => n % servers.length === i));
  log(`verifying ${facts.pool.length} callers for the PostgreSQL reactivation run`);
  const bodies = await Promise.all(
    servers.map((server, i) =>
      reactivationBodies(server.url, server.cookie, halves[i] ?? [], `BENCH-PG${i + 1}`),
    ),
  );
  const count = () =>
    withClient(databaseUrl, async (client) => {
      const countOf = async (sql: string) => Number((await client.query(sql)).rows[0]?.n ?? 0);
      return {
        events: await countOf(
          "SELECT count(*) AS n FROM audit_events WHERE action = 'account.reactivate' AND outcome = 'succeeded'",
        ),
        emails: await countOf(
          "SELECT count(*) AS n FROM outbox WHERE template = 'account_reactivated'",
        ),
      };
    });
  const reactivateSeconds = Math.max(1, Math.min(durationSeconds, 10));
  const reactivateConnections = Math.min(connections, 10);
  const before = await count();
  log(`actions.reactivate through 2 servers with ${bodies.flat().length} prepared requests`);
  const reactivateLoad = await runLoads(
    servers.map((server, i) => ({
      url: server.url,
      cookie: server.cookie,
      origin: server.url,
      connections: splitConnections(reactivateConnections, 2)[i] ?? 1,
      kind: 'reactivate' as const,
      durationSeconds: reactivateSeconds,
      values: [],
      bodies: bodies[i] ?? [],
    })),
    dir,
    'pg-reactivate',
  );
  const after = await count();
  const reactivations = after.events - before.events;
  const serverPeakRssMiB = Math.max(...servers.map((server) => peakRssMiB(server.child.pid)));
  const audit = await verifyAuditChain(databaseUrl, inputs.auditKeyFile, checkpointDir, dir);

  return {
    version: facts.version,
    server: inputs.databaseUrl ? 'existing' : 'embedded',
    settings: facts.settings,
    pools: { serverRead: SERVER_READ_POOL, serverWrite: 1, raw: SERVER_READ_POOL },
    seeding,
    sameIdentifiersAsSqlite: facts.sameIdentifiers,
    one,
    two,
    openLoop,
    search,
    reactivate: {
      servers: servers.length,
      connections: reactivateConnections,
      reactivations,
      seconds: reactivateSeconds,
      perSecond: Math.round((reactivations / reactivateSeconds) * 10) / 10,
      auditEvents: reactivations,
      outboxEmails: after.emails - before.emails,
      auditChainOk: audit.ok,
      auditEventsWalked: audit.eventsWalked,
      load: reactivateLoad,
    },
    serverPeakRssMiB,
  };
}

function startServerProcess(
  index: number,
  databaseUrl: string,
  auditKeyFile: string,
  checkpointDir: string,
  dir: string,
) {
  return startListening(
    [join(ROOT, 'apps/server/src/index.ts')],
    {
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      PORT: '0',
      LOG_LEVEL: 'info',
      SCHEDULER_INTERVAL_SECONDS: '0',
      AUDIT_SIGNING_KEY_FILE: auditKeyFile,
      ...secondFactorSettings(auditKeyFile),
      AUDIT_CHECKPOINT_DIR: checkpointDir,
    },
    /"url":"(http:\/\/[^"]+)"/,
    join(dir, `pg-server-${index}.log`),
  ).then(({ child, value }) => ({ child, url: value }));
}

function startRawProcess(index: number, databaseUrl: string, dir: string) {
  return startListening(
    [join(ROOT, 'bench/src/raw-server-pg.ts'), databaseUrl, '0', String(SERVER_READ_POOL)],
    {},
    /"listening":(\d+)/,
    join(dir, `pg-raw-${index}.log`),
  ).then(({ child, value }) => ({ child, url: `http://127.0.0.1:${value}` }));
}

/**
 * `pnpm audit:verify` with the public half of the bench's signing key: the chain both servers
 * appended to holds from its first event to its head.
 */
function verifyAuditChain(
  databaseUrl: string,
  auditKeyFile: string,
  checkpointDir: string,
  dir: string,
): Promise<{ ok: boolean; eventsWalked: number | null }> {
  const publicKeyFile = join(dir, 'audit-signing-key.pub.pem');
  writeFileSync(
    publicKeyFile,
    createPublicKey(createPrivateKey(readFileSync(auditKeyFile)))
      .export({ type: 'spki', format: 'pem' })
      .toString(),
  );
  return new Promise((resolve) => {
    execFile(
      NODE,
      [
        join(ROOT, 'apps/server/src/cli/audit-verify.ts'),
        '--public-key',
        publicKeyFile,
        '--database',
        databaseUrl,
        '--json',
      ],
      {
        cwd: ROOT,
        // The servers' checkpoint folder (none is written with the scheduler off), never the
        // development one beside ./data.
        env: {
          PATH: process.env.PATH ?? '',
          NODE_ENV: 'production',
          AUDIT_CHECKPOINT_DIR: checkpointDir,
        },
        maxBuffer: 16 * 1024 * 1024,
      },
      (_error, stdout, stderr) => {
        try {
          const report = JSON.parse(stdout) as {
            ok: boolean;
            counts: { databaseEvents: number | null };
          };
          resolve({ ok: report.ok, eventsWalked: report.counts.databaseEvents });
        } catch {
          log(`audit:verify gave no report: ${stderr}`);
          resolve({ ok: false, eventsWalked: null });
        }
      },
    );
  });
}
