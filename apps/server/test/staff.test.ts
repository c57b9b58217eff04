import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openDatabase } from '@lifeline/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_PASSWORD,
  reasonOf,
  startTestServer,
  stopChildren,
  type TestClient,
  type TestServer,
  trackChild,
} from './harness.ts';
import { newTestDatabaseLocation, testSql } from './test-db.ts';

// Staff management over real HTTP (SPEC §6 "manage staff", admin only), and the production
// `staff:create` CLI run as a child process.

type Row = Record<string, unknown>;

const REPO_ROOT = resolve(import.meta.dirname, '../../..');
const NEW_PASSWORD = 'correct-horse-battery';

let server: TestServer;
let admin: TestClient;
let lead: TestClient;
const staffIds: Record<string, string> = {};

function staffRow(email: string): Promise<Row | undefined> {
  return server.one('SELECT * FROM staff WHERE email = ?', email);
}

function auditRows(action: string): Promise<Row[]> {
  return server.sql('SELECT * FROM audit_events WHERE action = ? ORDER BY id', action);
}

async function signInAs(email: string, password: string): Promise<TestClient> {
  const client = server.client();
  await client.auth.login.mutate({ email, password });
  return client;
}

beforeAll(async () => {
  server = await startTestServer({ accounts: 0 });
  admin = await server.signedIn('admin@lifeline.test');
  lead = await server.signedIn('lead@lifeline.test');
  for (const row of await server.sql('SELECT id, email FROM staff')) {
    staffIds[String(row.email)] = String(row.id);
  }
});
afterAll(async () => {
  await stopChildren();
  await server.close();
});

describe('staff.list', () => {
  it('lists staff for admins, never with password hashes', async () => {
    const response = await admin.staff.list.query();
    expect(response.items.map((s) => s.email).sort()).toEqual([
      'admin@lifeline.test',
      'agent2@lifeline.test',
      'agent@lifeline.test',
      'lead@lifeline.test',
    ]);
    expect(response.items[0]).toEqual({
      id: expect.any(String),
      email: expect.any(String),
      displayName: expect.any(String),
      role: expect.any(String),
      createdAt: expect.any(Number),
      disabledAt: null,
      factorCount: 0,
    });
    expect(JSON.stringify(response)).not.toMatch(/argon2|password/i);
    expect(await reasonOf(lead.staff.list.query())).toBe('FORBIDDEN_ROLE');
  });
});

describe('staff.create', () => {
  it('creates a staff member with a normalised email and an argon2id hash, audited', async () => {
    const result = await admin.staff.create.mutate({
      email: 'New.Person@Lifeline.TEST',
      displayName: '  Nour Person ',
      role: 'agent',
      password: NEW_PASSWORD,
    });
    expect(result.staff).toEqual({
      id: expect.stringMatching(/^stf_/),
      email: 'new.person@lifeline.test',
      displayName: 'Nour Person',
      role: 'agent',
    });
    expect(JSON.stringify(result)).not.toMatch(/argon2|password/i);
    const row = await staffRow('new.person@lifeline.test');
    expect(String(row?.password_hash)).toMatch(/^\$argon2id\$/);
    expect(row?.disabled_at).toBeNull();
    const [event] = await auditRows('staff.create');
    expect(event).toMatchObject({
      staff_id: staffIds['admin@lifeline.test'],
      outcome: 'succeeded',
    });
    expect(JSON.parse(String(event?.details))).toEqual({
      staffId: result.staff.id,
      email: 'new.person@lifeline.test',
      displayName: 'Nour Person',
      role: 'agent',
    });
    expect(String(event?.details)).not.toContain(NEW_PASSWORD);

    const newcomer = await signInAs('new.person@lifeline.test', NEW_PASSWORD);
    expect((await newcomer.auth.me.query()).staff.role).toBe('agent');
  });

  it('refuses a duplicate email in any case (INVALID_INPUT, audited), a short password and non-admins', async () => {
    expect(
      await reasonOf(
        admin.staff.create.mutate({
          email: 'LEAD@lifeline.test',
          displayName: 'Copy',
          role: 'admin',
          password: NEW_PASSWORD,
        }),
      ),
    ).toBe('INVALID_INPUT');
    // The refusal names the field, so the console can put it on the Email field.
    const duplicate = await admin.staff.create
      .mutate({
        email: 'lead@lifeline.test',
        displayName: 'Copy',
        role: 'agent',
        password: NEW_PASSWORD,
      })
      .catch((error: unknown) => error);
    expect((duplicate as { data?: unknown }).data).toMatchObject({
      reason: 'INVALID_INPUT',
      field: 'email',
      httpStatus: 400,
    });
    const refused = (await auditRows('staff.create')).filter((e) => e.outcome === 'refused');
    expect(refused).toHaveLength(2);
    expect(refused[0]).toMatchObject({ reason: 'INVALID_INPUT' });
    expect(String(refused[0]?.details)).not.toContain(NEW_PASSWORD);
    expect((await staffRow('lead@lifeline.test'))?.role).toBe('lead');

    expect(
      await reasonOf(
        admin.staff.create.mutate({
          email: 'short@lifeline.test',
          displayName: 'Short',
          role: 'agent',
          password: 'too-short',
        }),
      ),
    ).toBe('INVALID_INPUT');
    expect(
      await reasonOf(
        lead.staff.create.mutate({
          email: 'sneaky@lifeline.test',
          displayName: 'Sneaky',
          role: 'admin',
          password: NEW_PASSWORD,
        }),
      ),
    ).toBe('FORBIDDEN_ROLE');
    expect(await staffRow('short@lifeline.test')).toBeUndefined();
    expect(await staffRow('sneaky@lifeline.test')).toBeUndefined();
  });
});

describe('staff.setRole', () => {
  it('changes a role at once for their open session, audited with before and after', async () => {
    const newcomer = await signInAs('new.person@lifeline.test', NEW_PASSWORD);
    expect(await reasonOf(newcomer.alerts.list.query())).toBe('FORBIDDEN_ROLE');
    const id = String((await staffRow('new.person@lifeline.test'))?.id);
    const result = await admin.staff.setRole.mutate({ staffId: id, role: 'lead' });
    expect(result).toMatchObject({ changed: true, staff: { id, role: 'lead' } });
    expect((await newcomer.auth.me.query()).staff.role).toBe('lead');
    expect(await reasonOf(newcomer.alerts.list.query())).toBe('none');
    const event = (await auditRows('staff.set_role')).at(-1);
    expect(JSON.parse(String(event?.details))).toMatchObject({
      staffId: id,
      role: { before: 'agent', after: 'lead' },
    });
    // Setting the role it already has changes nothing and writes nothing.
    const again = await admin.staff.setRole.mutate({ staffId: id, role: 'lead' });
    expect(again.changed).toBe(false);
    expect(await auditRows('staff.set_role')).toHaveLength(1);
  });

  it('keeps the last admin an admin', async () => {
    const adminId = staffIds['admin@lifeline.test'] ?? '';
    const call = admin.staff.setRole.mutate({ staffId: adminId, role: 'lead' });
    await expect(call).rejects.toThrow(/last admin/);
    expect(await reasonOf(admin.staff.setRole.mutate({ staffId: adminId, role: 'agent' }))).toBe(
      'INVALID_INPUT',
    );
    expect((await staffRow('admin@lifeline.test'))?.role).toBe('admin');
    expect(
      (await auditRows('staff.set_role')).filter((e) => e.outcome === 'refused').length,
    ).toBeGreaterThanOrEqual(2);
    expect(
      await reasonOf(admin.staff.setRole.mutate({ staffId: 'stf_0000000000000000', role: 'lead' })),
    ).toBe('NOT_FOUND');
  });
});

describe('staff.disable', () => {
  it('disables a staff member: their open session stops working and they cannot sign in', async () => {
    const victim = await server.signedIn('agent2@lifeline.test');
    expect((await victim.auth.me.query()).staff.email).toBe('agent2@lifeline.test');
    const id = staffIds['agent2@lifeline.test'] ?? '';
    const result = await admin.staff.disable.mutate({ staffId: id });
    expect(result.staff).toMatchObject({ id, disabledAt: server.clock.now });
    expect((await staffRow('agent2@lifeline.test'))?.disabled_at).toBe(server.clock.now);
    const sessions = await server.sql(
      'SELECT revoked_at FROM staff_sessions WHERE staff_id = ?',
      id,
    );
    expect(sessions.length).toBeGreaterThan(0);
    expect(sessions.every((s) => s.revoked_at !== null)).toBe(true);

    expect(await reasonOf(victim.auth.me.query())).toBe('UNAUTHENTICATED');
    expect(
      await reasonOf(
        server
          .client()
          .auth.login.mutate({ email: 'agent2@lifeline.test', password: 'lifeline-demo' }),
      ),
    ).toBe('UNAUTHENTICATED');
    const event = (await auditRows('staff.disable')).at(-1);
    expect(event).toMatchObject({
      outcome: 'succeeded',
      staff_id: staffIds['admin@lifeline.test'],
    });
    expect(JSON.parse(String(event?.details))).toMatchObject({ staffId: id, role: 'agent' });

    expect(await reasonOf(admin.staff.disable.mutate({ staffId: id }))).toBe('INVALID_INPUT');
    expect(
      await reasonOf(lead.staff.disable.mutate({ staffId: staffIds['agent@lifeline.test'] ?? '' })),
    ).toBe('FORBIDDEN_ROLE');
    expect((await staffRow('agent@lifeline.test'))?.disabled_at).toBeNull();
  });

  it('refuses an admin disabling themselves; a second admin may be disabled by the first', async () => {
    const adminId = staffIds['admin@lifeline.test'] ?? '';
    const call = admin.staff.disable.mutate({ staffId: adminId });
    await expect(call).rejects.toThrow(/your own account/);
    expect(await reasonOf(admin.staff.disable.mutate({ staffId: adminId }))).toBe('INVALID_INPUT');
    expect((await staffRow('admin@lifeline.test'))?.disabled_at).toBeNull();

    const second = await admin.staff.create.mutate({
      email: 'second.admin@lifeline.test',
      displayName: 'Second Admin',
      role: 'admin',
      password: NEW_PASSWORD,
    });
    const secondClient = await signInAs('second.admin@lifeline.test', NEW_PASSWORD);
    // With two admins, one may step down; then the other is the last one again.
    await secondClient.staff.setRole.mutate({ staffId: second.staff.id, role: 'lead' });
    expect(await reasonOf(secondClient.staff.list.query())).toBe('FORBIDDEN_ROLE');
    await admin.staff.setRole.mutate({ staffId: second.staff.id, role: 'admin' });
    await admin.staff.disable.mutate({ staffId: second.staff.id });
    expect(await reasonOf(secondClient.auth.me.query())).toBe('UNAUTHENTICATED');
    expect(await reasonOf(admin.staff.setRole.mutate({ staffId: adminId, role: 'lead' }))).toBe(
      'INVALID_INPUT',
    );
  });
});

// ---- the CLI ----------------------------------------------------------------------------------

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: Record<string, string>, stdin: string): Promise<CliRun> {
  return new Promise((done, fail) => {
    // pnpm starts node as its own child: a process group of their own, so both are stopped.
    const child = trackChild(
      spawn('pnpm', ['exec', 'node', 'apps/server/src/cli/staff-create.ts', ...args], {
        cwd: REPO_ROOT,
        env: { ...process.env, LOG_LEVEL: 'silent', ...env },
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: true,
      }),
      { group: true },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += String(chunk);
    });
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

// Each run starts Node through pnpm: allow more than the default timeout on a busy machine.
describe('pnpm staff:create (CLI)', { timeout: 60_000 }, () => {
  const CLI_PASSWORD = 'piped-in-password-42';

  it('creates a staff member from a piped password; they can then sign in over HTTP', async () => {
    const env = server.databaseEnv;
    const run = await runCli(
      ['--email', 'Cli.Lead@Lifeline.test', '--role', 'lead', '--name', 'Cli Lead'],
      env,
      `${CLI_PASSWORD}\nignored second line\n`,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Created lead cli\.lead@lifeline\.test \(stf_[0-9a-z]+\)/);
    expect(run.stdout).not.toContain(CLI_PASSWORD);
    const row = await staffRow('cli.lead@lifeline.test');
    expect(row).toMatchObject({ role: 'lead', display_name: 'Cli Lead', disabled_at: null });
    expect(String(row?.password_hash)).toMatch(/^\$argon2id\$/);
    const event = (await auditRows('staff.create')).at(-1);
    expect(event).toMatchObject({ staff_id: 'cli', outcome: 'succeeded' });

    const client = await signInAs('cli.lead@lifeline.test', CLI_PASSWORD);
    expect((await client.auth.me.query()).staff).toMatchObject({
      email: 'cli.lead@lifeline.test',
      role: 'lead',
    });

    const duplicate = await runCli(
      ['--email', 'cli.lead@lifeline.test', '--role', 'agent'],
      env,
      `${CLI_PASSWORD}\n`,
    );
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toMatch(/already exists/);
  });

  it('marks a break-glass admin, who alone signs in by password when passwords are off', async () => {
    const run = await runCli(
      ['--email', 'glass@lifeline.test', '--role', 'admin', '--break-glass'],
      server.databaseEnv,
      `${CLI_PASSWORD}\n`,
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/Created break-glass admin glass@lifeline\.test/);
    const event = (await auditRows('staff.create')).at(-1);
    expect(JSON.parse(String(event?.details))).toMatchObject({ breakGlass: true });
    server.deps.passwordSignIn = false;
    try {
      const admin = await signInAs('glass@lifeline.test', CLI_PASSWORD);
      expect((await admin.auth.me.query()).staff.role).toBe('admin');
      expect(await reasonOf(signInAs('agent@lifeline.test', DEMO_PASSWORD))).toBe(
        'PASSWORD_SIGN_IN_OFF',
      );
    } finally {
      server.deps.passwordSignIn = true;
    }
  });

  it('generates and prints a password once when asked, on a fresh production database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lifeline-cli-'));
    const database = await newTestDatabaseLocation(dir, 'prod.db');
    try {
      const path = database.location;
      const run = await runCli(
        ['--email', 'first.admin@example.org', '--role', 'admin', '--generate-password'],
        { ...database.env, NODE_ENV: 'production' },
        '',
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const password = /Password \(shown once, store it now\): (\S+)/.exec(run.stdout)?.[1] ?? '';
      expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
      const opened = openDatabase(path, { migrate: false });
      const db = testSql(opened);
      try {
        const rows = await db.sql('SELECT email, role, display_name, password_hash FROM staff');
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({
          email: 'first.admin@example.org',
          role: 'admin',
          display_name: 'first.admin',
        });
        expect(String(rows[0]?.password_hash)).not.toContain(password);
        // Production never gets demo data: this one staff member is all there is.
        expect(await db.count('SELECT count(*) AS n FROM accounts')).toBe(0);
      } finally {
        await opened.close();
      }
    } finally {
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails with a clear message and exit code 1 on bad input', async () => {
    const env = server.databaseEnv;
    const cases: Array<[string[], string, RegExp]> = [
      [['--email', 'x@lifeline.test'], `${CLI_PASSWORD}\n`, /--email and --role are required/],
      [['--email', 'x@lifeline.test', '--role', 'boss'], `${CLI_PASSWORD}\n`, /--role/],
      [['--email', 'not-an-email', '--role', 'agent'], `${CLI_PASSWORD}\n`, /--email/],
      [
        ['--email', 'x@lifeline.test', '--role', 'agent'],
        'short\n',
        /password: at least 12 characters/,
      ],
      [['--email', 'x@lifeline.test', '--role', 'agent'], '', /stdin is empty/],
      [
        ['--email', 'x@lifeline.test', '--role', 'agent', '--admin'],
        `${CLI_PASSWORD}\n`,
        /Unknown argument: --admin/,
      ],
      [
        ['--email', 'x@lifeline.test', '--role', 'lead', '--break-glass'],
        `${CLI_PASSWORD}\n`,
        /--break-glass is for admins only/,
      ],
    ];
    // Independent child processes: run them side by side.
    const runs = await Promise.all(cases.map(([args, stdin]) => runCli(args, env, stdin)));
    cases.forEach(([args, , message], i) => {
      const run = runs[i];
      expect(run?.code, args.join(' ')).toBe(1);
      expect(run?.stderr, args.join(' ')).toMatch(message);
      expect(run?.stderr).not.toMatch(/\n\s+at /); // no stack trace
    });
    expect(await staffRow('x@lifeline.test')).toBeUndefined();
  });
});
