import { existsSync } from 'node:fs';
import { isPostgresUrl, keyIdOf, openDatabaseReadOnly } from '@lifeline/db';
import { defaultCheckpointDir } from '../audit/checkpoint-folder.ts';
import { defaultAuditKeyPath, publicKeyPathFor, readPublicKey } from '../audit/signing-key.ts';
import { verifyAuditTrail } from '../audit/verify.ts';
import { databaseTarget, EnvError, loadEnv, readFlag, readFlags } from '../env.ts';

// `pnpm audit:verify --public-key <pem> [--checkpoints <folder>] [--database <file>]
//  [--export <file>] [--json]`: checks the audit trail with the public key alone (SPEC §8).
// --database takes a file or a postgres:// URL; without --database or --export it reads
// DATABASE_URL or DATABASE_PATH; without --checkpoints, the
// checkpoint folder when there is one. Exits 0 when everything holds, 1 when anything does not.
async function main() {
  const env = loadEnv();
  const argv = process.argv.slice(2);
  const keyPaths = readFlags(argv, 'public-key');
  if (keyPaths.length === 0 && env.NODE_ENV !== 'production') {
    // On a development machine, the public half written beside the generated key.
    const devKey = publicKeyPathFor(
      env.AUDIT_SIGNING_KEY_FILE ?? defaultAuditKeyPath(env.DATABASE_PATH),
    );
    if (existsSync(devKey)) keyPaths.push(devKey);
  }
  if (keyPaths.length === 0) {
    throw new EnvError(
      '--public-key <file.pem> is required: the key the checkpoints are signed with.',
    );
  }
  const publicKeys = keyPaths.map((path) => {
    try {
      return readPublicKey(path);
    } catch {
      throw new EnvError(`--public-key: ${path} is not a PEM key.`);
    }
  });
  const exportFile = readFlag(argv, 'export');
  const databasePath =
    readFlag(argv, 'database') ?? (exportFile === undefined ? databaseTarget(env) : undefined);
  const checkpointsFlag = readFlag(argv, 'checkpoints');
  const checkpointsDir =
    checkpointsFlag ?? env.AUDIT_CHECKPOINT_DIR ?? defaultCheckpointDir(env.DATABASE_PATH);
  for (const [flag, path] of [
    ['--database', databasePath],
    ['--export', exportFile],
    ['--checkpoints', checkpointsFlag],
  ] as const) {
    if (path !== undefined && !isPostgresUrl(path) && !existsSync(path)) {
      throw new EnvError(`${flag}: nothing at ${path}.`);
    }
  }

  const database = databasePath === undefined ? null : openDatabaseReadOnly(databasePath);
  try {
    const report = await verifyAuditTrail({
      publicKeys,
      ...(existsSync(checkpointsDir) ? { checkpointsDir } : {}),
      ...(database ? { database: database.read } : {}),
      ...(exportFile !== undefined ? { exportFile } : {}),
    });
    if (argv.includes('--json')) {
      console.log(JSON.stringify(report, null, 2));
    } else {
      const c = report.counts;
      console.log(`keys: ${publicKeys.map((k) => keyIdOf(k).slice(0, 16)).join(', ')}`);
      console.log(
        `checkpoints: folder ${c.folderCheckpoints ?? '—'}, database ${c.databaseCheckpoints ?? '—'}, export ${c.exportCheckpoints ?? '—'}`,
      );
      console.log(
        `events walked: database ${c.databaseEvents ?? '—'}, export ${c.exportEvents ?? '—'}`,
      );
      for (const note of report.notes) console.log(`note: ${note}`);
      if (report.ok) {
        console.log('OK: every checkpoint is signed, and the chain reaches each of them.');
      } else {
        console.log(`FAILED: the first event that disagrees is ${report.firstBadEventId ?? '—'}.`);
        for (const problem of report.problems) console.log(`  - ${problem.message}`);
      }
    }
    process.exitCode = report.ok ? 0 : 1;
  } finally {
    await database?.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : error);
  process.exitCode = 2;
});
