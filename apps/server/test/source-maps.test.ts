import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.ts';

// SPEC §13: source maps (the console's sources, the shared domain code with them) are served in
// development only. A built console of our own, so the test does not depend on a build.

let dist: string;
beforeAll(() => {
  dist = mkdtempSync(join(tmpdir(), 'lifeline-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Lifeline</title>');
  writeFileSync(
    join(dist, 'assets/app-abc123.js'),
    'console.log(1);\n//# sourceMappingURL=app-abc123.js.map\n',
  );
  writeFileSync(join(dist, 'assets/app-abc123.js.map'), '{"version":3,"sources":["secret.ts"]}');
  writeFileSync(join(dist, 'stray.js.map'), '{"version":3,"sources":["stray.ts"]}');
});
afterAll(() => rmSync(dist, { recursive: true, force: true }));

describe.each([
  ['production', false],
  ['test', false],
  ['development', true],
] as const)('with NODE_ENV=%s', (nodeEnv, served) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ accounts: 0, nodeEnv, webDist: dist });
  });
  afterAll(() => server.close());

  it('serves the bundle itself', async () => {
    const response = await fetch(`${server.url}/assets/app-abc123.js`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('console.log(1)');
  });

  it(served ? 'serves its source maps' : 'answers 404 for its source maps', async () => {
    for (const path of [
      '/assets/app-abc123.js.map',
      '/assets/app-abc123.js%2Emap',
      '/stray.js.map',
    ]) {
      const response = await fetch(`${server.url}${path}`);
      const text = await response.text();
      expect(response.status, path).toBe(served ? 200 : 404);
      expect(text.includes('"sources"'), path).toBe(served);
    }
  });
});
