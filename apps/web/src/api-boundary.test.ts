import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The API package's root pulls in the server (and with it SQLite); the console may take types
// from it, and values only from '@lifeline/api/schemas' (STYLE.md, convention 1) or its zod-free
// part '@lifeline/api/limits' (for the first load).
const SRC = join(import.meta.dirname, '.');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe('the console and the API package', () => {
  it('imports only types from the API root', () => {
    const offenders = sources(SRC).filter((file) =>
      /^import (?!type )[^;]*from '@lifeline\/api(\/(?!(schemas|limits)')[^']*)?';/m.test(
        readFileSync(file, 'utf8'),
      ),
    );
    expect(offenders).toEqual([]);
  });
});
