import {
  auditEventsAfter,
  type ChainProblem,
  type ChainReport,
  checkCheckpointList,
  checkpointLink,
  checkpointSignatureValid,
  findAuditEventHash,
  findAuditHead,
  findLatestAuditCheckpoint,
  GENESIS_HASH,
  insertAuditCheckpoint,
  keyIdOf,
  listAuditCheckpoints,
  listHealthChecks,
  recordHealthCheck,
  type SignedCheckpoint,
  signCheckpoint,
  walkChain,
} from '@lifeline/db';
import type { ApiDeps } from '../../deps.ts';

/**
 * The audit chain proving itself (SPEC §8). After each scheduler pass that added events, the
 * events since the last checkpoint are checked and a new checkpoint is signed; the console's
 * check starts from that checkpoint, so it costs the events of one pass, not the whole log; and
 * a full walk runs off the request path from time to time, its result kept for the console.
 */

/** Where an incremental check starts: after the newest checkpoint, if it still holds. */
async function resumePoint(deps: ApiDeps): Promise<{
  from: { id: number; hash: string };
  checkpoint: SignedCheckpoint | null;
  problems: ChainProblem[];
}> {
  const checkpoint = await findLatestAuditCheckpoint(deps.db.read);
  if (checkpoint === null) return { from: { id: 0, hash: GENESIS_HASH }, checkpoint, problems: [] };
  const problems: ChainProblem[] = [];
  // A checkpoint signed with an earlier key (before a rotation) is taken on its link alone; one
  // claiming this key must carry its signature.
  if (checkpoint.keyId === keyIdOf(deps.audit.publicKey)) {
    if (!checkpointSignatureValid(deps.audit.publicKey, checkpoint)) {
      problems.push({
        kind: 'bad_signature',
        checkpointEventId: checkpoint.lastEventId,
        message: `The newest checkpoint (event ${checkpoint.lastEventId}) is not signed by this server's key.`,
      });
    }
  }
  const hash = await findAuditEventHash(deps.db.read, checkpoint.lastEventId);
  if (hash !== checkpoint.chainHash) {
    problems.push({
      kind: hash === null ? 'log_too_short' : 'checkpoint_mismatch',
      eventId: checkpoint.lastEventId,
      checkpointEventId: checkpoint.lastEventId,
      message:
        hash === null
          ? `Event ${checkpoint.lastEventId}, signed in a checkpoint, is no longer in the log.`
          : `Event ${checkpoint.lastEventId} is not the one the checkpoint signed: the log up to it was rewritten.`,
    });
  }
  return { from: { id: checkpoint.lastEventId, hash: checkpoint.chainHash }, checkpoint, problems };
}

export interface SignedPass {
  /** The new checkpoint, or null when nothing was added or the chain did not check out. */
  checkpoint: SignedCheckpoint | null;
  /** What the check since the previous checkpoint found. */
  problems: ChainProblem[];
}

/**
 * Checks the events added since the newest checkpoint and, if they hold, signs a checkpoint
 * for the head. Never signs over a broken chain: its problems are returned and recorded
 * instead. Several servers may run it: inside the write transaction, a checkpoint is stored only
 * if the newest one is still the one it follows, so checkpoints never fork.
 */
export async function signAuditCheckpoint(deps: ApiDeps): Promise<SignedPass> {
  const head = await findAuditHead(deps.db.read);
  const resume = await resumePoint(deps);
  if (head === null || (resume.checkpoint && head.id <= resume.checkpoint.lastEventId)) {
    return { checkpoint: null, problems: resume.problems };
  }
  const report =
    resume.problems.length > 0
      ? null
      : await walkChain(
          auditEventsAfter(deps.db.read, resume.from.id, 1000, head.id),
          [],
          resume.from,
        );
  const problems = [...resume.problems, ...(report?.problems ?? [])];
  if (problems.length > 0) {
    await recordChainResult(deps, { ok: false, checked: report?.checked ?? 0, problems });
    return { checkpoint: null, problems };
  }
  const checkpoint = signCheckpoint(deps.audit.privateKey, {
    lastEventId: head.id,
    chainHash: head.hash,
    count: head.id,
    at: deps.clock(),
    prev: resume.checkpoint ? checkpointLink(resume.checkpoint) : null,
  });
  const stored = await deps.db.transaction(async (tx) => {
    const newest = await findLatestAuditCheckpoint(tx);
    if ((newest?.lastEventId ?? 0) !== (resume.checkpoint?.lastEventId ?? 0)) return false;
    return insertAuditCheckpoint(tx, checkpoint);
  });
  return { checkpoint: stored ? checkpoint : null, problems: [] };
}

/**
 * The whole chain from its first event, held to every stored checkpoint: what a full check
 * finds is kept (`health_checks`), for the console and readiness to report. Pages hand the
 * event loop back between them, so requests keep being answered meanwhile.
 */
export async function checkWholeAuditChain(deps: ApiDeps): Promise<ChainReport> {
  const checkpoints = await listAuditCheckpoints(deps.db.read);
  const listProblems = checkCheckpointList(
    deps.audit.publicKey,
    checkpoints.filter((c) => c.keyId === keyIdOf(deps.audit.publicKey)),
  ).filter((p) => p.kind === 'bad_signature');
  const report = await walkChain(auditEventsAfter(deps.db.read, 0), checkpoints);
  const problems = [...listProblems, ...report.problems];
  await recordChainResult(deps, { ok: problems.length === 0, checked: report.checked, problems });
  return { ...report, ok: problems.length === 0, problems };
}

async function recordChainResult(
  deps: ApiDeps,
  result: { ok: boolean; checked: number; problems: ChainProblem[] },
): Promise<void> {
  const firstBrokenId = firstEventOf(result.problems);
  await deps.db.transaction((tx) =>
    recordHealthCheck(tx, {
      name: 'audit_chain',
      checkedAt: deps.clock(),
      ok: result.ok,
      detail: {
        checked: result.checked,
        ...(firstBrokenId !== undefined ? { firstBrokenId } : {}),
        problems: result.problems.slice(0, 10).map((p) => p.message),
      },
    }),
  );
}

function firstEventOf(problems: readonly ChainProblem[]): number | undefined {
  return problems
    .map((p) => p.eventId)
    .filter((id): id is number => id !== undefined)
    .sort((a, b) => a - b)[0];
}

/**
 * `audit.verifyChain`: from the newest signed checkpoint to the head (the events of one
 * scheduler pass, normally), plus what the last full check found. `checked` counts the events
 * vouched for: those under the checkpoint and those walked since.
 */
export async function verifyChain(deps: ApiDeps) {
  const resume = await resumePoint(deps);
  const report = await walkChain(auditEventsAfter(deps.db.read, resume.from.id), [], resume.from);
  const full = (await listHealthChecks(deps.db.read)).find((c) => c.name === 'audit_chain');
  const fullBrokenId =
    full && !full.ok && typeof full.detail.firstBrokenId === 'number'
      ? full.detail.firstBrokenId
      : undefined;
  const problems = [...resume.problems, ...report.problems];
  const firstBrokenId = [firstEventOf(problems), fullBrokenId]
    .filter((id): id is number => id !== undefined)
    .sort((a, b) => a - b)[0];
  const checkpoint = resume.checkpoint;
  return {
    ok: problems.length === 0 && (full?.ok ?? true),
    checked: (problems.length === 0 ? resume.from.id : 0) + report.intactEvents,
    ...(firstBrokenId !== undefined ? { firstBrokenId } : {}),
    checkpoint: checkpoint ? { lastEventId: checkpoint.lastEventId, at: checkpoint.at } : null,
    lastFullCheck: full ? { at: full.checkedAt, ok: full.ok } : null,
  };
}
