import { once } from 'node:events';
import { createWriteStream, existsSync } from 'node:fs';
import { isPostgresUrl, openDatabaseReadOnly } from '@lifeline/db';
import { exportAuditLines } from '../audit/export.ts';
import { databaseTarget, EnvError, loadEnv, readFlag } from '../env.ts';

// `pnpm audit:export --since <ISO date | event id> [--database <file|url>] [--out <file>]`: the
// events from that point as JSON Lines, with the signed checkpoints covering them, for
// `pnpm audit:verify --export <file>` to check without the database (SPEC §8). Writes to stdout
// without --out.
async function main() {
  const env = loadEnv();
  const argv = process.argv.slice(2);
  const sinceFlag = readFlag(argv, 'since');
  if (sinceFlag === undefined) {
    throw new EnvError('--since is required: an ISO date (2026-11-01) or an event id (1200).');
  }
  const since = /^\d+$/u.test(sinceFlag)
    ? { eventId: Number(sinceFlag) }
    : { at: Date.parse(sinceFlag) };
  if ('at' in since && !Number.isFinite(since.at)) {
    throw new EnvError('--since must be an ISO date (2026-11-01) or an event id (1200).');
  }
  const databasePath = readFlag(argv, 'database') ?? databaseTarget(env);
  if (!isPostgresUrl(databasePath) && !existsSync(databasePath)) {
    throw new EnvError(`No database at ${databasePath}.`);
  }
  const outPath = readFlag(argv, 'out');
  const out = outPath === undefined ? process.stdout : createWriteStream(outPath, { mode: 0o600 });

  const database = openDatabaseReadOnly(databasePath);
  try {
    for await (const line of exportAuditLines(database.read, since, Date.now())) {
      if (!out.write(`${line}\n`)) await once(out, 'drain');
    }
  } finally {
    await database.close();
  }
  if (out !== process.stdout) {
    out.end();
    await once(out, 'finish');
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : error);
  process.exitCode = 2;
});
