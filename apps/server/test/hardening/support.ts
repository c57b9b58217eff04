import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { hashPassword } from '@lifeline/api';
import { insertStaff, type LifelineDb, newId } from '@lifeline/db';
import { DAY, MINUTE, VERIFICATION_VALIDITY } from '@lifeline/domain';
import superjson from 'superjson';
import { onTestFailed } from 'vitest';
import { EXIT_WITH_PARENT, trackChild } from '../harness.ts';
import { databaseEnv, newTestDatabaseLocation, type TestSql, tableNames } from '../test-db.ts';

export { stopChildren } from '../harness.ts';
export type { Row } from '../test-db.ts';

/**
 * Shared by the hardening suites: the real server as a child process (as process.test.ts starts
 * it) on the run's engine, raw tRPC calls over HTTP with a cookie, fixtures written straight into
 * the database, and a digest of the tables.
 */

const ENTRY = resolve(import.meta.dirname, '../../src/index.ts');
export const TICKET = 'TCK-HARD-1';

// ── Server processes ────────────────────────────────────────────────────────────────────────

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  /** Everything the process wrote on stdout and stderr so far. */
  output(): string;
}

export interface TempDir {
  dir: string;
  /**
   * A database for server processes, on the run's engine: a file `name` in the folder on SQLite,
   * a new database on PostgreSQL. Its location is a path or a URL; `dispose` removes it.
   */
  database(name: string): Promise<string>;
  /** Removes the folder and the databases made with `database`. */
  dispose(): Promise<void>;
}

export function tempDir(prefix: string): TempDir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const drops: Array<() => Promise<void>> = [];
  return {
    dir,
    async database(name) {
      const made = await newTestDatabaseLocation(dir, name);
      drops.push(made.drop);
      return made.location;
    },
    async dispose() {
      for (const drop of drops.splice(0)) await drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts `apps/server/src/index.ts` on the database at `location` (a SQLite file path, or a
 * PostgreSQL URL given as DATABASE_URL) and resolves once it listens.
 */
export async function spawnServer(
  location: string,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const child = trackChild(
    spawn(process.execPath, [...EXIT_WITH_PARENT, ENTRY], {
      env: {
        PATH: process.env.PATH ?? '',
        ...databaseEnv(location),
        PORT: '0',
        DEMO_ACCOUNTS: '0',
        SCHEDULER_INTERVAL_SECONDS: '0',
        LOG_LEVEL: 'info',
        ...env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    }),
  );
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    output += String(chunk);
  });
  // 'close', not 'exit': by then everything the process wrote has been read.
  const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  for (;;) {
    const match = output.match(/"url":"(http:\/\/[^"]+)"/);
    if (match?.[1]) return { url: match[1], child, exited, output: () => output };
    if (gone) {
      throw new Error(
        `server exited early (code ${child.exitCode}, signal ${child.signalCode}):\n${output}`,
      );
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function stopServer(server: ServerProcess, signal: NodeJS.Signals = 'SIGTERM') {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill(signal);
  return server.exited;
}

// ── Raw tRPC over HTTP ──────────────────────────────────────────────────────────────────────

export interface CallResult {
  status: number;
  /** SPEC §11 reason of a refusal, 'none' on success. */
  reason: string;
  data: unknown;
  text: string;
}

export interface CallOptions {
  cookie?: string | undefined;
  type?: 'query' | 'mutation';
  timeoutMs?: number;
  headers?: Record<string, string>;
}

/** One procedure call as the console's tRPC client sends it (superjson, httpLink). */
export async function call(
  url: string,
  path: string,
  input: unknown,
  options: CallOptions = {},
): Promise<CallResult> {
  const { json, meta } = superjson.serialize(input);
  const envelope = JSON.stringify(meta === undefined ? { json } : { json, meta });
  const type = options.type ?? 'mutation';
  return send(url, path, envelope, { ...options, type });
}

/** Sends an already-encoded envelope (or any text) as the input of `path`. */
export async function send(
  url: string,
  path: string,
  body: string,
  options: CallOptions & { type: 'query' | 'mutation'; contentType?: string },
): Promise<CallResult> {
  const headers: Record<string, string> = { origin: url, ...options.headers };
  if (options.cookie) headers.cookie = options.cookie;
  const signal = AbortSignal.timeout(options.timeoutMs ?? 15_000);
  const response =
    options.type === 'query'
      ? await fetch(`${url}/trpc/${path}?input=${percentEncode(body)}`, { headers, signal })
      : await fetch(`${url}/trpc/${path}`, {
          method: 'POST',
          headers: { 'content-type': options.contentType ?? 'application/json', ...headers },
          body,
          signal,
        });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const envelope = parsed as
    | { result?: { data?: unknown }; error?: { json?: { data?: { reason?: string } } } }
    | undefined;
  if (response.ok) {
    const data = envelope?.result?.data as Parameters<typeof superjson.deserialize>[0] | undefined;
    return {
      status: response.status,
      reason: 'none',
      data: data === undefined ? undefined : superjson.deserialize(data),
      text,
    };
  }
  return {
    status: response.status,
    reason: String(envelope?.error?.json?.data?.reason ?? `HTTP_${response.status}`),
    data: undefined,
    text,
  };
}

/** encodeURIComponent, except that a lone surrogate goes as U+FFFD instead of throwing. */
function percentEncode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Signs in over HTTP and returns the `lifeline_session=…` cookie pair. */
export async function signIn(url: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${url}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ json: { email, password } }),
  });
  if (!response.ok) throw new Error(`sign-in of ${email} failed: ${await response.text()}`);
  const cookie = (response.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
  if (!cookie.startsWith('lifeline_session=')) throw new Error('no session cookie');
  return cookie;
}

// ── Fixtures written into the database ──────────────────────────────────────────────────────

export const STAFF_PASSWORD = 'hardening-password-1';

/** `count` staff members of `role` (one argon2 hash shared: they all use STAFF_PASSWORD). */
export async function createStaffMembers(
  db: LifelineDb,
  prefix: string,
  count: number,
  now: number,
  role: 'agent' | 'lead' | 'admin' = 'agent',
): Promise<Array<{ id: string; email: string }>> {
  const passwordHash = await hashPassword(STAFF_PASSWORD);
  return db.transaction(async (tx) => {
    const created: Array<{ id: string; email: string }> = [];
    for (let i = 0; i < count; i += 1) {
      const email = `${prefix}-${i}@lifeline.test`;
      const row = await insertStaff(tx, {
        email,
        displayName: `${prefix} ${i}`,
        role,
        passwordHash,
        createdAt: now,
      });
      created.push({ id: row.id, email });
    }
    return created;
  });
}

export interface AccountFixture {
  accountId: string;
  ownerLoginId: string;
  ownerEmail: string;
  teamLoginId: string | null;
  teamEmail: string | null;
}

/**
 * An account of our own with an owner login: deactivated (owner_cancelled, 20 days ago) or
 * active; optionally its owner login locked, a team-member login and a card on file.
 */
export async function insertAccount(
  db: TestSql,
  input: {
    email: string;
    now: number;
    deactivated?: boolean;
    locked?: boolean;
    teamMember?: string;
    cardLast4?: string;
  },
): Promise<AccountFixture> {
  const accountId = newId('acc');
  const ownerLoginId = newId('lgn');
  const { now } = input;
  const deactivatedAt = input.deactivated ? now - 20 * DAY : null;
  await db.sql(
    `INSERT INTO accounts (id, contact_email, plan, status, created_at, balance_cents, deactivated_at,
       deactivation_reason, purge_after, version, contacts_count, lists_count, campaigns_count)
     VALUES (?, ?, 'paid', ?, ?, 0, ?, ?, ?, 1, 10, 2, 3)`,
    accountId,
    input.email,
    input.deactivated ? 'deactivated' : 'active',
    now - 300 * DAY,
    deactivatedAt,
    input.deactivated ? 'owner_cancelled' : null,
    deactivatedAt === null ? null : deactivatedAt + 120 * DAY,
  );
  const insertLogin = (...values: unknown[]) =>
    db.sql(
      `INSERT INTO logins (id, account_id, identifier, identifier_kind, role, created_at,
         failed_attempts, first_failed_at, locked_until, lockout_count)
       VALUES (?, ?, ?, 'email', ?, ?, ?, ?, ?, ?)`,
      ...values,
    );
  if (input.locked) {
    await insertLogin(
      ownerLoginId,
      accountId,
      input.email,
      'owner',
      now - 300 * DAY,
      5,
      now - 12 * MINUTE,
      now + 10 * MINUTE,
      1,
    );
  } else {
    await insertLogin(
      ownerLoginId,
      accountId,
      input.email,
      'owner',
      now - 300 * DAY,
      0,
      null,
      null,
      0,
    );
  }
  let teamLoginId: string | null = null;
  if (input.teamMember) {
    teamLoginId = newId('lgn');
    await insertLogin(
      teamLoginId,
      accountId,
      input.teamMember,
      'team_member',
      now - 100 * DAY,
      0,
      null,
      null,
      0,
    );
  }
  if (input.cardLast4) {
    await db.sql(
      `INSERT INTO cards (account_id, brand, last4) VALUES (?, 'visa', ?)`,
      accountId,
      input.cardLast4,
    );
  }
  return {
    accountId,
    ownerLoginId,
    ownerEmail: input.email,
    teamLoginId,
    teamEmail: input.teamMember ?? null,
  };
}

/** A passed verification as `verification.check` writes it (actions.test.ts does the same). */
export async function insertVerification(
  db: TestSql,
  input: {
    staffId: string;
    loginId: string;
    accountId: string;
    now: number;
    method?: 'card_last4' | 'email_code';
    ticketRef?: string;
  },
): Promise<string> {
  const id = newId('ver');
  await db.sql(
    `INSERT INTO verifications (id, staff_id, login_id, account_id, ticket_ref, method, outcome, created_at, expires_at)
     VALUES (?, ?, ?, ?, ?, ?, 'passed', ?, ?)`,
    id,
    input.staffId,
    input.loginId,
    input.accountId,
    input.ticketRef ?? TICKET,
    input.method ?? 'card_last4',
    input.now,
    input.now + VERIFICATION_VALIDITY,
  );
  return id;
}

// ── Reading the database ────────────────────────────────────────────────────────────────────

/**
 * SHA-256 over every row of every table but `exclude`. Each table's rows are hashed in sorted
 * order of their JSON, not in storage order: the same contents give the same digest on any
 * engine, and any change to a row shows.
 */
export async function databaseDigest(db: TestSql, exclude: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const table of await tableNames(db)) {
    if (exclude.includes(table)) continue;
    hash.update(`\u0000${table}\u0000`);
    const lines = (await db.sql(`SELECT * FROM "${table}"`)).map((row) =>
      JSON.stringify(row, (_k, v) => (typeof v === 'bigint' ? String(v) : v)),
    );
    for (const line of lines.sort()) hash.update(line);
  }
  return hash.digest('hex');
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** `make` for each item, one after the other: fixtures written in a stable order. */
export async function inOrder<T, R>(
  items: readonly T[],
  make: (item: T) => Promise<R>,
): Promise<R[]> {
  const made: R[] = [];
  for (const item of items) made.push(await make(item));
  return made;
}

/** Runs `tasks` with at most `width` in flight at once; results in order. */
export async function pool<T>(width: number, tasks: Array<() => Promise<T>>): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  async function worker() {
    for (;;) {
      const index = next;
      next += 1;
      const task = tasks[index];
      if (task === undefined) return;
      results[index] = await task();
    }
  }
  await Promise.all(Array.from({ length: Math.min(width, tasks.length) }, worker));
  return results;
}

// ── Seeds ───────────────────────────────────────────────────────────────────────────────────

/**
 * The seed of a randomised test: TEST_SEED when set (to replay a failure), else `fresh()`. It is
 * printed if the test fails in any way, a timeout included, with the command line to replay it.
 * Call it inside the test.
 */
export function testSeed(name: string, fresh: () => number): number {
  const given = process.env.TEST_SEED;
  const seed = given === undefined || given === '' ? fresh() : Number(given);
  if (!Number.isSafeInteger(seed)) throw new Error(`TEST_SEED must be an integer, not ${given}`);
  onTestFailed(({ task }) => {
    console.error(
      `${name}: "${task.name}" failed with seed=${seed}; replay it with TEST_SEED=${seed} pnpm exec vitest run ${task.file.filepath}`,
    );
  });
  return seed;
}

/** Fisher–Yates with a seeded PRNG, so a failing order can be replayed. */
export function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0 || 1;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
