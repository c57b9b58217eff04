import {
  expect as baseExpect,
  endScreenshot,
  queryServer,
  STAFF,
  seriousViolations,
  signIn,
  staffIdOf,
  test,
} from '../support/fixtures.ts';
import {
  AuthenticatorApp,
  addStaffMember,
  captureScreens,
  readRecoveryCodes,
  readSetupKey,
  signInWithPassword,
} from '../support/second-factor.ts';

// Password sign-ins (argon2), WebAuthn ceremonies and axe scans on a shared 2-core machine:
// a screen may take longer than the default 10 s to settle.
const expect = baseExpect.configure({ timeout: 30_000 });

// An authenticator app (TOTP) enrolled from the Security page, then a sign-in with a recovery
// code. On the shared server (STAFF_MFA optional): a staff member of the journey's own, so the
// demo staff other journeys use keep signing in with a password alone.
const MEMBER = { email: 'tess.totp@lifeline.test', name: 'Tess Totp', role: 'Agent' } as const;

test('TOTP enrolment from the Security page, then a password sign-in finished with a recovery code (used once)', async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000);
  await signIn(page, STAFF.admin, '/staff');
  await addStaffMember(page, MEMBER);
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  // No factor yet: the password is enough (optional second factors).
  await signIn(page, MEMBER.email, '/security');
  await expect(page.getByRole('heading', { name: 'Second factors' })).toBeVisible();
  await expect(page.getByText('No second factor yet.')).toBeVisible();
  await page.getByRole('button', { name: 'Add an authenticator app' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add an authenticator app' });
  const qr = dialog.getByRole('img', {
    name: 'QR code that adds Lifeline to an authenticator app',
  });
  await expect(qr).toBeVisible();
  // The server's SVG arrives as an image, never as markup in the page.
  expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
  await expect(dialog.locator('svg[shape-rendering]')).toHaveCount(0);
  const app = new AuthenticatorApp(await readSetupKey(dialog));
  const code = dialog.getByRole('textbox', { name: 'Code the app shows now' });
  await expect(code).toBeFocused();
  expect(await seriousViolations(page)).toEqual([]);
  await endScreenshot(page, testInfo, 'enrol-totp');
  await captureScreens(page, testInfo, 'enrol-totp');

  // A wrong code first: said, and the field is ready again.
  await code.fill('000000');
  await code.press('Enter');
  await expect(dialog.getByRole('alert')).toContainText('That code does not match');
  await code.fill(await app.code());
  await code.press('Enter');

  // The ten recovery codes, once.
  const codes = await readRecoveryCodes(dialog);
  expect(new Set(codes).size).toBe(10);
  for (const recovery of codes) expect(recovery).toMatch(/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{2}$/);
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Download (.txt)' }).click();
  expect((await download).suggestedFilename()).toBe('lifeline-recovery-codes.txt');
  expect(await seriousViolations(page)).toEqual([]);
  await endScreenshot(page, testInfo, 'recovery-codes');
  await captureScreens(page, testInfo, 'recovery-codes');
  await dialog.getByRole('button', { name: 'I have saved them' }).click();
  await expect(dialog).toBeHidden();
  const row = page.getByRole('row').filter({ hasText: 'Authenticator app' });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Never');
  await expect(page.getByText('10 recovery codes left.')).toBeVisible();
  await endScreenshot(page, testInfo, 'security-page');
  await captureScreens(page, testInfo, 'security-page');

  // Signed out, then in again: the password is no longer enough.
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await signInWithPassword(page, MEMBER.email);
  await expect(page.getByRole('heading', { name: 'Confirm it’s you' })).toBeVisible();
  await expect(
    page.getByRole('textbox', { name: /Code from your authenticator app/ }),
  ).toBeFocused();
  // The console is out of reach until the second factor passes.
  await page.goto('/outbox');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Foutbox/);
  await expect(page.getByRole('heading', { name: 'Confirm it’s you' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await endScreenshot(page, testInfo, 'second-step');
  await captureScreens(page, testInfo, 'second-step-totp');

  // By keyboard: the link to a recovery code, the code, Enter.
  await page.getByRole('button', { name: 'Use a recovery code' }).click();
  const recovery = page.getByRole('textbox', { name: /^Recovery code/ });
  await expect(recovery).toBeFocused();
  const used = codes[3] ?? '';
  await recovery.fill(used.toUpperCase());
  await recovery.press('Enter');
  await expect(page).toHaveURL(/\/outbox$/);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();

  const staffId = await staffIdOf(MEMBER.email);
  const events = await queryServer<{ action: string; outcome: string; details: string }>(
    `SELECT action, outcome, details FROM audit_events
      WHERE staff_id = ? AND action IN ('auth.second_factor', 'staff.factor_add')
      ORDER BY id`,
    staffId,
  );
  // The wrong code at enrolment is on the record too.
  expect(events.map((e) => [e.action, e.outcome])).toEqual([
    ['staff.factor_add', 'refused'],
    ['staff.factor_add', 'succeeded'],
    ['auth.second_factor', 'succeeded'],
  ]);
  expect(JSON.parse(events[2]?.details ?? '{}')).toMatchObject({
    method: 'password+recovery_code',
  });
  for (const event of events) {
    expect(event.details).not.toContain(used);
    expect(event.details.toLowerCase()).not.toContain(used.replace('-', ''));
  }

  await page.goto('/security');
  await expect(page.getByText('9 recovery codes left.')).toBeVisible();

  // A recovery code works once.
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await signInWithPassword(page, MEMBER.email);
  await page.getByRole('button', { name: 'Use a recovery code' }).click();
  await page.getByRole('textbox', { name: /^Recovery code/ }).fill(used);
  await page.getByRole('textbox', { name: /^Recovery code/ }).press('Enter');
  await expect(page.getByRole('alert')).toHaveText(
    'That recovery code is wrong or was already used.',
  );
  // The app's code still lets them in.
  await page.getByRole('button', { name: 'Use your authenticator app' }).click();
  const totp = page.getByRole('textbox', { name: /Code from your authenticator app/ });
  await totp.fill(await app.code());
  await totp.press('Enter');
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
});
