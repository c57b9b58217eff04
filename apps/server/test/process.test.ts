import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT_WITH_PARENT, stopChildren, trackChild } from './harness.ts';

const ENTRY = resolve(import.meta.dirname, '../src/index.ts');
const dirs: string[] = [];
afterAll(async () => {
  await stopChildren();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function start(env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'lifeline-proc-'));
  dirs.push(dir);
  const child = trackChild(
    spawn(process.execPath, [...EXIT_WITH_PARENT, ENTRY], {
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_PATH: join(dir, 'l.db'),
        PORT: '0',
        DEMO_ACCOUNTS: '50',
        SCHEDULER_INTERVAL_SECONDS: '0',
        ...env,
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
  // 'close', not 'exit': the last chunks of stdout are read by then.
  const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  return { child, exited, output: () => output };
}

async function waitForUrl(proc: {
  output: () => string;
  exited: Promise<number | null>;
}): Promise<string> {
  for (;;) {
    const match = proc.output().match(/"url":"(http:\/\/[^"]+)"/);
    if (match?.[1]) return match[1];
    const done = await Promise.race([
      proc.exited.then(() => true),
      new Promise((r) => setTimeout(() => r(false), 50)),
    ]);
    if (done) throw new Error(`server exited early:\n${proc.output()}`);
  }
}

describe('the server process', () => {
  it('starts on an empty database, seeds it, serves, and stops cleanly on SIGTERM', async () => {
    const proc = start({ LOG_LEVEL: 'info' });
    const url = await waitForUrl(proc);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    // A request in flight when SIGTERM arrives still gets its answer. `Expect: 100-continue`
    // tells us the server has the request before the signal is sent; the body follows it.
    const answered = await new Promise<number>((done, fail) => {
      const body = JSON.stringify({
        json: { email: 'agent@lifeline.test', password: 'lifeline-demo' },
      });
      const request = httpRequest(`${url}/trpc/auth.login`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin: url,
          expect: '100-continue',
          'content-length': Buffer.byteLength(body),
        },
      });
      request.on('continue', () => {
        proc.child.kill('SIGTERM');
        request.end(body);
      });
      request.on('response', (response) => {
        response.resume();
        done(response.statusCode ?? 0);
      });
      request.on('error', fail);
    });
    expect(answered).toBe(200);
    expect(await proc.exited).toBe(0);
    expect(proc.output()).toContain('"msg":"stopped"');
    // Logs are JSON lines.
    for (const line of proc.output().trim().split('\n'))
      expect(() => JSON.parse(line)).not.toThrow();
  });

  it('refuses bad settings with a message naming them and no stack trace', async () => {
    const proc = start({ PORT: 'eighty', LOG_LEVEL: 'sideways', SMTP_URL: 'http://mail' });
    expect(await proc.exited).toBe(1);
    const output = proc.output();
    expect(output).toContain('Invalid settings');
    expect(output).toMatch(/PORT/);
    expect(output).toMatch(/LOG_LEVEL/);
    expect(output).toMatch(/SMTP_URL: must be an smtp/);
    expect(output).not.toMatch(/\n\s+at /);
  });
});
