import { existsSync } from 'node:fs';
import { listNewestPendingEmails, openDatabase } from '@lifeline/db';
import { databaseTarget, EnvError, loadEnv, readFlag } from '../env.ts';

// `pnpm outbox:peek [--limit N]`, for development and demos without SMTP: prints the newest
// pending emails with their code or reset link filled in, as the customer would receive them.
// Refused in production, where secrets leave the server only inside a delivered email.
async function main() {
  const env = loadEnv();
  if (env.NODE_ENV === 'production') {
    throw new EnvError('outbox:peek shows one-time codes and is refused when NODE_ENV=production.');
  }
  const limitFlag = readFlag(process.argv, 'limit');
  const limit = limitFlag === undefined ? 5 : Number(limitFlag);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new EnvError('--limit must be a whole number from 1 to 100');
  }
  if (!env.DATABASE_URL && !existsSync(env.DATABASE_PATH)) {
    throw new EnvError(`No database at ${env.DATABASE_PATH}.`);
  }

  const db = openDatabase(databaseTarget(env), { migrate: false });
  try {
    const emails = await listNewestPendingEmails(db.read, limit);
    if (emails.length === 0) console.log('No pending emails.');
    for (const email of emails) {
      const body =
        email.secret === null
          ? email.bodyText
          : email.bodyText.replaceAll('{{secret}}', email.secret);
      console.log(
        [
          `── ${email.id} · ${new Date(email.createdAt).toISOString()}`,
          `To: ${email.toAddress}`,
          `Subject: ${email.subject}`,
          '',
          body,
          '',
        ].join('\n'),
      );
    }
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : error);
  process.exitCode = 1;
});
