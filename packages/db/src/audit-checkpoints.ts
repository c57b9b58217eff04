import {
  createHash,
  createPublicKey,
  type KeyObject,
  sign as signMessage,
  verify as verifyMessage,
} from 'node:crypto';
import canonicalize from 'canonicalize';
import { auditHash, GENESIS_HASH, type HashedAuditFields } from './audit-hash.ts';

/**
 * Signed checkpoints of the audit chain (SPEC §8), after AWS CloudTrail's digest files and
 * Certificate Transparency's signed tree heads: the scheduler signs (last event id, chain hash,
 * count, time) with an Ed25519 key kept outside the database, each checkpoint naming the one
 * before it. Whoever holds only the public key can then check a database or an export: an event
 * edited, removed, replaced or re-hashed after a checkpoint no longer reaches it.
 */

export const CHECKPOINT_VERSION = 1;

/** What a checkpoint vouches for. `count` is the number of events 1..lastEventId. */
export interface CheckpointBody {
  v: typeof CHECKPOINT_VERSION;
  lastEventId: number;
  chainHash: string;
  count: number;
  /** When it was signed, epoch ms. */
  at: number;
  /** SHA-256 of the previous checkpoint's signature, or null for the first. */
  prev: string | null;
  /** Which key signed it: SHA-256 of the public key (SPKI DER), hex. */
  keyId: string;
}

export interface SignedCheckpoint extends CheckpointBody {
  /** Ed25519 over the canonical JSON of the body, base64. */
  signature: string;
}

/** One event as the chain hashes it, with its stored links. */
export interface ChainEvent extends HashedAuditFields {
  prevHash: string;
  hash: string;
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

function bodyBytes(body: CheckpointBody): Buffer {
  return Buffer.from(canonicalize(body) ?? '', 'utf8');
}

export function signCheckpoint(
  privateKey: KeyObject,
  fields: Omit<CheckpointBody, 'v' | 'keyId'>,
): SignedCheckpoint {
  const body: CheckpointBody = {
    v: CHECKPOINT_VERSION,
    ...fields,
    keyId: keyIdOf(createPublicKey(privateKey)),
  };
  return { ...body, signature: signMessage(null, bodyBytes(body), privateKey).toString('base64') };
}

/**
 * Whether one of these public keys (the one the checkpoint names: after a rotation an auditor
 * holds the old key and the new) made this signature over exactly this body.
 */
export function checkpointSignatureValid(
  keys: KeyObject | readonly KeyObject[],
  checkpoint: SignedCheckpoint,
): boolean {
  const { signature, ...body } = checkpoint;
  const publicKey = (Array.isArray(keys) ? keys : [keys]).find(
    (key) => keyIdOf(key) === body.keyId,
  );
  if (body.v !== CHECKPOINT_VERSION || publicKey === undefined) return false;
  try {
    return verifyMessage(null, bodyBytes(body), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** What the next checkpoint names as its predecessor. */
export function checkpointLink(checkpoint: SignedCheckpoint): string {
  return createHash('sha256').update(checkpoint.signature).digest('hex');
}

/** One thing found wrong, in words an auditor can act on, with the event it concerns. */
export interface ChainProblem {
  kind:
    | 'bad_signature'
    | 'checkpoint_gap'
    | 'broken_link'
    | 'edited_event'
    | 'missing_events'
    | 'checkpoint_mismatch'
    | 'log_too_short'
    | 'checkpoint_missing_from_copy';
  /** The first event concerned, when there is one. */
  eventId?: number;
  checkpointEventId?: number;
  message: string;
}

export interface ChainReport {
  ok: boolean;
  /** Events whose hash was recomputed. */
  checked: number;
  /** Events found intact before the first broken link (all of them when none is broken). */
  intactEvents: number;
  /** The last event walked, with its hash: where an incremental check resumes. */
  head: { id: number; hash: string } | null;
  /** The first event found wrong, if any. */
  firstBrokenId?: number;
  problems: ChainProblem[];
}

/**
 * Checks a list of checkpoints on its own: every signature with the public key, and each one
 * naming the one before it (a checkpoint removed from the middle breaks that link).
 */
export function checkCheckpointList(
  keys: KeyObject | readonly KeyObject[],
  checkpoints: readonly SignedCheckpoint[],
): ChainProblem[] {
  const problems: ChainProblem[] = [];
  let previous: SignedCheckpoint | null = null;
  for (const checkpoint of checkpoints) {
    if (!checkpointSignatureValid(keys, checkpoint)) {
      problems.push({
        kind: 'bad_signature',
        eventId: checkpoint.lastEventId,
        checkpointEventId: checkpoint.lastEventId,
        message: `The checkpoint at event ${checkpoint.lastEventId} is not signed by the given key: it was forged or altered.`,
      });
    }
    const expectedPrev = previous === null ? null : checkpointLink(previous);
    if (checkpoint.prev !== expectedPrev) {
      problems.push({
        kind: 'checkpoint_gap',
        eventId: checkpoint.lastEventId,
        checkpointEventId: checkpoint.lastEventId,
        message:
          previous === null
            ? `The first checkpoint here (event ${checkpoint.lastEventId}) names an earlier checkpoint that is missing.`
            : `The checkpoint at event ${checkpoint.lastEventId} does not follow the one at event ${previous.lastEventId}: checkpoints between them are missing.`,
      });
    }
    previous = checkpoint;
  }
  return problems;
}

/**
 * Walks events in id order, recomputing each hash and link, and holds the chain to every
 * checkpoint it passes: at a checkpoint's event the chain must have exactly its hash and count.
 * `from` resumes after a known-good event (an incremental check, or an export that starts later).
 * Checkpoints past the last event mean events were removed from the end.
 */
export async function walkChain(
  events: AsyncIterable<ChainEvent> | Iterable<ChainEvent>,
  checkpoints: readonly SignedCheckpoint[],
  from: { id: number; hash: string } = { id: 0, hash: GENESIS_HASH },
): Promise<ChainReport> {
  const byEventId = new Map(checkpoints.map((c) => [c.lastEventId, c]));
  const problems: ChainProblem[] = [];
  let previousId = from.id;
  let running = from.hash;
  let checked = 0;
  let intactEvents = 0;
  let chainBroken = false;
  for await (const event of events) {
    if (event.id <= from.id) continue;
    checked += 1;
    if (!chainBroken) {
      const problem = linkProblem(event, previousId, running);
      if (problem) {
        problems.push(problem);
        chainBroken = true;
      } else {
        intactEvents += 1;
      }
    }
    running = event.hash;
    const checkpoint = byEventId.get(event.id);
    if (checkpoint && (checkpoint.chainHash !== event.hash || checkpoint.count !== event.id)) {
      problems.push({
        kind: 'checkpoint_mismatch',
        eventId: event.id,
        checkpointEventId: checkpoint.lastEventId,
        message: `Event ${event.id} is not the one the checkpoint signed at ${new Date(checkpoint.at).toISOString()}: the log up to it was rewritten.`,
      });
    }
    previousId = event.id;
  }
  const beyond = checkpoints.filter((c) => c.lastEventId > previousId);
  if (beyond.length > 0) {
    const last = beyond.at(-1) as SignedCheckpoint;
    problems.push({
      kind: 'log_too_short',
      eventId: previousId + 1,
      checkpointEventId: last.lastEventId,
      message: `The log ends at event ${previousId}, but a checkpoint vouches for events up to ${last.lastEventId}: events ${previousId + 1}–${last.lastEventId} were removed.`,
    });
  }
  const firstBroken = problems
    .map((p) => p.eventId)
    .filter((id): id is number => id !== undefined)
    .sort((a, b) => a - b)[0];
  return {
    ok: problems.length === 0,
    checked,
    intactEvents,
    head: previousId > from.id || from.id > 0 ? { id: previousId, hash: running } : null,
    ...(firstBroken !== undefined ? { firstBrokenId: firstBroken } : {}),
    problems,
  };
}

function linkProblem(event: ChainEvent, previousId: number, running: string): ChainProblem | null {
  if (event.id !== previousId + 1) {
    return {
      kind: 'missing_events',
      eventId: event.id,
      message: `Events ${previousId + 1}–${event.id - 1} are missing: event ${event.id} follows event ${previousId}.`,
    };
  }
  if (event.prevHash !== running) {
    return {
      kind: 'broken_link',
      eventId: event.id,
      message: `Event ${event.id} does not link to the event before it: it was replaced, moved or the one before it was.`,
    };
  }
  const { prevHash: _prev, hash, ...fields } = event;
  if (auditHash(event.prevHash, fields) !== hash) {
    return {
      kind: 'edited_event',
      eventId: event.id,
      message: `Event ${event.id} was changed after it was written: its content no longer gives its hash.`,
    };
  }
  return null;
}
