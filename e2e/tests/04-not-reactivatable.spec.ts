import {
  callApi,
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

const TICKET = 'E2E-J4-NOREACT';

const CASES = [
  {
    identifier: 'tos.closed@example.com',
    card: '5555',
    title: 'Closed for a terms-of-service violation',
    reason: 'Nothing to do in the console: refer the caller to the legal and trust process.',
    refusal: 'NOT_REACTIVATABLE',
  },
  {
    identifier: 'window.closed@example.com',
    card: '5656',
    title: 'Deactivated: the 120-day window has closed',
    reason: 'Reactivation is no longer possible: the data is being erased.',
    refusal: 'WINDOW_CLOSED',
  },
] as const;

test('terms-violation and window-closed accounts offer no reactivation and say why', async ({
  page,
}, testInfo) => {
  const agentId = await staffIdOf(STAFF.agent);
  await signIn(page, STAFF.agent, `/?ticket=${TICKET}`);

  for (const c of CASES) {
    const accountId = await ownerAccountOf(c.identifier);
    await lookUp(page, c.identifier);
    const card = finding(page, c.title);
    await expect(card).toBeVisible();
    await expect(card.getByText(c.reason)).toBeVisible();
    await expect(finding(page, 'Deactivated: can be reactivated')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Reactivate account' })).toHaveCount(0);

    // Even a verified owner gets no reactivation: the reason is the account's, not the caller's.
    await checkCard(page, c.card);
    await expect(verificationPanel(page).getByText(/^Passed\./)).toBeVisible();
    await expect(card.getByText(c.reason)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Reactivate account' })).toHaveCount(0);

    // And the API refuses the same reactivation sent without the console.
    const { verificationId, version } = await queryServerOne<{
      verificationId: string;
      version: number;
    }>(
      `SELECT v.id AS "verificationId", a.version FROM verifications v
       JOIN accounts a ON a.id = v.account_id
       WHERE v.account_id = ? AND v.staff_id = ? AND v.outcome = 'passed'`,
      accountId,
      agentId,
    );
    const answer = await callApi(
      page,
      'actions.reactivate',
      {
        accountId,
        verificationId,
        ticketRef: TICKET,
        idempotencyKey: `e2e-j4-${c.card}-${Date.now()}`,
        expectedVersion: version,
      },
      'mutation',
    );
    expect(answer).toMatchObject({ status: 422, reason: c.refusal });

    expect(await queryServerOne('SELECT status FROM accounts WHERE id = ?', accountId)).toEqual({
      status: 'deactivated',
    });
    expect(
      await queryServer(
        `SELECT outcome, reason FROM audit_events
         WHERE action = 'account.reactivate' AND account_id = ?`,
        accountId,
      ),
    ).toEqual([{ outcome: 'refused', reason: c.refusal }]);
    await endScreenshot(page, testInfo, `end-${c.identifier.split('@')[0]}`);
  }
});
