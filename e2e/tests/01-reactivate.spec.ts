import {
  checkCard,
  endScreenshot,
  expect,
  finding,
  lookUp,
  ownerAccountOf,
  queryServer,
  queryServerOne,
  STAFF,
  signIn,
  staffIdOf,
  test,
  verificationPanel,
} from '../support/fixtures.ts';

const TICKET = 'E2E-J1-REACT';

test('an agent reactivates a cancelled account after a failed and a passed verification', async ({
  page,
}, testInfo) => {
  const accountId = await ownerAccountOf('cancelled.recent@example.com');
  await signIn(page, STAFF.agent, `/?ticket=${TICKET}`);
  await expect(page.getByLabel('Ticket reference')).toHaveValue(TICKET);

  // The caller spells it with capitals and spaces: the diagnosis normalises it.
  await lookUp(page, '  Cancelled.Recent@Example.COM ');
  const card = finding(page, 'Deactivated: can be reactivated');
  await expect(card).toBeVisible();
  await expect(card.getByText('110 days left')).toBeVisible();
  await expect(
    card.getByRole('progressbar', { name: 'Reactivation window (120 days)' }),
  ).toHaveAttribute('aria-valuetext', '110 days left');
  // The caller hears the exact deadline and its zone, not a count that SPEC §3 rounds up.
  await expect(card.getByTestId('customer-script')).toContainText(
    /so I can reactivate it until \d{1,2} \w+( \d{4})?, \d\d:\d\d \([\w ]+ time\)/,
  );
  const reactivate = card.getByRole('button', { name: 'Reactivate account' });
  await expect(reactivate).toBeDisabled();
  await expect(
    card.getByText('Verify the caller as the owner of this account first.'),
  ).toBeVisible();

  // A wrong last 4: failed, and nothing says which digits are on file.
  const panel = verificationPanel(page);
  await expect(panel.getByText('Unverified')).toBeVisible();
  await checkCard(page, '9999');
  await expect(panel.getByText(/^Failed: it does not match what is on file/)).toBeVisible();
  await expect(panel.getByText('Unverified')).toBeVisible();
  await expect(page.getByText(/3333/)).toHaveCount(0);
  await expect(reactivate).toBeDisabled();

  // The right one: verified, and the fix is offered.
  await checkCard(page, '3333');
  await expect(panel.getByText(/^Passed\. The caller is verified until \d\d:\d\d/)).toBeVisible();
  await expect(panel.getByText(/^Verified until \d\d:\d\d$/)).toBeVisible();
  await expect(reactivate).toBeEnabled();

  await reactivate.click();
  const dialog = page.getByRole('dialog', { name: 'Reactivate this account?' });
  await expect(dialog.getByText('The account becomes active again.')).toBeVisible();
  await expect(dialog.getByText(/^110 days were left in the 120-day window/)).toBeVisible();
  await expect(
    dialog.getByText(`Ticket ${TICKET} and your name go into the audit log.`),
  ).toBeVisible();
  await dialog.getByRole('button', { name: 'Reactivate', exact: true }).click();

  // The page: a notification, and the diagnosis refreshed from the server.
  // The notification first: it closes itself after a few seconds, while the dialog stays closed.
  await expect(page.getByRole('alert').filter({ hasText: 'Account reactivated' })).toBeVisible();
  await expect(dialog).toBeHidden();
  await expect(finding(page, 'Deactivated: can be reactivated')).toHaveCount(0);
  await expect(page.getByRole('table', { name: 'Logins this identifier reaches' })).toContainText(
    'Active',
  );

  // The server: active again, one audited reactivation with the ticket from ?ticket=.
  expect(
    await queryServerOne<{ status: string; deactivatedAt: number | null }>(
      'SELECT status, deactivated_at AS "deactivatedAt" FROM accounts WHERE id = ?',
      accountId,
    ),
  ).toEqual({ status: 'active', deactivatedAt: null });
  const events = await queryServer<{ staffId: string; outcome: string; ticketRef: string }>(
    `SELECT staff_id AS "staffId", outcome, ticket_ref AS "ticketRef" FROM audit_events
     WHERE action = 'account.reactivate' AND account_id = ?`,
    accountId,
  );
  expect(events).toEqual([
    { staffId: await staffIdOf(STAFF.agent), outcome: 'succeeded', ticketRef: TICKET },
  ]);
  const checks = await queryServer<{ outcome: string }>(
    `SELECT outcome FROM audit_events WHERE action = 'verification.check' AND account_id = ?
     ORDER BY id`,
    accountId,
  );
  expect(checks.map((c) => c.outcome)).toEqual(['failed', 'passed']);
  await endScreenshot(page, testInfo);
});
