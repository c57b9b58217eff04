import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type TempDir, tempDir } from './hardening/support.ts';
import { EXIT_WITH_PARENT, stopChildren, trackChild } from './harness.ts';
import { databaseEnv } from './test-db.ts';

const ENTRY = resolve(import.meta.dirname, '../src/index.ts');
const temps: TempDir[] = [];
afterAll(async () => {
  await stopChildren();
  for (const temp of temps) await temp.dispose();
});

/** The server process on an empty database of the run's engine. */
async function start(env: Record<string, string>) {
  const temp = tempDir('lifeline-proc-');
  temps.push(temp);
  const location = await temp.database('l.db');
  const child = trackChild(
    spawn(process.execPath, [...EXIT_WITH_PARENT, ENTRY], {
      env: {
        PATH: process.env.PATH ?? '',
        ...databaseEnv(location),
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
    const proc = await start({ LOG_LEVEL: 'info' });
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
    const proc = await start({ PORT: 'eighty', LOG_LEVEL: 'sideways', SMTP_URL: 'http://mail' });
    expect(await proc.exited).toBe(1);
    const output = proc.output();
    expect(output).toContain('Invalid settings');
    expect(output).toMatch(/PORT/);
    expect(output).toMatch(/LOG_LEVEL/);
    expect(output).toMatch(/SMTP_URL: must be an smtp/);
    expect(output).not.toMatch(/\n\s+at /);
  });
});
