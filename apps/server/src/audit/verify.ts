import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  auditEventsAfter,
  type ChainEvent,
  type ChainProblem,
  checkCheckpointList,
  checkpointSignatureValid,
  type Db,
  GENESIS_HASH,
  listAuditCheckpoints,
  type SignedCheckpoint,
  walkChain,
} from '@lifeline/db';
import { readCheckpointFolder } from './checkpoint-folder.ts';
import { readExport } from './export.ts';

export interface VerifyOptions {
  /** The public keys checkpoints may be signed with (more than one after a rotation). */
  publicKeys: readonly KeyObject[];
  /** A folder of checkpoints kept off the database. */
  checkpointsDir?: string;
  /** The database (or a copy of it), opened read-only. */
  database?: Db;
  /** A file written by `pnpm audit:export`. */
  exportFile?: string;
}

export interface VerifyReport {
  ok: boolean;
  problems: ChainProblem[];
  /** What could not be checked, said plainly (an export not anchored by a checkpoint…). */
  notes: string[];
  counts: {
    folderCheckpoints: number | null;
    databaseCheckpoints: number | null;
    exportCheckpoints: number | null;
    databaseEvents: number | null;
    exportEvents: number | null;
  };
  /** The first event where anything disagrees, if any. */
  firstBadEventId?: number;
}

/**
 * `pnpm audit:verify` (SPEC §8): everything an auditor holding only the public key can check.
 * - each checkpoint's signature, and each naming the one before it;
 * - the folder and the database holding the same checkpoints (one side truncated or edited
 *   shows as a checkpoint the other lacks);
 * - the database's chain from its first event to its head, reaching every checkpoint with the
 *   same hash and count;
 * - an export on its own (no database needed), and against the database when both are given.
 */
export async function verifyAuditTrail(options: VerifyOptions): Promise<VerifyReport> {
  const { publicKeys } = options;
  const problems: ChainProblem[] = [];
  const notes: string[] = [];

  const folder = options.checkpointsDir ? readCheckpointFolder(options.checkpointsDir) : null;
  for (const line of folder?.unreadable ?? []) {
    problems.push({
      kind: 'bad_signature',
      message: `${line} in the checkpoint folder is not a checkpoint.`,
    });
  }
  const database = options.database ? await listAuditCheckpoints(options.database) : null;
  const exported = options.exportFile ? readExport(readFileSync(options.exportFile, 'utf8')) : null;
  for (const line of exported?.unreadable ?? []) {
    problems.push({ kind: 'edited_event', message: `Line ${line} of the export cannot be read.` });
  }

  problems.push(...labelled('folder', checkCheckpointList(publicKeys, folder?.checkpoints ?? [])));
  problems.push(...labelled('database', checkCheckpointList(publicKeys, database ?? [])));
  // An export holds the checkpoints of its range only: their links to earlier ones are not in it.
  problems.push(
    ...labelled(
      'export',
      checkCheckpointList(publicKeys, exported?.checkpoints ?? []).filter(
        (p) => p.kind === 'bad_signature',
      ),
    ),
  );
  if (folder && database) problems.push(...compareCheckpoints(folder.checkpoints, database));

  // Only checkpoints that carry a good signature vouch for anything.
  const trusted = new Map<number, SignedCheckpoint>();
  for (const checkpoint of [
    ...(folder?.checkpoints ?? []),
    ...(database ?? []),
    ...(exported?.checkpoints ?? []),
  ]) {
    if (checkpointSignatureValid(publicKeys, checkpoint))
      trusted.set(checkpoint.lastEventId, checkpoint);
  }
  const trustedList = [...trusted.values()].sort((a, b) => a.lastEventId - b.lastEventId);
  if (trustedList.length === 0) {
    notes.push(
      'No checkpoint signed by the given key: only the links between events were checked.',
    );
  }

  let databaseEvents: number | null = null;
  if (options.database) {
    const report = await walkChain(auditEventsAfter(options.database, 0, 5000), trustedList);
    databaseEvents = report.checked;
    problems.push(...labelled('database', report.problems));
  }

  let exportEvents: number | null = null;
  if (exported) {
    exportEvents = exported.events.length;
    const first = exported.events[0];
    if (first) {
      const from = { id: first.id - 1, hash: first.prevHash };
      const anchor = from.id === 0 ? GENESIS_HASH : trusted.get(from.id)?.chainHash;
      if (anchor === undefined) {
        notes.push(
          `The export starts at event ${first.id} with no signed checkpoint at event ${from.id}: the events before it are taken on trust.`,
        );
      } else if (anchor !== first.prevHash) {
        problems.push({
          kind: 'broken_link',
          eventId: first.id,
          message: `The export's first event (${first.id}) does not follow the signed checkpoint at event ${from.id}.`,
        });
      }
      const last = exported.events.at(-1) as ChainEvent;
      const inRange = trustedList.filter(
        (c) => c.lastEventId >= first.id && c.lastEventId <= last.id,
      );
      const report = await walkChain(exported.events, inRange, from);
      problems.push(...labelled('export', report.problems));
      if (options.database) {
        const differing = await firstDifference(options.database, exported.events);
        if (differing !== null) {
          problems.push({
            kind: 'edited_event',
            eventId: differing,
            message: `Event ${differing} differs between the export and the database.`,
          });
        }
      }
    } else {
      notes.push('The export holds no events.');
    }
  }

  const firstBadEventId = problems
    .map((p) => p.eventId)
    .filter((id): id is number => id !== undefined)
    .sort((a, b) => a - b)[0];
  return {
    ok: problems.length === 0,
    problems,
    notes,
    counts: {
      folderCheckpoints: folder?.checkpoints.length ?? null,
      databaseCheckpoints: database?.length ?? null,
      exportCheckpoints: exported?.checkpoints.length ?? null,
      databaseEvents,
      exportEvents,
    },
    ...(firstBadEventId !== undefined ? { firstBadEventId } : {}),
  };
}

function labelled(where: string, problems: ChainProblem[]): ChainProblem[] {
  return problems.map((p) => ({ ...p, message: `${where}: ${p.message}` }));
}

/**
 * The folder and the database should hold the same checkpoints. One the database lacks was
 * removed from it; ones the folder lacks mean the folder was truncated (or not yet copied from
 * every server, which the operator fixes before verifying).
 */
function compareCheckpoints(
  folder: readonly SignedCheckpoint[],
  database: readonly SignedCheckpoint[],
): ChainProblem[] {
  const problems: ChainProblem[] = [];
  const inDatabase = new Map(database.map((c) => [c.lastEventId, c]));
  const inFolder = new Map(folder.map((c) => [c.lastEventId, c]));
  for (const checkpoint of folder) {
    const stored = inDatabase.get(checkpoint.lastEventId);
    if (!stored) {
      problems.push({
        kind: 'checkpoint_missing_from_copy',
        eventId: checkpoint.lastEventId,
        checkpointEventId: checkpoint.lastEventId,
        message: `The checkpoint at event ${checkpoint.lastEventId} is in the folder but not in the database: checkpoints were removed from the database.`,
      });
    } else if (stored.signature !== checkpoint.signature) {
      problems.push({
        kind: 'checkpoint_missing_from_copy',
        eventId: checkpoint.lastEventId,
        checkpointEventId: checkpoint.lastEventId,
        message: `The checkpoint at event ${checkpoint.lastEventId} differs between the folder and the database.`,
      });
    }
  }
  const missing = database.filter((c) => !inFolder.has(c.lastEventId));
  const firstMissing = missing[0];
  if (firstMissing) {
    problems.push({
      kind: 'checkpoint_missing_from_copy',
      eventId: firstMissing.lastEventId,
      checkpointEventId: firstMissing.lastEventId,
      message: `The checkpoint folder lacks ${missing.length} checkpoint(s) the database holds, from the one at event ${firstMissing.lastEventId}: the folder was truncated, or not yet copied from every server.`,
    });
  }
  return problems;
}

/** The first exported event that the database holds differently (or not at all), or null. */
async function firstDifference(db: Db, events: readonly ChainEvent[]): Promise<number | null> {
  const first = events[0];
  if (!first) return null;
  const byId = new Map(events.map((e) => [e.id, e]));
  const last = events.at(-1) as ChainEvent;
  let seen = 0;
  for await (const stored of auditEventsAfter(db, first.id - 1, 5000, last.id)) {
    const exported = byId.get(stored.id);
    if (exported && JSON.stringify(exported) !== JSON.stringify(stored)) return stored.id;
    if (exported) seen += 1;
  }
  if (seen === events.length) return null;
  const dbIds = new Set<number>();
  for await (const stored of auditEventsAfter(db, first.id - 1, 5000, last.id))
    dbIds.add(stored.id);
  return events.find((e) => !dbIds.has(e.id))?.id ?? null;
}
