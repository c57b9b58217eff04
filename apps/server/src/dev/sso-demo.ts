import { randomBytes } from 'node:crypto';
import { parseRoleMap, roleFromGroups } from '@lifeline/domain';
import { EnvError, loadEnv } from '../env.ts';
import { type DemoUser, startDemoProvider } from './oidc-demo-provider.ts';

// `pnpm dev:sso`: single sign-on to try without an account anywhere. A demo OpenID provider
// (oidc-provider, in this process, on a loopback port) with one user per role and one with no
// role, and Lifeline started against it on the usual embedded SQLite database. Development only:
// the provider's sign-in page takes any password.

const PROVIDER_PORT = 3100;
const ROLE_MAP = 'support-agents=agent,support-leads=lead,it-admins=admin';

export const DEMO_SSO_USERS: DemoUser[] = [
  { sub: 'agent', email: 'agent@sso.lifeline.test', name: 'Ari Agent', groups: ['support-agents'] },
  {
    sub: 'lead',
    email: 'lead@sso.lifeline.test',
    name: 'Lou Lead',
    groups: ['support-agents', 'support-leads'],
  },
  { sub: 'admin', email: 'admin@sso.lifeline.test', name: 'Ida Admin', groups: ['it-admins'] },
  {
    sub: 'outsider',
    email: 'outsider@sso.lifeline.test',
    name: 'Otto Outsider',
    groups: ['sales'],
  },
];

async function main() {
  const env = loadEnv();
  const host = ['0.0.0.0', '::', '[::]'].includes(env.HOST) ? '127.0.0.1' : env.HOST;
  const lifelineUrl = `http://${host}:${env.PORT}`;
  const redirectUrl = `${lifelineUrl}/auth/oidc/callback`;
  const clientSecret = randomBytes(24).toString('base64url');
  const provider = await startDemoProvider({
    users: DEMO_SSO_USERS,
    clients: [{ clientId: 'lifeline-demo', clientSecret, redirectUris: [redirectUrl] }],
    port: PROVIDER_PORT,
  });

  // The server reads its settings from the environment (env.ts), as in production.
  Object.assign(process.env, {
    OIDC_ISSUER_URL: provider.issuer,
    OIDC_CLIENT_ID: 'lifeline-demo',
    OIDC_CLIENT_SECRET: clientSecret,
    OIDC_REDIRECT_URL: redirectUrl,
    OIDC_PROVIDER_NAME: process.env.OIDC_PROVIDER_NAME || 'Demo SSO',
    OIDC_ROLE_MAP: ROLE_MAP,
  });
  console.log(
    [
      '',
      `Demo OpenID provider: ${provider.issuer} (in this process; any password is accepted)`,
      `Open ${lifelineUrl} and choose "Sign in with ${process.env.OIDC_PROVIDER_NAME}", then sign in as:`,
      ...DEMO_SSO_USERS.map(
        (user) => `  ${user.sub.padEnd(9)} groups ${user.groups.join(', ')} → ${roleOf(user)}`,
      ),
      `Role map: ${ROLE_MAP}`,
      '',
    ].join('\n'),
  );
  await import('../index.ts');
}

function roleOf(user: DemoUser): string {
  const parsed = parseRoleMap(ROLE_MAP);
  const role = 'map' in parsed ? roleFromGroups(user.groups, parsed.map) : null;
  return role ?? 'no role: refused';
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
});
