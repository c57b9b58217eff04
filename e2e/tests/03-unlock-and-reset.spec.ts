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
  test,
  verificationPanel,
} from '../support/fixtures.ts';

const TICKET = 'E2E-J3-UNLOCK';

test('a locked login is unlocked with a reset link, and the outbox shows the email', async ({
  page,
}, testInfo) => {
  const accountId = await ownerAccountOf('locked.out@example.com');
  const loginId = (
    await queryServerOne<{ id: string }>(
      "SELECT id FROM logins WHERE identifier = 'locked.out@example.com'",
    )
  ).id;

  await signIn(page, STAFF.agent, `/?ticket=${TICKET}`);
  await lookUp(page, 'locked.out@example.com');
  const card = finding(page, 'Login locked');
  await expect(card).toBeVisible();
  await expect(card.getByText('1 lockout')).toBeVisible();
  const unlock = card.getByRole('button', { name: 'Unlock login' });
  await expect(unlock).toBeDisabled();

  await checkCard(page, '1111');
  await expect(verificationPanel(page).getByText(/^Passed\./)).toBeVisible();
  await expect(unlock).toBeEnabled();
  await unlock.click();

  const dialog = page.getByRole('dialog', { name: 'Unlock this login?' });
  const alsoReset = dialog.getByRole('checkbox', {
    name: 'Also send a link to choose a new password',
  });
  await expect(alsoReset).toBeChecked();
  await expect(dialog.getByText(/^A link to choose a new password goes to/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Unlock', exact: true }).click();
  // The notification first: it closes itself after a few seconds, while the dialog stays closed.
  await expect(page.getByRole('alert').filter({ hasText: 'Login unlocked' })).toBeVisible();
  await expect(dialog).toBeHidden();
  await expect(finding(page, 'Login locked')).toHaveCount(0);
  // The refreshed diagnosis knows what was just done: it says so first, with its own script,
  // and does not recommend the reset link again (issue 13 bug 2).
  const done = finding(page, 'Just done on this account');
  await expect(
    done.getByText(/^Unlocked and reset link sent at \d{2}:\d{2} by you$/),
  ).toBeVisible();
  await expect(done.getByTestId('customer-script')).toContainText(
    'I have unlocked your login and sent you a link to choose a new password',
  );
  await expect(done.getByText(/^Already sent at \d{2}:\d{2}$/)).toBeVisible();
  // Nothing blocks any more (SPEC §4's no_blocker_found), and its script no longer says
  // "probably a wrong password, I will send a link": the link was just sent.
  const nothing = finding(page, 'Nothing blocking found');
  await expect(nothing.getByTestId('customer-script')).toContainText(
    'Nothing else is blocking your account now',
  );
  await expect(nothing.getByTestId('customer-script')).not.toContainText('I will send a link');
  await endScreenshot(page, testInfo, 'after-unlock');

  // The outbox of this account: the unlock notice and the reset link, the link itself hidden.
  await page.getByRole('link', { name: 'Outbox' }).click();
  // The page loads on demand: until it shows, the lookup box ("…or account id") is on screen.
  await expect(page.getByRole('heading', { name: 'Outbox', level: 2 })).toBeVisible();
  await page.getByLabel('Account id', { exact: true }).fill(accountId);
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.getByRole('heading', { name: `Emails of account ${accountId}` })).toBeVisible();
  const reset = page.getByRole('row').filter({ hasText: 'Password reset link' });
  await expect(reset).toHaveCount(1);
  await expect(page.getByRole('row').filter({ hasText: 'Login unlocked' })).toHaveCount(1);
  const email = await queryServerOne<{ subject: string; body: string; secret: string | null }>(
    `SELECT subject, body_text AS body, secret FROM outbox
     WHERE template = 'password_reset' AND login_id = ?`,
    loginId,
  );
  await reset.getByRole('button', { name: `Show the body of “${email.subject}”` }).click();
  await expect(
    page.getByText(
      // Agents see addresses masked, in the body as in the recipient column.
      'Use this link to choose a new password for l•••@example.com: [link hidden]',
    ),
  ).toBeVisible();
  expect(email.body).toContain('{{secret}}');
  // The token is in the database until delivery, never on a page.
  expect(email.secret).toBeTruthy();
  await expect(page.getByText(email.secret ?? '', { exact: false })).toHaveCount(0);

  // The server: the lock and its counters cleared, both emails queued, the unlock audited.
  expect(
    await queryServerOne(
      `SELECT locked_until AS "lockedUntil", failed_attempts AS "failedAttempts",
              lockout_count AS "lockoutCount" FROM logins WHERE id = ?`,
      loginId,
    ),
  ).toEqual({ lockedUntil: null, failedAttempts: 0, lockoutCount: 0 });
  const templates = await queryServer<{ template: string; to: string }>(
    `SELECT template, to_address AS "to" FROM outbox WHERE account_id = ? ORDER BY template`,
    accountId,
  );
  expect(templates).toEqual([
    { template: 'login_unlocked', to: 'locked.out@example.com' },
    { template: 'password_reset', to: 'locked.out@example.com' },
  ]);
  expect(
    await queryServer(
      `SELECT outcome, ticket_ref AS "ticketRef" FROM audit_events
       WHERE action = 'login.unlock' AND login_id = ?`,
      loginId,
    ),
  ).toEqual([{ outcome: 'succeeded', ticketRef: TICKET }]);
  await endScreenshot(page, testInfo);
});
