import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import {
  type DemoProvider,
  startDemoProvider,
} from '../../apps/server/src/dev/oidc-demo-provider.ts';
import { endScreenshot, expect, seriousViolations, test } from '../support/fixtures.ts';

// Single sign-on in a real browser: a server of its own configured against a real OpenID
// provider (oidc-provider, started here on a loopback port), signed in through the provider's
// own login page. The role comes from the provider's groups.

const ROOT = resolve(import.meta.dirname, '../..');
const CLIENT = { clientId: 'lifeline-e2e', clientSecret: 'lifeline-e2e-secret' };

let provider: DemoProvider;
let server: ChildProcess;
let baseURL: string;
let dir: string;

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

test.beforeAll(async () => {
  const port = await freePort();
  baseURL = `http://127.0.0.1:${port}`;
  provider = await startDemoProvider({
    users: [
      { sub: 'ari', email: 'ari@corp.test', name: 'Ari Agent', groups: ['support-agents'] },
      {
        sub: 'lou',
        email: 'lou@corp.test',
        name: 'Lou Lead',
        groups: ['support-agents', 'support-leads'],
      },
      { sub: 'otto', email: 'otto@corp.test', name: 'Otto Outsider', groups: ['sales'] },
    ],
    clients: [{ ...CLIENT, redirectUris: [`${baseURL}/auth/oidc/callback`] }],
  });
  dir = mkdtempSync(join(tmpdir(), 'lifeline-e2e-sso-'));
  const logPath = join(dir, 'server.log');
  const out = openSync(logPath, 'w');
  server = spawn(process.execPath, [join(ROOT, 'apps/server/src/index.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      DATABASE_PATH: join(dir, 'lifeline.db'),
      PORT: String(port),
      LOG_LEVEL: 'info',
      DEMO_ACCOUNTS: '0',
      SCHEDULER_INTERVAL_SECONDS: '0',
      OIDC_ISSUER_URL: provider.issuer,
      OIDC_CLIENT_ID: CLIENT.clientId,
      OIDC_CLIENT_SECRET: CLIENT.clientSecret,
      OIDC_REDIRECT_URL: `${baseURL}/auth/oidc/callback`,
      OIDC_PROVIDER_NAME: 'Corp ID',
      OIDC_ROLE_MAP: 'support-agents=agent,support-leads=lead,it-admins=admin',
    },
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  for (let waited = 0; !readFileSync(logPath, 'utf8').includes('Lifeline is listening'); ) {
    if (server.exitCode !== null || waited > 60_000) {
      throw new Error(`the server did not start:\n${readFileSync(logPath, 'utf8')}`);
    }
    await new Promise((done) => setTimeout(done, 100));
    waited += 100;
  }
});

test.afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((done) => server.once('exit', done));
  }
  await provider?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** From the console's sign-in page through the provider's login page, as `login`. */
async function signInWithProvider(page: Page, login: string) {
  await page.goto(`${baseURL}/sign-in`);
  await page.getByRole('link', { name: 'Sign in with Corp ID' }).click();
  await expect(page).toHaveURL(new RegExp(`^${provider.issuer}/interaction/`));
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
}

test('single sign-on as an agent and as a lead: the role comes from the groups', async ({
  browser,
}, testInfo) => {
  const agent = await (await browser.newContext()).newPage();
  await signInWithProvider(agent, 'ari');
  await expect(agent).toHaveURL(`${baseURL}/`);
  await expect(agent.getByText('Ari Agent')).toBeVisible();
  const agentNav = agent.getByRole('navigation', { name: 'Main' });
  await expect(agentNav.getByRole('link', { name: 'Lookup' })).toBeVisible();
  await expect(agentNav.getByRole('link', { name: 'Reviews' })).toHaveCount(0);

  const lead = await (await browser.newContext()).newPage();
  await signInWithProvider(lead, 'lou');
  await expect(lead).toHaveURL(`${baseURL}/`);
  await expect(lead.getByText('Lou Lead')).toBeVisible();
  await expect(
    lead.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reviews' }),
  ).toBeVisible();
  await endScreenshot(lead, testInfo);
});

test('someone in no mapped group is refused, in words, and can switch to French', async ({
  page,
}, testInfo) => {
  await signInWithProvider(page, 'otto');
  await expect(page).toHaveURL(`${baseURL}/sign-in?sso_error=no_role`);
  await expect(page.getByRole('alert')).toContainText('no group that gives access to Lifeline');
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('radiogroup', { name: 'Language' }).getByText('FR').click();
  await expect(page.getByRole('alert')).toContainText('aucun groupe qui donne accès');
  await expect(page.getByRole('link', { name: 'Se connecter avec Corp ID' })).toBeVisible();
  await endScreenshot(page, testInfo);
});
