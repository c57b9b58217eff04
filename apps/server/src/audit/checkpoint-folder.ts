import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  writeSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { SignedCheckpoint } from '@lifeline/db';

export const CHECKPOINT_FILE = 'checkpoints.jsonl';

/** Where checkpoints are appended when AUDIT_CHECKPOINT_DIR is not set: beside the database. */
export function defaultCheckpointDir(databasePath: string): string {
  return join(dirname(resolve(databasePath)), 'audit-checkpoints');
}

/**
 * Appends a signed checkpoint as one JSON line and syncs it to disk before returning: the copy
 * off the database, for shipping elsewhere (like CloudTrail's digest files).
 */
export function appendCheckpoint(dir: string, checkpoint: SignedCheckpoint): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const fd = openSync(join(dir, CHECKPOINT_FILE), 'a', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(checkpoint)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Every checkpoint of a folder (every `*.jsonl` file in it, so copies gathered from several
 * servers can sit side by side), one per event id, oldest first. A line that is not a checkpoint
 * is reported, not skipped silently.
 */
export function readCheckpointFolder(dir: string): {
  checkpoints: SignedCheckpoint[];
  unreadable: string[];
} {
  const byEvent = new Map<number, SignedCheckpoint>();
  const unreadable: string[] = [];
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.jsonl'))
    .sort()) {
    const lines = readFileSync(join(dir, name), 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      const checkpoint = parseCheckpoint(line);
      if (checkpoint === null) unreadable.push(`${name}:${index + 1}`);
      else byEvent.set(checkpoint.lastEventId, checkpoint);
    });
  }
  return {
    checkpoints: [...byEvent.values()].sort((a, b) => a.lastEventId - b.lastEventId),
    unreadable,
  };
}

export function parseCheckpoint(line: string): SignedCheckpoint | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const c = value as Record<string, unknown>;
  const isInt = (x: unknown) => typeof x === 'number' && Number.isSafeInteger(x);
  if (
    c.v !== 1 ||
    !isInt(c.lastEventId) ||
    typeof c.chainHash !== 'string' ||
    !isInt(c.count) ||
    !isInt(c.at) ||
    !(c.prev === null || typeof c.prev === 'string') ||
    typeof c.keyId !== 'string' ||
    typeof c.signature !== 'string'
  ) {
    return null;
  }
  return {
    v: 1,
    lastEventId: c.lastEventId as number,
    chainHash: c.chainHash,
    count: c.count as number,
    at: c.at as number,
    prev: c.prev as string | null,
    keyId: c.keyId,
    signature: c.signature,
  };
}
