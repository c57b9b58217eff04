import {
  endScreenshot,
  expect,
  finding,
  lookUp,
  openDesk,
  ownerAccountOf,
  queryServer,
  queryServerOne,
  STAFF,
  signIn,
  staffIdOf,
  test,
} from '../support/fixtures.ts';

const IDENTIFIER = 'kyc.pending@example.com';
const TICKET = 'E2E-J6-KYC';

test('a lead approves a submitted identity check and the block is gone for the agent', async ({
  page,
  browser,
}, testInfo) => {
  const accountId = await ownerAccountOf(IDENTIFIER);

  // The agent on the call sees the block, and that a lead decides it.
  await signIn(page, STAFF.agent, `/?ticket=${TICKET}`);
  await lookUp(page, IDENTIFIER);
  const block = finding(page, 'Identity check required');
  await expect(block).toBeVisible();
  await expect(block.getByText('Submitted: being reviewed')).toBeVisible();
  await expect(block.getByText('A team lead decides identity checks.')).toBeVisible();

  // The lead decides from the queue.
  const lead = await openDesk(browser, testInfo, STAFF.lead, '/identity-checks');
  await expect(lead.getByRole('heading', { name: 'Identity checks', level: 2 })).toBeVisible();
  const row = lead.getByRole('row').filter({ hasText: IDENTIFIER });
  await expect(row).toContainText('Submitted');
  await expect(row).toContainText(/Due in (17|18) h/);
  await row.getByRole('button', { name: 'Approve' }).click();
  const dialog = lead.getByRole('dialog', { name: 'Approve the identity check' });
  await expect(
    dialog.getByText(`The identity-check block on ${IDENTIFIER} is lifted`),
  ).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Ticket reference' }).fill(TICKET);
  await dialog.getByRole('textbox', { name: 'Note' }).fill('Passport and selfie match.');
  await dialog.getByRole('button', { name: 'Approve and lift the block' }).click();
  // The notification first: it closes itself after a few seconds, while the dialog stays closed.
  await expect(
    lead.getByRole('alert').filter({ hasText: 'Identity check approved' }),
  ).toBeVisible();
  await expect(dialog).toBeHidden();
  await expect(row).toHaveCount(0);
  await endScreenshot(lead, testInfo, 'end-lead');

  // The agent opens the diagnosis again: no block left, and what the lead just did, unnamed.
  await page.reload();
  await expect(page.getByRole('heading', { name: `Diagnosis for ${IDENTIFIER}` })).toBeVisible();
  const done = finding(page, 'Just done on this account');
  await expect(
    done.getByText(/^Block lifted at \d{2}:\d{2} by another staff member$/),
  ).toBeVisible();
  await expect(done.getByTestId('customer-script')).toContainText(
    'I have lifted the block on your account',
  );
  await expect(finding(page, 'Identity check required')).toHaveCount(0);
  await endScreenshot(page, testInfo, 'end-agent');

  expect(
    await queryServerOne(
      `SELECT c.status, c.decided_by AS "decidedBy", c.decision_note AS note,
              b.lifted_at IS NOT NULL AS lifted
       FROM identity_checks c JOIN blocks b ON b.id = c.block_id WHERE c.account_id = ?`,
      accountId,
    ),
  ).toEqual({
    status: 'approved',
    decidedBy: await staffIdOf(STAFF.lead),
    note: 'Passport and selfie match.',
    lifted: 1,
  });
  expect(
    await queryServer(
      `SELECT outcome, ticket_ref AS "ticketRef" FROM audit_events
       WHERE action = 'identity_check.decide' AND account_id = ?`,
      accountId,
    ),
  ).toEqual([{ outcome: 'succeeded', ticketRef: TICKET }]);
  expect(
    await queryServer(
      'SELECT to_address AS "to" FROM outbox WHERE template = \'identity_check_decided\' AND account_id = ?',
      accountId,
    ),
  ).toEqual([{ to: IDENTIFIER }]);
  await lead.context().close();
});
