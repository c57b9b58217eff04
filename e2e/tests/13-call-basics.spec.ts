import {
  endScreenshot,
  expect,
  finding,
  lookUp,
  STAFF,
  signIn,
  test,
  verificationPanel,
} from '../support/fixtures.ts';

const IDENTIFIER = 'jdupont';
const TICKET = 'E2E-J13-BASICS';

test('around a call: each tab says what it shows, Enter in the ticket goes to verification, notifications leave the header free', async ({
  page,
}, testInfo) => {
  await page.goto('/sign-in');
  await expect(page).toHaveTitle('Sign in · Lifeline');
  await signIn(page, STAFF.lead);
  await expect(page).toHaveTitle('Lookup · Lifeline');

  // No ticket yet: the lookup leads to the ticket field, whose Enter leads to the first field
  // the caller's answer goes into.
  await lookUp(page, IDENTIFIER);
  await expect(page).toHaveTitle(`${IDENTIFIER} · Lifeline`);
  const ticket = page.getByLabel('Ticket reference');
  await expect(ticket).toBeFocused();
  await page.keyboard.type(TICKET);
  await page.keyboard.press('Enter');
  await expect(verificationPanel(page).getByLabel('Last 4 digits of the card')).toBeFocused();
  await expect(page).toHaveURL(new RegExp(`ticket=${TICKET}`));

  // A notification does not cover the header's language, theme and sign-out controls.
  const card = finding(page, 'Nothing blocking found');
  await card.getByRole('button', { name: 'Send reset link' }).click();
  await page
    .getByRole('dialog', { name: 'Send a password reset link?' })
    .getByRole('button', { name: 'Send link' })
    .click();
  const toast = page.getByRole('alert').filter({ hasText: 'Reset link sent' });
  await expect(toast).toBeVisible();
  const toastBox = await toast.boundingBox();
  const header = await page.getByRole('banner').first().boundingBox();
  const viewport = page.viewportSize();
  if (!toastBox || !header || !viewport) throw new Error('no layout');
  expect(toastBox.y).toBeGreaterThan(header.y + header.height);
  expect(toastBox.y + toastBox.height).toBeLessThanOrEqual(viewport.height);
  expect(toastBox.x + toastBox.width).toBeGreaterThan(viewport.width / 2);
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await endScreenshot(page, testInfo, 'toast');

  // Lead pages are titled after themselves, in the UI's language.
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Audit log' })
    .click();
  await expect(page).toHaveTitle('Audit log · Lifeline');
  await page.getByRole('radiogroup', { name: 'Language' }).getByText('FR').click();
  await expect(page).toHaveTitle("Journal d'audit · Lifeline");
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Revues' })
    .click();
  await expect(page).toHaveTitle('Revues · Lifeline');
  await endScreenshot(page, testInfo);
});
