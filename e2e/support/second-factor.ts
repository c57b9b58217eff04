import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import * as OTPAuth from 'otpauth';
import { DEMO_PASSWORD, queryServer } from './fixtures.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const PERIOD_MS = 30_000;

/**
 * The staff member's authenticator app, in the test: codes from the setup key the console
 * shows. The server refuses a step it has already seen, and accepts the steps either side of
 * now, so each code is the first step after the last one used (waiting when that is too far).
 */
export class AuthenticatorApp {
  private readonly totp: OTPAuth.TOTP;
  private lastStep = Number.NEGATIVE_INFINITY;

  constructor(setupKey: string) {
    this.totp = new OTPAuth.TOTP({
      secret: OTPAuth.Secret.fromBase32(setupKey.replace(/\s+/g, '')),
      algorithm: 'SHA1',
      digits: 6,
      period: PERIOD_MS / 1000,
    });
  }

  async code(): Promise<string> {
    let now = Math.floor(Date.now() / PERIOD_MS);
    while (this.lastStep + 1 > now + 1) {
      await new Promise((done) => setTimeout(done, 1_000));
      now = Math.floor(Date.now() / PERIOD_MS);
    }
    const step = Math.max(now, this.lastStep + 1);
    this.lastStep = step;
    return this.totp.generate({ timestamp: step * PERIOD_MS });
  }
}

/** The setup key the enrolment shows beside its QR code (grouped by four for typing). */
export async function readSetupKey(scope: Page | Locator): Promise<string> {
  const key = scope.getByLabel(/^(setup key|clé de configuration)$/i);
  await expect(key).toBeVisible();
  return ((await key.textContent()) ?? '').replace(/\s+/g, '');
}

/** The ten recovery codes as shown once after a first enrolment. */
export async function readRecoveryCodes(scope: Page | Locator): Promise<string[]> {
  const list = scope.getByRole('list', { name: /^(recovery codes|codes de secours)$/i });
  await expect(list.getByRole('listitem')).toHaveCount(10);
  return (await list.getByRole('listitem').allTextContents()).map((code) => code.trim());
}

/** An admin adds a staff member through the staff page (password: the demo one). */
export async function addStaffMember(
  page: Page,
  member: { email: string; name: string; role: 'Agent' | 'Lead' | 'Admin' },
) {
  await page.goto('/staff');
  const form = page.getByRole('form', { name: 'Add a staff member' });
  await form.getByLabel('Work email').fill(member.email);
  await form.getByLabel('Display name').fill(member.name);
  await form.getByRole('combobox', { name: 'Role' }).click();
  await page.getByRole('option', { name: member.role, exact: true }).click();
  await form.getByRole('textbox', { name: 'Initial password' }).fill(DEMO_PASSWORD);
  await form.getByRole('button', { name: 'Add staff member' }).click();
  await expect(page.getByRole('row').filter({ hasText: member.email })).toBeVisible();
}

/** The password step only: the page then shows the second step (or the console). */
export async function signInWithPassword(page: Page, email: string, base = '') {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel(/work email|e-mail professionnel/i).fill(email);
  await page.getByRole('textbox', { name: /password|mot de passe/i }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /^(sign in|se connecter)$/i }).click();
}

/**
 * Makes the session's last second factor older than the step-up window (5 minutes), as if the
 * staff member had been working for a while: the next sensitive action asks again.
 */
export async function ageSecondFactor(staffId: string, databasePath?: string) {
  const tenMinutesAgo = Date.now() - 10 * 60_000;
  const sql = `UPDATE staff_sessions SET second_factor_at = ? WHERE staff_id = ? AND second_factor_at IS NOT NULL`;
  if (databasePath) {
    const { openTestSql } = await import('../../packages/db/src/testing.ts');
    const db = openTestSql(databasePath);
    try {
      await db.sql(sql, tenMinutesAgo, staffId);
    } finally {
      db.close();
    }
  } else {
    await queryServer(sql, tenMinutesAgo, staffId);
  }
}

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

export interface OwnServer {
  baseURL: string;
  databasePath: string;
  stop: () => Promise<void>;
}

/**
 * A server of the journey's own (its own database, demo staff, no demo accounts), reached at
 * http://localhost:<port>: WebAuthn needs a domain for its relying party id, and an IP address
 * such as the shared server's 127.0.0.1 is not one.
 */
export async function startOwnServer(env: Record<string, string>): Promise<OwnServer> {
  const port = await freePort();
  const baseURL = `http://localhost:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'lifeline-e2e-own-'));
  const databasePath = join(dir, 'lifeline.db');
  const logPath = join(dir, 'server.log');
  const out = openSync(logPath, 'w');
  const server: ChildProcess = spawn(process.execPath, [join(ROOT, 'apps/server/src/index.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      DATABASE_PATH: databasePath,
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: baseURL,
      LOG_LEVEL: 'info',
      DEMO_ACCOUNTS: '0',
      SCHEDULER_INTERVAL_SECONDS: '0',
      ...env,
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
  return {
    baseURL,
    databasePath,
    stop: async () => {
      if (server.exitCode === null) {
        server.kill('SIGTERM');
        await new Promise((done) => server.once('exit', done));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Chromium's virtual authenticator (DevTools WebAuthn domain): a platform authenticator that
 * holds resident keys and verifies the user at once, as a fingerprint reader would.
 */
export async function addVirtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    credentials: async () =>
      (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials,
  };
}

const SCREEN_SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 700 },
] as const;

/**
 * With E2E_SCREENS=1: the screen as it is, in English and French, at 1280×800 and 1024×700
 * (test-results/<test>/<name>-<lang>-<size>.png), for a person to look at. The language is
 * switched in place (the switch's own radio, even under a modal's overlay), then set back.
 */
export async function captureScreens(page: Page, testInfo: TestInfo, name: string) {
  if (!process.env.E2E_SCREENS) return;
  // Eight more renders and screenshots: time on top of the journey's own.
  testInfo.setTimeout(testInfo.timeout + 90_000);
  const before = page.viewportSize();
  const language = (code: 'EN' | 'FR') =>
    page
      .getByRole('radiogroup', { name: /^(language|langue)$/i })
      .first()
      .getByRole('radio', { name: code })
      .dispatchEvent('click');
  for (const size of SCREEN_SIZES) {
    await page.setViewportSize(size);
    for (const code of ['EN', 'FR'] as const) {
      await language(code);
      await expect(page.locator('html')).toHaveAttribute('lang', code.toLowerCase());
      await page.evaluate(() =>
        Promise.all(
          document
            .getAnimations()
            .filter((a) => a.effect?.getComputedTiming().endTime !== Infinity)
            .map((a) => a.finished.catch(() => null)),
        ),
      );
      const path = testInfo.outputPath(
        `${name}-${code.toLowerCase()}-${size.width}x${size.height}.png`,
      );
      await page.screenshot({ path, animations: 'disabled' });
    }
  }
  await language('EN');
  if (before) await page.setViewportSize(before);
}
