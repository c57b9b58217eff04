import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LifelineDb, openDatabase } from './client.ts';

/** A fresh, migrated database file in its own temp folder — tests never share one. */
export function openTestDatabase(): LifelineDb & { dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'lifeline-test-'));
  const db = openDatabase(join(dir, 'test.db'));
  return Object.assign(db, {
    dispose() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}
