import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@lifeline/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINE } from './test-db.ts';

// SPEC §13: the database file holds the identifier-hash key, so it and its folder are created
// readable by their owner only, whatever the umask; SQLite gives -wal and -shm the file's mode.
// SQLite only: on PostgreSQL there is no file of ours.

const modeOf = (path: string) => statSync(path).mode & 0o777;

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'lifeline-mode-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe.runIf(TEST_ENGINE === 'sqlite')('a database created by openDatabase', () => {
  it('lives in folders of mode 0700, in a file of mode 0600 with its -wal and -shm', async () => {
    const previous = process.umask(0o022);
    try {
      const path = join(root, 'var', 'data', 'lifeline.db');
      const db = openDatabase(path);
      try {
        await db.transaction(async (tx) => {
          tx.run('CREATE TABLE IF NOT EXISTS mode_probe (x)');
        });
        for (const file of [path, `${path}-wal`, `${path}-shm`]) {
          expect(existsSync(file), file).toBe(true);
          expect(modeOf(file).toString(8), file).toBe('600');
        }
        expect(modeOf(join(root, 'var')).toString(8)).toBe('700');
        expect(modeOf(join(root, 'var', 'data')).toString(8)).toBe('700');
      } finally {
        await db.close();
      }
    } finally {
      process.umask(previous);
    }
  });

  it('leaves the mode of a folder that already exists alone', async () => {
    const path = join(root, 'lifeline.db');
    const before = modeOf(root);
    await openDatabase(path).close();
    expect(modeOf(root)).toBe(before);
    expect(modeOf(path).toString(8)).toBe('600');
  });
});
