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

const TICKET = 'E2E-J2-DETACH';

test('an ambiguous login is fixed by detaching the team-member login, and the other owner is emailed', async ({
  page,
}, testInfo) => {
  const studio = await ownerAccountOf('studio.owner@example.com');
  const memberLogin = (
    await queryServerOne<{ id: string }>(
      "SELECT id FROM logins WHERE identifier = 'dual.role@example.com' AND role = 'team_member'",
    )
  ).id;

  await signIn(page, STAFF.agent, `/?ticket=${TICKET}`);
  await lookUp(page, 'dual.role@example.com');
  const card = finding(page, 'One email, several logins');
  await expect(card).toBeVisible();
  await expect(card.getByRole('list', { name: 'Logins with this email' })).toContainText(studio);
  const detach = card.getByRole('button', { name: 'Detach from the team of s•••@example.com' });
  await expect(detach).toBeDisabled();
  await expect(
    card.getByText('Verify the caller as the holder of this email first.'),
  ).toBeVisible();

  // The caller is verified through the owner login of their own account (card on file).
  const panel = verificationPanel(page);
  const asWhom = panel.getByRole('radiogroup', { name: 'Verify the caller as' });
  await expect(asWhom.getByRole('radio', { name: /^Owner of acc_/ })).toBeChecked();
  await expect(asWhom.getByRole('radio', { name: `Team member of ${studio}` })).toBeVisible();
  await checkCard(page, '2222');
  await expect(panel.getByText(/^Passed\./)).toBeVisible();
  await expect(detach).toBeEnabled();

  await detach.click();
  const dialog = page.getByRole('dialog', { name: 'Detach this team-member login?' });
  await expect(
    dialog.getByText(
      `The team-member login dual.role@example.com is removed from account ${studio}.`,
    ),
  ).toBeVisible();
  await expect(dialog.getByText(new RegExp(`^The owner of ${studio} \\(`))).toBeVisible();
  await dialog.getByRole('button', { name: 'Detach', exact: true }).click();
  // The notification first: it closes itself after a few seconds, while the dialog stays closed.
  await expect(
    page.getByRole('alert').filter({ hasText: 'Team-member login detached' }),
  ).toBeVisible();
  await expect(dialog).toBeHidden();

  // The diagnosis, refreshed: one login left, no ambiguity.
  await expect(finding(page, 'One email, several logins')).toHaveCount(0);
  const logins = page.getByRole('table', { name: 'Logins this identifier reaches' });
  await expect(logins.getByRole('row')).toHaveCount(2);
  await expect(logins).not.toContainText(studio);

  // The owner of the other account has an email in the outbox, shown in the console too.
  await page.getByRole('link', { name: 'Outbox' }).click();
  await expect(page.getByRole('heading', { name: 'Outbox', level: 2 })).toBeVisible();
  // Agents see recipients masked: s•••@example.com is studio.owner@example.com.
  await expect(
    page
      .getByRole('row')
      .filter({ hasText: 'Team member removed' })
      .filter({ hasText: 's•••@example.com' }),
  ).toHaveCount(1);

  expect(
    (
      await queryServerOne<{ removedAt: number | null }>(
        'SELECT removed_at AS "removedAt" FROM logins WHERE id = ?',
        memberLogin,
      )
    ).removedAt,
  ).not.toBeNull();
  const emails = await queryServer<{ to: string; accountId: string }>(
    `SELECT to_address AS "to", account_id AS "accountId" FROM outbox
     WHERE template = 'team_member_detached' AND login_id = ?`,
    memberLogin,
  );
  expect(emails).toContainEqual({ to: 'studio.owner@example.com', accountId: studio });
  const events = await queryServer<{ outcome: string; ticketRef: string }>(
    `SELECT outcome, ticket_ref AS "ticketRef" FROM audit_events
     WHERE action = 'login.detach_team_member' AND login_id = ?`,
    memberLogin,
  );
  expect(events).toEqual([{ outcome: 'succeeded', ticketRef: TICKET }]);
  await endScreenshot(page, testInfo);
});
