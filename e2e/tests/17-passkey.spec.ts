import type { Page } from '@playwright/test';
import { openTestSql } from '../../packages/db/src/testing.ts';
import {
  expect as baseExpect,
  endScreenshot,
  STAFF,
  seriousViolations,
  test,
} from '../support/fixtures.ts';
import {
  addVirtualAuthenticator,
  ageSecondFactor,
  captureScreens,
  type OwnServer,
  readRecoveryCodes,
  signInWithPassword,
  startOwnServer,
} from '../support/second-factor.ts';

// Password sign-ins (argon2), WebAuthn ceremonies and axe scans on a shared 2-core machine:
// a screen may take longer than the default 10 s to settle.
const expect = baseExpect.configure({ timeout: 30_000 });

// Passkeys through a real WebAuthn ceremony: Chromium's virtual authenticator stands for the
// laptop's fingerprint reader. A server of the journey's own at http://localhost (a relying
// party id must be a domain), with second factors required: the demo admin enrols at their
// first sign-in, signs out, signs in again with the passkey, and steps up with it.

let own: OwnServer;

test.beforeAll(async () => {
  own = await startOwnServer({ STAFF_MFA: 'required' });
});

test.afterAll(async () => {
  await own?.stop();
});

async function ownQuery<T>(sql: string, ...params: unknown[]): Promise<T[]> {
  const db = openTestSql(own.databasePath);
  try {
    return await db.sql<T>(sql, ...params);
  } finally {
    db.close();
  }
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

test('passkey enrolment at the first sign-in, then sign-out and a passkey sign-in, then a step-up with it', async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000);
  const authenticator = await addVirtualAuthenticator(page);

  // Second factors required and none yet: the password leads to the enrolment, not the console.
  await signInWithPassword(page, STAFF.admin, own.baseURL);
  await expect(page.getByRole('heading', { name: 'Set up a second factor' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Use a passkey' })).toBeFocused();
  expect(await seriousViolations(page)).toEqual([]);
  await endScreenshot(page, testInfo, 'enrol-choice');
  await captureScreens(page, testInfo, 'enrol-choice');
  await page.goto(`${own.baseURL}/staff`);
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fstaff/);
  await expect(page.getByRole('heading', { name: 'Set up a second factor' })).toBeVisible();

  await page.getByRole('button', { name: 'Use a passkey' }).click();
  const label = page.getByRole('textbox', { name: 'Name of this passkey' });
  await expect(label).toBeFocused();
  await label.fill('Work laptop');
  await page.getByRole('button', { name: 'Create the passkey' }).click();

  // The first factor comes with the recovery codes, once; then the console.
  await readRecoveryCodes(page);
  expect(await authenticator.credentials()).toHaveLength(1);
  await endScreenshot(page, testInfo, 'recovery-codes');
  await captureScreens(page, testInfo, 'recovery-codes-sign-in');
  await page.getByRole('button', { name: 'I have saved them' }).click();
  await expect(page).toHaveURL(`${own.baseURL}/staff`);
  await expect(page.getByRole('heading', { name: 'Staff', level: 2 })).toBeVisible();

  await signOut(page);
  await signInWithPassword(page, STAFF.admin, own.baseURL);
  await expect(page.getByRole('heading', { name: 'Confirm it’s you' })).toBeVisible();
  const usePasskey = page.getByRole('button', { name: 'Use your passkey' });
  await expect(usePasskey).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await endScreenshot(page, testInfo, 'second-step');
  await captureScreens(page, testInfo, 'second-step-passkey');
  await usePasskey.click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();

  const adminId = (
    await ownQuery<{ id: string }>('SELECT id FROM staff WHERE email = ?', STAFF.admin)
  )[0]?.id;
  const events = await ownQuery<{ action: string; outcome: string; details: string }>(
    `SELECT action, outcome, details FROM audit_events
      WHERE staff_id = ? AND action IN ('staff.factor_add', 'auth.second_factor') ORDER BY id`,
    adminId,
  );
  // The enrolment finished the first sign-in; the passkey alone the second.
  expect(events.map((e) => [e.action, e.outcome])).toEqual([
    ['staff.factor_add', 'succeeded'],
    ['auth.second_factor', 'succeeded'],
    ['auth.second_factor', 'succeeded'],
  ]);
  expect(JSON.parse(events[0]?.details ?? '{}')).toMatchObject({
    kind: 'passkey',
    label: 'Work laptop',
  });
  expect(JSON.parse(events[2]?.details ?? '{}')).toMatchObject({ method: 'password+passkey' });
  const [credential] = await authenticator.credentials();
  // No credential id in clear, in either base64 spelling.
  const rawId = credential?.credentialId ?? '?';
  const urlId = rawId.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  for (const event of events) {
    expect(event.details).not.toContain(rawId.replace(/=+$/, ''));
    expect(event.details).not.toContain(urlId);
  }

  // The Security page lists it, used just now.
  await page.goto(`${own.baseURL}/security`);
  const row = page.getByRole('row').filter({ hasText: 'Work laptop' });
  await expect(row).toContainText('Passkey');
  await expect(row).not.toContainText('Never');
  expect(await seriousViolations(page)).toEqual([]);
  await endScreenshot(page, testInfo, 'security-page');

  // Later, a role change asks for the passkey again (step-up), then goes through.
  await ageSecondFactor(adminId ?? '', own.databasePath);
  await page.goto(`${own.baseURL}/staff`);
  const agentRow = page.getByRole('row').filter({ hasText: STAFF.agent });
  await agentRow.getByRole('combobox', { name: /^Role of / }).click();
  await page.getByRole('option', { name: 'Lead', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Change role' }).click();
  const stepUp = page.getByRole('dialog', { name: 'Confirm it’s you' });
  await expect(stepUp).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await endScreenshot(page, testInfo, 'step-up');
  await captureScreens(page, testInfo, 'step-up-passkey');
  await stepUp.getByRole('button', { name: 'Use your passkey' }).click();
  await expect(stepUp).toBeHidden();
  await expect(page.getByRole('alert').filter({ hasText: 'Role changed' })).toBeVisible();
  const role = await ownQuery<{ role: string }>(
    'SELECT role FROM staff WHERE email = ?',
    STAFF.agent,
  );
  expect(role[0]?.role).toBe('lead');
});
