import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT_WITH_PARENT, trackChild } from '../harness.ts';
import { spawnServer, stopChildren, stopServer, tempDir } from './support.ts';

// SPEC §13: metrics are not public. The real server process serves them only on their own
// listener (METRICS_PORT, on METRICS_HOST: loopback unless told otherwise); its main port
// answers 404 for /metrics, with or without that listener.

const ENTRY = resolve(import.meta.dirname, '../../src/index.ts');
const temp = tempDir('lifeline-metrics-');
afterAll(async () => {
  await stopChildren();
  await temp.dispose();
});

function metricsUrlOf(output: string): string | undefined {
  return output.match(/"metricsUrl":"(http:\/\/[^"]+)"/)?.[1];
}

async function waitFor<T>(read: () => T | undefined): Promise<T> {
  for (let i = 0; i < 500; i += 1) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('timed out');
}

describe('the metrics listener', () => {
  it('serves /metrics on METRICS_PORT, on loopback, and the main port does not', async () => {
    const server = await spawnServer(await temp.database('on.db'), { METRICS_PORT: '0' });
    const metricsUrl = await waitFor(() => metricsUrlOf(server.output()));
    expect(new URL(metricsUrl).hostname).toBe('127.0.0.1');
    expect(new URL(metricsUrl).port).not.toBe(new URL(server.url).port);

    const metrics = await fetch(`${metricsUrl}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('lifeline_requests_total');

    const main = await fetch(`${server.url}/metrics`);
    expect(main.status).toBe(404);
    expect((await fetch(`${metricsUrl}/trpc/auth.me`)).status).toBe(404);
    expect(await stopServer(server)).toBe(0);
  });

  it('is off without METRICS_PORT: /metrics is served nowhere', async () => {
    const server = await spawnServer(await temp.database('off.db'));
    expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
    expect(server.output()).toMatch(/metrics off/);
    expect(metricsUrlOf(server.output())).toBeUndefined();
    expect(await stopServer(server)).toBe(0);
  });

  it('refuses to start on a bad METRICS_PORT or ALLOWED_HOSTS, naming it', async () => {
    const cases = [
      ['METRICS_PORT', 'nine'],
      ['METRICS_PORT', '70000'],
      ['ALLOWED_HOSTS', 'ok.example, bad host'],
      ['ALLOWED_HOSTS', 'a.example:99999'],
      ['ALLOWED_HOSTS', '*,a.example'],
    ] as const;
    const runs = await Promise.all(
      cases.map(async ([name, value]) => {
        const child = trackChild(
          spawn(process.execPath, [...EXIT_WITH_PARENT, ENTRY], {
            env: {
              PATH: process.env.PATH ?? '',
              DATABASE_PATH: join(temp.dir, `bad-${name}.db`),
              PORT: '0',
              [name]: value,
            },
            stdio: ['pipe', 'pipe', 'pipe'],
          }),
        );
        let output = '';
        child.stdout?.on('data', (chunk) => {
          output += String(chunk);
        });
        child.stderr?.on('data', (chunk) => {
          output += String(chunk);
        });
        const code = await new Promise<number | null>((done) => child.on('close', done));
        return { name, value, code, output };
      }),
    );
    for (const { name, value, code, output } of runs) {
      expect(code, `${name}=${value}`).toBe(1);
      expect(output, `${name}=${value}`).toContain(`${name}:`);
      expect(output, `${name}=${value}`).not.toMatch(/\n\s+at /);
    }
  });
});
