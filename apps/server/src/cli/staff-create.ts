import { randomBytes } from 'node:crypto';
import { hashPassword, insertStaffMember } from '@lifeline/api';
import { createStaffInput } from '@lifeline/api/schemas';
import { openDatabase } from '@lifeline/db';
import { isDomainError } from '@lifeline/domain';
import { databaseTarget, EnvError, loadEnv, readFlag, staffMfaOf } from '../env.ts';

// `pnpm staff:create --email x --role lead [--name "…"] [--break-glass]`: how production gets
// its staff (demo staff are never seeded there). The password comes from the first line of
// stdin when stdin is piped, so it never appears in the shell history or the process list; in a
// terminal one is generated and printed once. `--break-glass` makes an admin who may still sign
// in with a password when STAFF_PASSWORD_SIGN_IN=false (for the day the provider is down).

const USAGE = `Usage: pnpm staff:create --email someone@example.com --role agent|lead|admin [--name "Full Name"] [--generate-password] [--break-glass]
  The password is the first line of stdin when stdin is piped (at least 12 characters):
    printf '%s\\n' "$PASSWORD" | pnpm staff:create --email … --role …
  Run in a terminal (or with --generate-password), a password is generated and printed once.
  --break-glass (admins only): may sign in with this password even when
    STAFF_PASSWORD_SIGN_IN=false, for the day single sign-on is down.
  With STAFF_MFA=required (the production default) a password alone is not a sign-in:
    the new staff member (break-glass admins too) enrols a passkey or an authenticator app
    when they first sign in.`;

const FLAGS_WITH_VALUE = ['email', 'role', 'name'];
const SWITCHES = ['generate-password', 'break-glass'];

class UsageError extends Error {}

function checkArguments(argv: readonly string[]): void {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const name = arg.startsWith('--') ? arg.slice(2) : null;
    if (name !== null && FLAGS_WITH_VALUE.includes(name)) {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--'))
        throw new UsageError(`--${name} needs a value.`);
      i += 1;
    } else if (name === null || !SWITCHES.includes(name)) {
      throw new UsageError(`Unknown argument: ${arg}`);
    }
  }
}

async function readFirstLineOfStdin(): Promise<string> {
  process.stdin.setEncoding('utf8');
  let data = '';
  for await (const chunk of process.stdin) {
    data += String(chunk);
    const newline = data.indexOf('\n');
    if (newline !== -1) return data.slice(0, newline).replace(/\r$/, '');
  }
  return data.replace(/\r$/, '');
}

/** 24 characters of base64url: 144 random bits. */
function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return;
  }
  checkArguments(argv);
  const email = readFlag(argv, 'email');
  const role = readFlag(argv, 'role');
  if (!email || !role) throw new UsageError('--email and --role are required.');
  const breakGlass = argv.includes('--break-glass');
  if (breakGlass && role !== 'admin') {
    throw new UsageError('--break-glass is for admins only (--role admin).');
  }
  const env = loadEnv();

  const generated = argv.includes('--generate-password') || process.stdin.isTTY === true;
  const password = generated ? generatePassword() : await readFirstLineOfStdin();
  if (!generated && password === '') {
    throw new UsageError(
      'stdin is empty: pipe the password in, or pass --generate-password to have one generated.',
    );
  }
  const parsed = createStaffInput.safeParse({
    email,
    role,
    displayName: readFlag(argv, 'name') ?? email.split('@')[0],
    password,
  });
  if (!parsed.success) {
    const label: Record<string, string> = { displayName: '--name', password: 'password' };
    throw new UsageError(
      parsed.error.issues
        .map((issue) => {
          const field = String(issue.path[0] ?? 'input');
          return `${label[field] ?? `--${field}`}: ${issue.message}`;
        })
        .join('\n'),
    );
  }

  const passwordHash = await hashPassword(parsed.data.password);
  const db = openDatabase(databaseTarget(env));
  try {
    await db.ready;
    const created = await db.transaction((tx) =>
      insertStaffMember(
        tx,
        {
          email: parsed.data.email,
          displayName: parsed.data.displayName,
          role: parsed.data.role,
          passwordHash,
          breakGlass,
        },
        { staffId: 'cli', now: Date.now() },
      ),
    );
    console.log(
      `Created ${breakGlass ? 'break-glass ' : ''}${created.role} ${created.email} (${created.id}) in ${db.path}.`,
    );
    if (generated) console.log(`Password (shown once, store it now): ${password}`);
    if (staffMfaOf(env) === 'required') {
      console.log(
        'STAFF_MFA=required: they enrol a second factor (passkey or authenticator app) at their first sign-in.',
      );
    }
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${USAGE}`);
  } else if (error instanceof EnvError || isDomainError(error)) {
    console.error(error.message);
  } else {
    console.error(
      `Could not create the staff member: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  process.exitCode = 1;
});
