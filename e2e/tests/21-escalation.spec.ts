import {
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
} from '../support/fixtures.ts';

const TICKET = 'E2E-J21-ESC';
const IDENTIFIER = 'tos.closed@example.com';

// Issue 13: the terms-violation script promises a team lead will look at the case. The agent
// escalates it from the finding; a lead takes it from the queue and closes it with an outcome;
// every step is in the audit log.
test('an agent escalates a case to a lead, who takes it and closes it', async ({
  page,
  browser,
}, testInfo) => {
  const accountId = await ownerAccountOf(IDENTIFIER);
  await signIn(page, STAFF.agent, `/?ticket=${TICKET}`);
  await lookUp(page, IDENTIFIER);
  const card = finding(page, 'Closed for a terms-of-service violation');
  await card.getByRole('button', { name: 'Escalate to a lead' }).click();
  const modal = page.getByRole('dialog', { name: 'Escalate this case to a lead' });
  await expect(modal.getByRole('combobox', { name: 'Reason' })).toHaveValue('Terms violation');
  await modal
    .getByRole('textbox', { name: 'Note for the lead' })
    .fill('Caller disputes the closure and asks for a review.');
  await modal.getByRole('button', { name: 'Escalate' }).click();
  await expect(modal).toBeHidden();
  // The card now says the case is with a lead instead of offering to escalate again.
  await expect(card.getByTestId('escalation-state')).toContainText('With a lead since');
  await expect(card.getByRole('button', { name: 'Escalate to a lead' })).toHaveCount(0);

  const lead = await openDesk(browser, testInfo, STAFF.lead, '/escalations');
  const row = lead.locator('tr', { hasText: 'Terms violation' }).filter({ hasText: TICKET });
  await expect(row).toContainText('Caller disputes the closure');
  await row.getByRole('button', { name: 'Take' }).click();
  await expect(row).toContainText('Taken');
  await row.getByRole('button', { name: 'Close…' }).click();
  const close = lead.getByRole('dialog', { name: 'Close this escalation' });
  await close.getByRole('combobox', { name: 'Outcome' }).click();
  await lead.getByRole('option', { name: 'Declined' }).click();
  await close
    .getByRole('textbox', { name: 'What was done' })
    .fill('Legal confirmed the closure; the customer was told by email.');
  await close.getByRole('button', { name: 'Close escalation' }).click();
  await expect(close).toBeHidden();
  await expect(lead.locator('tr', { hasText: TICKET })).toHaveCount(0);
  await lead.getByText('Closed', { exact: true }).click();
  await expect(lead.locator('tr', { hasText: TICKET })).toContainText('Declined');
  await endScreenshot(lead, testInfo);

  const events = await queryServer<{ action: string; outcome: string }>(
    `SELECT action, outcome FROM audit_events
      WHERE account_id = ? AND action LIKE 'escalation.%' ORDER BY id`,
    accountId,
  );
  expect(events).toEqual([
    { action: 'escalation.open', outcome: 'succeeded' },
    { action: 'escalation.take', outcome: 'succeeded' },
    { action: 'escalation.close', outcome: 'succeeded' },
  ]);
});
