import type { Page } from '@playwright/test';
import {
  checkCard,
  expect,
  finding,
  lookUp,
  ownerAccountOf,
  STAFF,
  seriousViolations,
  signIn,
  test,
  verificationPanel,
} from '../support/fixtures.ts';

// axe-core on every main page, as each role sees it: no serious or critical violation. One
// sign-in per role; each page is a step and a soft assertion, so a run lists every failing page.
// These only read (a verification at most), so they do not depend on the journeys' order.

async function expectAccessible(page: Page, name: string) {
  await test.step(`axe: ${name}`, async () => {
    expect.soft(await seriousViolations(page), name).toEqual([]);
  });
}

test('sign-in page', async ({ page }) => {
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { name: 'Sign in to Lifeline' })).toBeVisible();
  await expectAccessible(page, 'sign-in');
  await page.getByLabel('Work email').fill(STAFF.agent);
  await page.getByRole('textbox', { name: 'Password' }).fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Email or password is wrong.');
  await expectAccessible(page, 'sign-in, wrong password');
});

const DIAGNOSES = [
  { identifier: 'asked.to.close@example.com', title: 'Deactivated: can be reactivated' },
  { identifier: 'two.teams@example.com', title: 'One email, several logins' },
  { identifier: 'hard.locked@example.com', title: 'Login locked' },
  { identifier: 'fraud.hold@example.com', title: 'Suspicious-activity block' },
  { identifier: 'kyc.todo@example.com', title: 'Identity check required' },
  { identifier: 'limited.dunning@example.com', title: 'Limited: a payment failed' },
  { identifier: 'j.dupont@example.fr', title: 'Signs in with a username' },
  { identifier: 'purged.long.ago@example.com', title: 'Account purged' },
  { identifier: 'ok.ownr@example.com', title: 'No login with this identifier' },
] as const;

test('agent pages: lookup, diagnoses, verification, confirmation, account, outbox', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signIn(page, STAFF.agent, '/?ticket=E2E-A11Y');
  await expect(page.getByRole('heading', { name: 'Who is calling?' })).toBeVisible();
  await expectAccessible(page, 'lookup, empty');

  for (const { identifier, title } of DIAGNOSES) {
    await lookUp(page, identifier);
    await expect(finding(page, title)).toBeVisible();
    await expectAccessible(page, `diagnosis of ${identifier}`);
  }

  await lookUp(page, 'self.blocked@example.com');
  await checkCard(page, '9999');
  await expect(verificationPanel(page).getByText(/^Passed\./)).toBeVisible();
  await expectAccessible(page, 'diagnosis with a verified caller');
  await finding(page, 'Blocked by the customer')
    .getByRole('button', { name: 'Lift the block' })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Lift the customer’s block?' });
  await expect(dialog.getByRole('button', { name: 'Lift block' })).toBeFocused();
  await expectAccessible(page, 'action confirmation');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();

  for (const identifier of [
    'ok.owner@example.com',
    'kyc.todo@example.com',
    'limited.dunning@example.com',
  ]) {
    await page.goto(`/accounts/${await ownerAccountOf(identifier)}`);
    await expect(page.getByRole('heading', { name: 'Timeline' })).toBeVisible();
    await expectAccessible(page, `account view of ${identifier}`);
  }

  await page.getByRole('link', { name: 'Outbox' }).click();
  await expect(page.getByText(/^Showing \d+ emails$/)).toBeVisible();
  await expectAccessible(page, 'outbox');
});

test('dark mode and French', async ({ page }) => {
  await signIn(page, STAFF.agent, '/?ticket=E2E-A11Y');
  await page.getByRole('button', { name: 'Dark mode' }).click();
  await lookUp(page, 'asked.to.close@example.com');
  await expect(finding(page, 'Deactivated: can be reactivated')).toBeVisible();
  await expectAccessible(page, 'diagnosis, dark mode');
  await page
    .getByRole('radiogroup', { name: 'Language', exact: true })
    .getByText('FR', { exact: true })
    .click();
  await expect(finding(page, 'Désactivé : peut être réactivé')).toBeVisible();
  await expectAccessible(page, 'diagnosis, dark mode, French');
});

const LEAD_PAGES = [
  { link: 'Audit log', heading: 'Audit log' },
  { link: 'Reports', heading: 'Reactivation report' },
  { link: 'Reviews', heading: 'Reactivation reviews' },
  { link: 'Identity checks', heading: 'Identity checks' },
  { link: 'Alerts', heading: 'Alerts' },
] as const;

test('lead pages, as a lead; staff, as an admin', async ({ page }) => {
  await signIn(page, STAFF.lead);
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const { link, heading } of LEAD_PAGES) {
    await nav.getByRole('link', { name: link }).click();
    await expect(page.getByRole('heading', { name: heading, level: 2 })).toBeVisible();
    await expect(page.getByText('Loading…')).toHaveCount(0);
    await expectAccessible(page, link);
  }

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Lifeline' })).toBeVisible();
  await signIn(page, STAFF.admin, '/staff');
  await expect(page.getByRole('heading', { name: 'Staff', level: 2 })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: STAFF.agent })).toBeVisible();
  await expectAccessible(page, 'staff');
});
