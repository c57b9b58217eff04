import {
  checkCard,
  endScreenshot,
  expect,
  finding,
  lookUp,
  openDesk,
  ownerAccountOf,
  queryServer,
  STAFF,
  signIn,
  test,
  verificationPanel,
} from '../support/fixtures.ts';

const IDENTIFIER = 'new.password@example.com';

test('three wrong verifications lock the account for every agent and alert the leads', async ({
  page,
  browser,
}, testInfo) => {
  const accountId = await ownerAccountOf(IDENTIFIER);
  await signIn(page, STAFF.agent, '/?ticket=E2E-J5-LOCK');
  await lookUp(page, IDENTIFIER);
  await expect(finding(page, 'Password changed recently')).toBeVisible();
  const panel = verificationPanel(page);

  for (const wrong of ['1111', '2222']) {
    await checkCard(page, wrong);
    await expect(panel.getByText(/^Failed: it does not match/)).toBeVisible();
    // The outcome is announced afresh for each attempt: wait for the inputs to come back.
    await expect(panel.getByLabel('Last 4 digits of the card')).toBeEnabled();
  }
  await checkCard(page, '3333');
  await expect(panel.getByText(/^Locked until \d\d:\d\d: 3 failed verifications/)).toBeVisible();
  await expect(panel.getByText(/^Locked until \d\d:\d\d$/)).toBeVisible();
  await expect(panel.getByLabel('Last 4 digits of the card')).toBeDisabled();
  await endScreenshot(page, testInfo, 'end-agent');

  // A second agent, in another browser, on another ticket: locked too, even with the right card.
  const second = await openDesk(browser, testInfo, STAFF.agent2, '/?ticket=E2E-J5-OTHER');
  await lookUp(second, IDENTIFIER);
  const secondPanel = verificationPanel(second);
  await expect(secondPanel.getByText(/^Locked until \d\d:\d\d$/)).toBeVisible();
  await expect(secondPanel.getByLabel('Last 4 digits of the card')).toBeDisabled();
  await endScreenshot(second, testInfo, 'end-second-agent');

  // A lead sees the alert.
  const lead = await openDesk(browser, testInfo, STAFF.lead, '/alerts');
  await expect(lead.getByRole('heading', { name: 'Alerts', level: 2 })).toBeVisible();
  const row = lead.getByRole('row').filter({ hasText: IDENTIFIER });
  await expect(row).toBeVisible();
  await expect(row).toContainText('3 failures in the hour');
  await expect(row).toContainText('In force');
  await expect(row.getByRole('link', { name: `Open account ${accountId}` })).toBeVisible();
  await endScreenshot(lead, testInfo, 'end-lead');

  // The server: three failed checks (the last one locking), one lock alert, nothing passed.
  expect(
    (
      await queryServer<{ outcome: string }>(
        'SELECT outcome FROM verifications WHERE account_id = ? ORDER BY created_at',
        accountId,
      )
    ).map((v) => v.outcome),
  ).toEqual(['failed', 'failed', 'failed']);
  const alerts = await queryServer<{ kind: string; until: number }>(
    'SELECT kind, until FROM alerts WHERE account_id = ?',
    accountId,
  );
  expect(alerts).toHaveLength(1);
  expect(alerts[0]?.kind).toBe('verification_locked');
  expect(alerts[0]?.until).toBeGreaterThan(Date.now() + 55 * 60_000);
  await Promise.all([second.context().close(), lead.context().close()]);
});
