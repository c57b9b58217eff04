import { openDatabase } from '@lifeline/db';
import { databaseTarget, EnvError, loadEnv } from '../env.ts';

// `pnpm db:migrate`: applies the committed migrations of the configured engine and exits, for
// deployments that migrate in a release step rather than when a server starts (servers do it
// too, one at a time under a lock on PostgreSQL, so several starting together are safe).
async function main() {
  const env = loadEnv();
  const db = openDatabase(databaseTarget(env));
  try {
    await db.ready;
    const health = await db.health();
    if (!health.migrationsApplied) throw new Error('migrations did not all apply');
    console.log(`${db.path}: every migration is applied.`);
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : error);
  process.exitCode = 1;
});
