// `pnpm bench:audit [--events N] [--out DIR]`: how long checking the audit chain takes (SPEC §8,
// issue "an audit trail that proves itself": 1M events in under a minute here). Builds a fresh
// database of N events with a signed checkpoint every 100,000, then times the full walk (what
// `pnpm audit:verify` and the scheduler's full check do) and the console's incremental check
// (from the newest checkpoint over one pass's worth of events). A figure, not a timed test.
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  appendAuditEvent,
  auditEventsAfter,
  checkpointLink,
  findAuditHead,
  insertAuditCheckpoint,
  listAuditCheckpoints,
  openDatabase,
  type SignedCheckpoint,
  signCheckpoint,
  walkChain,
} from '@lifeline/db';

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index === -1 ? fallback : Number(process.argv[index + 1]);
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`--${name} must be a whole number`);
  return value;
}

const events = flag('events', 1_000_000);
const outIndex = process.argv.indexOf('--out');
const out = resolve(
  outIndex === -1 ? join(import.meta.dirname, '../results') : (process.argv[outIndex + 1] ?? '.'),
);
const CHECKPOINT_EVERY = 100_000;
const INCREMENT = 1_000;
const BATCH = 10_000;

const dir = mkdtempSync(join(tmpdir(), 'lifeline-bench-audit-'));
const db = openDatabase(join(dir, 'audit.db'));
const { privateKey } = generateKeyPairSync('ed25519');
let previous: SignedCheckpoint | null = null;

try {
  const buildStarted = performance.now();
  // A checkpoint every 100,000 events and one INCREMENT short of the end: the last INCREMENT
  // events are the tail the console's incremental check walks.
  const boundaries = [
    ...Array.from(
      { length: Math.floor((events - INCREMENT) / CHECKPOINT_EVERY) },
      (_, i) => (i + 1) * CHECKPOINT_EVERY,
    ),
    events - INCREMENT,
  ].filter((b, i, all) => b > 0 && all.indexOf(b) === i);
  let done = 0;
  for (const boundary of [...boundaries, events]) {
    while (done < boundary) {
      const size = Math.min(BATCH, boundary - done);
      const first = done;
      await db.transaction(async (tx) => {
        for (let n = first; n < first + size; n += 1) {
          await appendAuditEvent(tx, {
            at: 1_790_000_000_000 + n * 1000,
            staffId: `stf_${(n % 97).toString(36).padStart(4, '0')}`,
            action: n % 3 === 0 ? 'verification.check' : 'account.reactivate',
            outcome: n % 3 === 0 ? 'passed' : 'succeeded',
            accountId: `acc_${n.toString(36).padStart(8, '0')}`,
            ticketRef: `T-${n}`,
            details: { before: { status: 'deactivated', version: 3 }, after: { status: 'active' } },
          });
        }
      });
      done += size;
    }
    if (boundary === events) break;
    const head = await findAuditHead(db.read);
    if (head) {
      const checkpoint: SignedCheckpoint = signCheckpoint(privateKey, {
        lastEventId: head.id,
        chainHash: head.hash,
        count: head.id,
        at: Date.now(),
        prev: previous ? checkpointLink(previous) : null,
      });
      await db.transaction((tx) => insertAuditCheckpoint(tx, checkpoint));
      previous = checkpoint;
    }
  }
  const buildSeconds = (performance.now() - buildStarted) / 1000;

  const checkpoints = await listAuditCheckpoints(db.read);
  const fullStarted = performance.now();
  const full = await walkChain(auditEventsAfter(db.read, 0, 5000), checkpoints);
  const fullSeconds = (performance.now() - fullStarted) / 1000;
  if (!full.ok) throw new Error(`the chain should verify: ${full.problems[0]?.message}`);

  const newest = checkpoints.at(-1);
  const from = newest ? { id: newest.lastEventId, hash: newest.chainHash } : undefined;
  const incrementalStarted = performance.now();
  const incremental = await walkChain(auditEventsAfter(db.read, from?.id ?? 0, 1000), [], from);
  const incrementalMs = performance.now() - incrementalStarted;

  const report = {
    generatedAt: new Date().toISOString(),
    machine: {
      cpuModel: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      node: process.version,
    },
    events,
    checkpoints: checkpoints.length,
    buildSeconds: round(buildSeconds),
    fullWalk: {
      seconds: round(fullSeconds),
      eventsPerSecond: Math.round(full.checked / fullSeconds),
    },
    incremental: { events: incremental.checked, milliseconds: round(incrementalMs) },
  };
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'audit-chain.json'), `${JSON.stringify(report, null, 2)}\n`);
  const markdown = [
    `${report.generatedAt} · ${report.machine.cpuModel} · ${report.machine.cores} cores · Node ${report.machine.node}`,
    '',
    '| measure | value |',
    '| --- | ---: |',
    `| events in the log | ${events.toLocaleString('en')} (${report.checkpoints} signed checkpoints) |`,
    `| full walk (audit:verify, scheduler full check) | ${report.fullWalk.seconds} s = ${report.fullWalk.eventsPerSecond.toLocaleString('en')} events/s |`,
    `| incremental check from the newest checkpoint (console) | ${report.incremental.events.toLocaleString('en')} events in ${report.incremental.milliseconds} ms |`,
    `| building the log (append + hash) | ${report.buildSeconds} s |`,
    '',
  ].join('\n');
  writeFileSync(join(out, 'audit-chain.md'), markdown);
  console.log(markdown);
} finally {
  db.close();
  rmSync(dir, { recursive: true, force: true });
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
