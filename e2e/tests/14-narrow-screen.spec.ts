import type { Locator, Page, TestInfo } from '@playwright/test';
import {
  endScreenshot,
  expect,
  finding,
  lookUp,
  ownerAccountOf,
  queryServer,
  STAFF,
  signIn,
  test,
  verificationPanel,
} from '../support/fixtures.ts';

// Every page at 1024×700, the smallest screen a support desk has: the columns and buttons an
// agent or a lead acts on are on screen, not cut off by the window or hidden in a scroll box
// (issue 13 bug 13).
const NARROW = { width: 1024, height: 700 };
test.use({ viewport: NARROW });

const IDENTIFIER = 'trial.ended@example.com';
const TICKET = 'E2E-J14-NARROW';

/**
 * Brings the element into the window by scrolling the page only (never a table's own scroll box,
 * which would hide what is wrong), then asserts nothing clips it: the window, the sticky header,
 * or any ancestor that scrolls or hides its overflow.
 */
async function expectShown(locator: Locator, what: string) {
  await expect(locator, what).toBeVisible();
  const problem = await locator.evaluate((el) => {
    const box = () => el.getBoundingClientRect();
    window.scrollBy(0, box().top - window.innerHeight / 2);
    const r = box();
    if (r.width === 0 || r.height === 0) return 'has no size';
    if (r.left < -0.5 || r.right > document.documentElement.clientWidth + 0.5)
      return `runs out of the window: ${Math.round(r.left)}–${Math.round(r.right)} px`;
    const header = document.querySelector('header')?.getBoundingClientRect().bottom ?? 0;
    if (r.top < header - 0.5 || r.bottom > window.innerHeight + 0.5)
      return `is not in the window vertically: ${Math.round(r.top)}–${Math.round(r.bottom)} px`;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (style.overflowX === 'visible') continue;
      const b = a.getBoundingClientRect();
      if (r.left < b.left - 0.5 || r.right > b.right + 0.5)
        return `is cut off by its ${a.tagName.toLowerCase()}.${a.className.split(' ')[0]} (${Math.round(b.left)}–${Math.round(b.right)} px, element ${Math.round(r.left)}–${Math.round(r.right)} px)`;
    }
    return null;
  });
  expect.soft(problem, `${what} ${problem ?? ''}`).toBeNull();
}

async function shot(page: Page, testInfo: TestInfo, name: string) {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, animations: 'disabled' });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

test('every page works at 1024×700: key columns and buttons on screen', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  const accountId = await ownerAccountOf(IDENTIFIER);

  // An agent's call: the diagnosis, its fix and the verification side by side.
  await signIn(page, STAFF.agent, `/?ticket=${TICKET}`);
  await lookUp(page, IDENTIFIER);
  const logins = page.getByRole('table').filter({ hasText: IDENTIFIER }).first();
  await expectShown(logins.getByText('Deactivated', { exact: true }), 'the login’s account status');
  await expectShown(logins.getByText('Owner', { exact: true }), 'the login’s role');
  const card = finding(page, 'Deactivated: can be reactivated');
  const reactivate = card.getByRole('button', { name: 'Reactivate account' });
  await expectShown(reactivate, 'the fix');
  const panel = verificationPanel(page);
  await panel.getByRole('tab', { name: 'Address' }).click();
  await expectShown(panel.getByLabel('Postal code'), 'the verification form');
  await shot(page, testInfo, 'lookup');
  await panel.getByLabel('Postal code').fill('69007');
  await panel.getByLabel('First line of the address').fill('5 Avenue Jean Jaurès');
  await panel.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(panel.getByText(/^Passed\./)).toBeVisible();
  await reactivate.click();
  const dialog = page.getByRole('dialog', { name: 'Reactivate this account?' });
  await expectShown(dialog.getByRole('button', { name: 'Reactivate', exact: true }), 'confirm');
  await dialog.getByRole('button', { name: 'Reactivate', exact: true }).click();
  await expect(dialog).toBeHidden();

  // The account page: status first, the logins table's role and status.
  await page.goto(`/accounts/${accountId}?ticket=${TICKET}`);
  await expect(page.getByRole('heading', { name: 'Timeline' })).toBeVisible();
  const loginsSection = page.getByRole('table').filter({ hasText: IDENTIFIER }).first();
  await expectShown(loginsSection.getByText('Owner', { exact: true }).first(), 'login role');
  await shot(page, testInfo, 'account');

  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Outbox' })
    .click();
  await expect(page.getByText(/^Showing \d+ emails$/)).toBeVisible();
  const firstEmail = page.getByRole('row').nth(1);
  await expectShown(firstEmail.getByRole('cell').last(), 'an email’s last column');
  await expectShown(page.getByRole('columnheader', { name: 'Status' }), 'the status column');
  await shot(page, testInfo, 'outbox');

  // A lead's pages, at another desk with the same screen.
  const context = await browser.newContext({
    baseURL: testInfo.project.use.baseURL,
    locale: 'en-GB',
    timezoneId: 'Europe/Paris',
    viewport: NARROW,
  });
  const lead = await context.newPage();
  await signIn(lead, STAFF.admin, '/reviews');
  await expect(lead.getByRole('heading', { name: 'Reactivation reviews', level: 2 })).toBeVisible();
  const review = lead.getByRole('row').filter({ hasText: TICKET });
  await expectShown(review.getByText('To review'), 'the review status badge');
  await expectShown(review.getByRole('button', { name: 'Reviewed — OK' }), 'the review button');
  await expectShown(review.getByRole('button', { name: 'Raise a concern' }), 'the concern button');
  await shot(lead, testInfo, 'reviews');

  const nav = lead.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Audit log' }).click();
  await expect(lead.getByRole('heading', { name: 'Audit log', level: 2 })).toBeVisible();
  for (const column of ['When', 'Staff member', 'Action', 'Outcome', 'Account']) {
    await expectShown(lead.getByRole('columnheader', { name: column, exact: true }), column);
  }
  await shot(lead, testInfo, 'audit');

  // The queue needs a submitted check whatever ran before (journey 06 decides the demo's one):
  // kyc.todo's customer sends their documents now.
  await queryServer(
    "UPDATE identity_checks SET status = 'submitted', submitted_at = ? WHERE account_id = ? AND status = 'not_started'",
    Date.now(),
    await ownerAccountOf('kyc.todo@example.com'),
  );
  await nav.getByRole('link', { name: 'Identity checks' }).click();
  await expect(lead.getByRole('heading', { name: 'Identity checks', level: 2 })).toBeVisible();
  await expectShown(lead.getByRole('button', { name: 'Approve' }).first(), 'approve');
  await expectShown(lead.getByRole('button', { name: 'Reject' }).first(), 'reject');
  await expectShown(lead.getByRole('columnheader', { name: 'Due' }), 'due column');
  await shot(lead, testInfo, 'identity-checks');

  await nav.getByRole('link', { name: 'Alerts' }).click();
  await expect(lead.getByRole('heading', { name: 'Alerts', level: 2 })).toBeVisible();
  await shot(lead, testInfo, 'alerts');

  await nav.getByRole('link', { name: 'Reports' }).click();
  await expect(lead.getByRole('heading', { name: 'Reactivation report', level: 2 })).toBeVisible();
  await shot(lead, testInfo, 'reports');

  await nav.getByRole('link', { name: 'Staff' }).click();
  await expect(lead.getByRole('heading', { name: 'Staff', level: 2 })).toBeVisible();
  const agentRow = lead.getByRole('row').filter({ hasText: STAFF.agent });
  await expectShown(agentRow.getByText('Active', { exact: true }), 'staff status');
  await expectShown(agentRow.getByRole('button', { name: /^Disable/ }), 'disable button');
  await shot(lead, testInfo, 'staff');
  await endScreenshot(lead, testInfo);
  await context.close();
});
