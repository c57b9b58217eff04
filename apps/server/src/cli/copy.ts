import { existsSync } from 'node:fs';
import { copyDatabase, isPostgresUrl, openDatabase, verifyAuditChain } from '@lifeline/db';
import { EnvError, readFlag } from '../env.ts';

// `pnpm db:copy --from ./data/lifeline.db --to postgres://…`: copies a database, whole, into an
// empty one (every table, the audit chain with its ids and hashes), migrating the target first;
// then checks that the chain still verifies there. Stop the servers of the source first.
async function main() {
  const from = readFlag(process.argv, 'from');
  const to = readFlag(process.argv, 'to');
  if (!from || !to)
    throw new EnvError(
      'Usage: pnpm db:copy --from <file or postgres://…> --to <postgres://… or file>',
    );
  if (!isPostgresUrl(from) && !existsSync(from))
    throw new EnvError(`--from: no database at ${from}.`);
  if (!isPostgresUrl(to) && existsSync(to))
    throw new EnvError(`--to: ${to} exists; copy into a new file.`);
  const source = openDatabase(from, { migrate: false });
  const target = openDatabase(to);
  try {
    await Promise.all([source.ready, target.ready]);
    const report = await copyDatabase(source, target, {
      onTable: (table, rows) => console.log(`${table}: ${rows} rows`),
    });
    const chain = await verifyAuditChain(target.read);
    if (!chain.ok) {
      throw new Error(
        `The audit chain does not verify in the copy (event ${chain.firstBrokenId}).`,
      );
    }
    const total = Object.values(report.rows).reduce((a, b) => a + b, 0);
    console.log(
      `Copied ${total} rows into ${target.path}; the audit chain verifies (${chain.checked} events).`,
    );
  } finally {
    await Promise.all([source.close(), target.close()]);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : error);
  process.exitCode = 1;
});
