import type { Locator, Page } from '@playwright/test';
import {
  DEMO_PASSWORD,
  endScreenshot,
  expect,
  finding,
  ownerAccountOf,
  queryServer,
  queryServerOne,
  STAFF,
  staffIdOf,
  test,
  verificationPanel,
} from '../support/fixtures.ts';

const IDENTIFIER = 'unpaid.closed@example.com';
const TICKET = 'E2E-J10-KEYS';

/** Tab forward until `target` has the focus, as a person would; fails after `max` presses. */
async function tabTo(page: Page, target: Locator, max = 25) {
  for (let presses = 0; presses < max; presses++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

test('keyboard only: from sign-in to a reactivation without the mouse', async ({
  page,
}, testInfo) => {
  const accountId = await ownerAccountOf(IDENTIFIER);
  // Any pointer event in the page would mean the journey was not keyboard-only.
  await page.addInitScript(() => {
    const w = window as unknown as { pointerEvents: number };
    w.pointerEvents = 0;
    for (const type of ['pointerdown', 'mousedown', 'click'])
      window.addEventListener(
        type,
        (event) => {
          if ((event as MouseEvent).detail > 0) w.pointerEvents++;
        },
        true,
      );
  });

  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByLabel('Work email')).toBeFocused();
  await page.keyboard.type(STAFF.agent);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('textbox', { name: 'Password' })).toBeFocused();
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press('Enter');

  // The lookup box has the focus; Enter diagnoses, then the ticket field takes the focus.
  const box = page.getByLabel('Email, username or account id');
  await expect(box).toBeFocused();
  await page.keyboard.type(IDENTIFIER);
  await page.keyboard.press('Enter');
  const ticket = page.getByLabel('Ticket reference');
  await expect(ticket).toBeFocused();
  await page.keyboard.type(TICKET);
  const card = finding(page, 'Deactivated: can be reactivated');
  await expect(card).toBeVisible();
  await expect(card.getByText(/^\d+ days left$/)).toBeVisible();

  // The blocked fix offers a way to the verification panel, straight into its first field.
  await tabTo(page, card.getByRole('button', { name: 'Verify now' }));
  await page.keyboard.press('Enter');
  const panel = verificationPanel(page);
  const last4 = panel.getByLabel('Last 4 digits of the card');
  await expect(last4).toBeFocused();
  await page.keyboard.type('4444');
  await page.keyboard.press('Enter');
  await expect(panel.getByText(/^Passed\./)).toBeVisible();

  // Verified: the focus moves to the fix it unlocked; Enter opens the confirmation, whose
  // primary button has the focus; Enter confirms.
  const reactivate = card.getByRole('button', { name: 'Reactivate account' });
  await expect(reactivate).toBeFocused();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Reactivate this account?' });
  await expect(dialog.getByText(/^The account comes back limited/)).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Reactivate', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  // The notification first: it closes itself after a few seconds, while the dialog stays closed.
  await expect(page.getByRole('alert').filter({ hasText: 'Account reactivated' })).toBeVisible();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { name: `Diagnosis for ${IDENTIFIER}` })).toBeFocused();
  await expect(finding(page, 'Limited: a payment failed')).toBeVisible();
  await endScreenshot(page, testInfo);

  expect(
    await page.evaluate(() => (window as unknown as { pointerEvents: number }).pointerEvents),
  ).toBe(0);
  // non_payment with a balance owed comes back limited, its dunning restarted now.
  const account = await queryServerOne<{ status: string; paymentFailedAt: number }>(
    'SELECT status, payment_failed_at AS "paymentFailedAt" FROM accounts WHERE id = ?',
    accountId,
  );
  expect(account.status).toBe('limited');
  expect(account.paymentFailedAt).toBeGreaterThan(Date.now() - 5 * 60_000);
  expect(
    await queryServer(
      `SELECT staff_id AS "staffId", outcome, ticket_ref AS "ticketRef" FROM audit_events
       WHERE action = 'account.reactivate' AND account_id = ?`,
      accountId,
    ),
  ).toEqual([{ staffId: await staffIdOf(STAFF.agent), outcome: 'succeeded', ticketRef: TICKET }]);
});
