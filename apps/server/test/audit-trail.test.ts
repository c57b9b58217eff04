import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { checkWholeAuditChain } from '@lifeline/api';
import { auditHash, openDatabase, openDatabaseReadOnly } from '@lifeline/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKPOINT_FILE } from '../src/audit/checkpoint-folder.ts';
import { exportAuditLines } from '../src/audit/export.ts';
import { verifyAuditTrail } from '../src/audit/verify.ts';
import { anchorAuditChain } from '../src/scheduler.ts';
import {
  EXIT_WITH_PARENT,
  startTestServer,
  stopChildren,
  type TestServer,
  trackChild,
} from './harness.ts';
import { copyDatabase, dropAppendOnlyGuard, replaceRow, type TestSql, testSql } from './test-db.ts';

/**
 * The audit trail proves itself off the box (SPEC §8): signed checkpoints in the database, in a
 * folder and in the log; `pnpm audit:verify` checks a copy of the database against them with the
 * public key alone and names the first event where they disagree.
 */

type Row = Record<string, unknown>;

describe('an audit trail that proves itself', () => {
  let server: TestServer;
  let checkpointDir: string;
  let publicKeyFile: string;
  let copies = 0;

  const STAFF = ['agent@lifeline.test', 'agent2@lifeline.test', 'lead@lifeline.test'];
  async function activity(times: number) {
    for (let i = 0; i < times; i += 1) await server.signedIn(STAFF[i % STAFF.length] as string);
  }

  beforeAll(async () => {
    server = await startTestServer({ accounts: 0 });
    checkpointDir = join(server.dir, 'audit-checkpoints');
    publicKeyFile = join(server.dir, 'audit.pub.pem');
    writeFileSync(
      publicKeyFile,
      server.deps.audit.publicKey.export({ type: 'spki', format: 'pem' }),
    );
    // Three scheduler passes with events between them: three checkpoints, each after the last.
    await activity(3);
    await anchorAuditChain(server.deps, checkpointDir);
    await activity(3);
    await anchorAuditChain(server.deps, checkpointDir);
    await activity(3);
    await anchorAuditChain(server.deps, checkpointDir);
    // Events after the last checkpoint: the tail a pass has not signed yet.
    await activity(2);
  });
  afterAll(async () => {
    await stopChildren();
    await server.close();
  });

  const checkpoints = () => server.sql('SELECT * FROM audit_checkpoints ORDER BY last_event_id');

  /**
   * A consistent copy of the database (a file on SQLite, a database on PostgreSQL: `path` is
   * where it is) and of the checkpoint folder, to tamper with.
   */
  async function copy(): Promise<{
    path: string;
    folder: string;
    raw: TestSql;
    close: () => Promise<void>;
  }> {
    copies += 1;
    const path = await copyDatabase(server, join(server.dir, `copy-${copies}.db`));
    const folder = join(server.dir, `checkpoints-${copies}`);
    mkdirSync(folder);
    copyFileSync(join(checkpointDir, CHECKPOINT_FILE), join(folder, CHECKPOINT_FILE));
    const opened = openDatabase(path, { migrate: false });
    return {
      path,
      folder,
      raw: testSql(opened),
      close: async () => {
        await opened.close();
      },
    };
  }

  async function verify(path: string, folder: string) {
    const db = openDatabaseReadOnly(path);
    try {
      return await verifyAuditTrail({
        publicKeys: [server.deps.audit.publicKey],
        checkpointsDir: folder,
        database: db.read,
      });
    } finally {
      await db.close();
    }
  }

  /** Recomputes every hash from `fromId` on, as a forger with plain SHA-256 would. */
  async function rehashFrom(raw: TestSql, fromId: number) {
    await dropAppendOnlyGuard(raw, 'audit_events', 'update');
    const rows = await raw.sql('SELECT * FROM audit_events WHERE id >= ? ORDER BY id', fromId);
    let prev = ((await raw.one('SELECT hash FROM audit_events WHERE id = ?', fromId - 1)) as Row)
      .hash as string;
    for (const row of rows) {
      const hash = auditHash(prev, {
        id: row.id as number,
        at: row.at as number,
        staffId: row.staff_id as string,
        action: row.action as string,
        outcome: row.outcome as string,
        accountId: row.account_id as string | null,
        loginId: row.login_id as string | null,
        ticketRef: row.ticket_ref as string | null,
        verificationId: row.verification_id as string | null,
        reason: row.reason as string | null,
        details: row.details as string,
      });
      await raw.sql(
        'UPDATE audit_events SET prev_hash = ?, hash = ? WHERE id = ?',
        prev,
        hash,
        row.id,
      );
      prev = hash;
    }
  }

  it('signs a checkpoint per pass that added events, the same in the database, the folder and nowhere else', async () => {
    const stored = await checkpoints();
    expect(stored).toHaveLength(3);
    const folder = readFileSync(join(checkpointDir, CHECKPOINT_FILE), 'utf8').trim().split('\n');
    expect(folder.map((line) => (JSON.parse(line) as Row).signature)).toEqual(
      stored.map((c) => c.signature),
    );
    // Each names the one before it.
    expect(stored[0]?.prev).toBeNull();
    expect(stored[1]?.prev).not.toBeNull();
  });

  it('refuses every path that removes or replaces an audit row or a checkpoint', async () => {
    const first = (await server.one('SELECT * FROM audit_events WHERE id = 1')) as Row;
    await expect(
      replaceRow(server, 'audit_events', {
        id: 1,
        at: 0,
        staff_id: 'forger',
        action: first.action,
        outcome: first.outcome,
        details: '{}',
        prev_hash: first.prev_hash,
        hash: first.hash,
      }),
    ).rejects.toThrow(/append-only/);
    await expect(
      server.sql(
        "INSERT INTO audit_events (id, at, staff_id, action, outcome, details, prev_hash, hash) VALUES (1, 0, 'x', 'auth.login', 'succeeded', '{}', '', '') ON CONFLICT(id) DO UPDATE SET staff_id = 'forger'",
      ),
    ).rejects.toThrow(/append-only/);
    await expect(server.sql('DELETE FROM audit_checkpoints')).rejects.toThrow(/append-only/);
    await expect(server.sql("UPDATE audit_checkpoints SET chain_hash = 'x'")).rejects.toThrow(
      /append-only/,
    );
    await expect(
      replaceRow(server, 'audit_checkpoints', {
        id: 1,
        last_event_id: 1,
        chain_hash: 'x',
        event_count: 1,
        signed_at: 0,
        prev: null,
        key_id: 'k',
        signature: 's',
      }),
    ).rejects.toThrow(/append-only/);
    expect(
      ((await server.one('SELECT staff_id FROM audit_events WHERE id = 1')) as Row).staff_id,
    ).toBe(first.staff_id);
  });

  it('verifies an untouched copy, checkpoints and tail alike', async () => {
    const { path, folder, close } = await copy();
    await close();
    const report = await verify(path, folder);
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({
      ok: true,
      counts: { folderCheckpoints: 3, databaseCheckpoints: 3 },
    });
  });

  it('names an event whose details were edited', async () => {
    const { path, folder, raw, close } = await copy();
    await dropAppendOnlyGuard(raw, 'audit_events', 'update');
    await raw.sql(`UPDATE audit_events SET details = '{"forged":true}' WHERE id = 4`);
    await close();
    const report = await verify(path, folder);
    expect(report.ok).toBe(false);
    expect(report.firstBadEventId).toBe(4);
    expect(report.problems.map((p) => p.kind)).toContain('edited_event');
  });

  it('names the first event of a deleted tail, even one deleted back past a checkpoint', async () => {
    const { path, folder, raw, close } = await copy();
    const lastCheckpoint = (await checkpoints()).at(-1)?.last_event_id as number;
    await dropAppendOnlyGuard(raw, 'audit_events', 'delete');
    await raw.sql('DELETE FROM audit_events WHERE id > ?', lastCheckpoint - 2);
    await close();
    const report = await verify(path, folder);
    expect(report.ok).toBe(false);
    expect(report.firstBadEventId).toBe(lastCheckpoint - 1);
    expect(report.problems.map((p) => p.kind)).toContain('log_too_short');
  });

  it('names a replaced row', async () => {
    const { path, folder, raw, close } = await copy();
    await dropAppendOnlyGuard(raw, 'audit_events', 'replace');
    const row = (await raw.one('SELECT * FROM audit_events WHERE id = 5')) as Row;
    await replaceRow(raw, 'audit_events', { ...row, staff_id: 'stf_someone_else' });
    await close();
    const report = await verify(path, folder);
    expect(report.ok).toBe(false);
    expect(report.firstBadEventId).toBe(5);
  });

  it('names a rewritten tail re-hashed with plain SHA-256, which the links alone cannot see', async () => {
    const { path, folder, raw, close } = await copy();
    await dropAppendOnlyGuard(raw, 'audit_events', 'update');
    await raw.sql(`UPDATE audit_events SET details = '{"rewritten":true}' WHERE id >= 2`);
    await rehashFrom(raw, 2);
    await close();
    const report = await verify(path, folder);
    expect(report.ok).toBe(false);
    // The links hold; the first signed checkpoint after the rewrite does not.
    expect(report.problems.map((p) => p.kind)).toEqual(
      expect.arrayContaining(['checkpoint_mismatch']),
    );
    expect(report.problems.map((p) => p.kind)).not.toContain('broken_link');
    expect(report.firstBadEventId).toBe((await checkpoints())[0]?.last_event_id);
  });

  it('names two swapped events', async () => {
    const { path, folder, raw, close } = await copy();
    await dropAppendOnlyGuard(raw, 'audit_events', 'update');
    // Two events that differ (in the test clock, sign-ins of one agent are all alike).
    const a = (await raw.one('SELECT * FROM audit_events WHERE id = 3')) as Row;
    const b = (await raw.one(
      'SELECT * FROM audit_events WHERE id > 3 AND (action != ? OR staff_id != ? OR details != ?) ORDER BY id LIMIT 1',
      a.action,
      a.staff_id,
      a.details,
    )) as Row;
    expect(b).toBeDefined();
    const swap = (...values: unknown[]) =>
      raw.sql(
        'UPDATE audit_events SET at = ?, staff_id = ?, action = ?, details = ?, outcome = ? WHERE id = ?',
        ...values,
      );
    await swap(b.at, b.staff_id, b.action, b.details, b.outcome, 3);
    await swap(a.at, a.staff_id, a.action, a.details, a.outcome, b.id);
    await close();
    const report = await verify(path, folder);
    expect(report.ok).toBe(false);
    expect(report.firstBadEventId).toBe(3);
  });

  it('says the checkpoint folder was truncated', async () => {
    const { path, folder, close } = await copy();
    await close();
    const file = join(folder, CHECKPOINT_FILE);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    writeFileSync(file, `${lines.slice(0, 1).join('\n')}\n`);
    const report = await verify(path, folder);
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.kind)).toContain('checkpoint_missing_from_copy');
    expect(report.firstBadEventId).toBe((await checkpoints())[1]?.last_event_id);
  });

  it('refuses a checkpoint forged into the database, and one removed from it', async () => {
    const { path, folder, raw, close } = await copy();
    await dropAppendOnlyGuard(raw, 'audit_checkpoints', 'delete');
    await raw.sql(
      'DELETE FROM audit_checkpoints WHERE last_event_id = ?',
      (await checkpoints())[1]?.last_event_id,
    );
    await dropAppendOnlyGuard(raw, 'audit_checkpoints', 'update');
    await raw.sql(
      "UPDATE audit_checkpoints SET chain_hash = 'forged' WHERE last_event_id = ?",
      (await checkpoints())[0]?.last_event_id,
    );
    await close();
    const report = await verify(path, folder);
    expect(report.ok).toBe(false);
    const kinds = report.problems.map((p) => p.kind);
    expect(kinds).toContain('bad_signature');
    expect(kinds).toContain('checkpoint_missing_from_copy');
  });

  it('exports events with their checkpoints, verified with no database, and tampering in the export shows', async () => {
    const lines: string[] = [];
    for await (const line of exportAuditLines(server.db.read, { eventId: 5 }, Date.now()))
      lines.push(line);
    const file = join(server.dir, 'export.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const publicKeys = [server.deps.audit.publicKey];
    const alone = await verifyAuditTrail({ publicKeys, exportFile: file });
    expect(alone.problems).toEqual([]);
    expect(alone.notes).toEqual([]); // anchored by the checkpoint before event 5
    expect(alone.ok).toBe(true);

    const forged = lines.map((line) =>
      line.includes('"id":7,') ? line.replace(/"staffId":"[^"]*"/, '"staffId":"stf_forged"') : line,
    );
    writeFileSync(file, `${forged.join('\n')}\n`);
    const db = openDatabaseReadOnly(server.location);
    try {
      const report = await verifyAuditTrail({ publicKeys, exportFile: file, database: db.read });
      expect(report.ok).toBe(false);
      expect(report.firstBadEventId).toBe(7);
    } finally {
      await db.close();
    }
  });

  it('runs as `pnpm audit:verify`: exit 0 when intact, 1 with the event named when not', async () => {
    const cli = resolve(import.meta.dirname, '../src/cli/audit-verify.ts');
    const run = async (path: string, folder: string) => {
      try {
        const running = promisify(execFile)(
          process.execPath,
          [
            ...EXIT_WITH_PARENT,
            cli,
            '--public-key',
            publicKeyFile,
            '--checkpoints',
            folder,
            '--database',
            path,
          ],
          { env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test' } },
        );
        trackChild(running.child);
        return { code: 0, ...(await running) };
      } catch (error) {
        return error as { code: number; stdout: string; stderr: string };
      }
    };
    const intact = await copy();
    await intact.close();
    const good = await run(intact.path, intact.folder);
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('OK: every checkpoint is signed');

    const edited = await copy();
    await dropAppendOnlyGuard(edited.raw, 'audit_events', 'update');
    await edited.raw.sql(`UPDATE audit_events SET details = '{"forged":true}' WHERE id = 2`);
    await edited.close();
    const bad = await run(edited.path, edited.folder);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('the first event that disagrees is 2');
  });

  it('the console checks from the newest checkpoint, and reports what the last full check found', async () => {
    const lead = await server.signedIn('lead@lifeline.test');
    const count = await server.count('SELECT count(*) AS n FROM audit_events');
    const newest = (await checkpoints()).at(-1) as Row;
    const status = await lead.audit.verifyChain.query();
    expect(status).toMatchObject({
      ok: true,
      checked: count,
      checkpoint: { lastEventId: newest.last_event_id },
    });
  });

  it('an edit under a checkpoint is past the console quick check, not past the full one', async () => {
    const lead = await server.signedIn('lead@lifeline.test');
    await dropAppendOnlyGuard(server, 'audit_events', 'update');
    await server.sql(`UPDATE audit_events SET details = '{"forged":true}' WHERE id = 2`);
    // The quick check walks from the newest checkpoint only…
    expect(await lead.audit.verifyChain.query()).toMatchObject({ ok: true, lastFullCheck: null });
    // …the full walk, run off the request path, finds it, and the console then says so.
    const report = await checkWholeAuditChain(server.deps);
    expect(report).toMatchObject({ ok: false, firstBrokenId: 2 });
    expect(await lead.audit.verifyChain.query()).toMatchObject({
      ok: false,
      firstBrokenId: 2,
      lastFullCheck: { ok: false },
    });
  });
});
