import {
  auditEventsAfter,
  type ChainEvent,
  type Db,
  findAuditHead,
  findFirstAuditEventIdAtOrAfter,
  listAuditCheckpoints,
  type SignedCheckpoint,
} from '@lifeline/db';
import { parseCheckpoint } from './checkpoint-folder.ts';

/**
 * `pnpm audit:export` (SPEC §8): the events from a start, as JSON Lines, with the signed
 * checkpoints that cover them — the newest one before the start (the export begins right after
 * it, so its first link is signed) and every one inside the range — so
 * `pnpm audit:verify --export` can check it with the public key alone, no database.
 */
export async function* exportAuditLines(
  db: Db,
  since: { eventId: number } | { at: number },
  exportedAt: number,
): AsyncGenerator<string> {
  const askedFrom =
    'eventId' in since ? since.eventId : await findFirstAuditEventIdAtOrAfter(db, since.at);
  const head = await findAuditHead(db);
  const toId = head?.id ?? 0;
  const checkpoints = await listAuditCheckpoints(db);
  // Start right after the newest checkpoint before the asked start (or at the first event), so
  // the export's first link is one a signature vouches for.
  const anchor =
    askedFrom === null ? undefined : checkpoints.filter((c) => c.lastEventId < askedFrom).at(-1);
  const fromId = askedFrom === null ? null : anchor ? anchor.lastEventId + 1 : 1;
  yield JSON.stringify({ type: 'export', version: 1, fromId, toId, exportedAt });
  if (fromId === null || fromId > toId) return;
  if (anchor) yield checkpointLine(anchor);
  const byEvent = new Map(checkpoints.map((c) => [c.lastEventId, c]));
  for await (const event of auditEventsAfter(db, fromId - 1, 5000, toId)) {
    yield JSON.stringify({ type: 'event', ...event });
    const checkpoint = byEvent.get(event.id);
    if (checkpoint) yield checkpointLine(checkpoint);
  }
}

function checkpointLine(checkpoint: SignedCheckpoint): string {
  return JSON.stringify({ type: 'checkpoint', ...checkpoint });
}

/** An export read back: its events in order, its checkpoints, and the lines that are neither. */
export function readExport(text: string): {
  events: ChainEvent[];
  checkpoints: SignedCheckpoint[];
  unreadable: number[];
} {
  const events: ChainEvent[] = [];
  const checkpoints: SignedCheckpoint[] = [];
  const unreadable: number[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(line) as Record<string, unknown>;
    } catch {
      unreadable.push(index + 1);
      return;
    }
    const { type, ...rest } = value;
    if (type === 'export') return;
    if (type === 'checkpoint') {
      const checkpoint = parseCheckpoint(JSON.stringify(rest));
      if (checkpoint) checkpoints.push(checkpoint);
      else unreadable.push(index + 1);
      return;
    }
    if (type === 'event' && isChainEvent(rest)) {
      events.push(rest);
      return;
    }
    unreadable.push(index + 1);
  });
  return { events, checkpoints, unreadable };
}

function isChainEvent(
  value: Record<string, unknown>,
): value is ChainEvent & Record<string, unknown> {
  const text = (k: string) => typeof value[k] === 'string';
  const textOrNull = (k: string) => value[k] === null || typeof value[k] === 'string';
  return (
    Number.isSafeInteger(value.id) &&
    Number.isSafeInteger(value.at) &&
    text('staffId') &&
    text('action') &&
    text('outcome') &&
    textOrNull('accountId') &&
    textOrNull('loginId') &&
    textOrNull('ticketRef') &&
    textOrNull('verificationId') &&
    textOrNull('reason') &&
    text('details') &&
    text('prevHash') &&
    text('hash')
  );
}
