import {
  checkCard,
  endScreenshot,
  expect,
  finding,
  holdsTypedValue,
  lookUp,
  ownerAccountOf,
  queryServer,
  STAFF,
  signIn,
  staffIdOf,
  test,
  verificationPanel,
} from '../support/fixtures.ts';

const IDENTIFIER = 'limited.dunning@example.com';
const TICKET = 'E2E-J9-FR';

test('in French, the console, the diagnosis and the customer scripts are in French', async ({
  page,
}, testInfo) => {
  const accountId = await ownerAccountOf(IDENTIFIER);
  await signIn(page, STAFF.agent, `/?ticket=${TICKET}`);
  await page
    .getByRole('radiogroup', { name: 'Language', exact: true })
    .getByText('FR', { exact: true })
    .click();
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link')).toHaveText(['Recherche', "Boîte d'envoi"]);
  await expect(page.getByLabel('Référence du ticket')).toHaveValue(TICKET);

  await lookUp(page, IDENTIFIER);
  await expect(page.getByRole('heading', { name: `Diagnostic pour ${IDENTIFIER}` })).toBeVisible();
  const card = finding(page, /^Limité\s*:\s*un paiement a échoué$/);
  await expect(card).toBeVisible();
  await expect(card.getByText('Bloquant')).toHaveCount(0);
  await expect(card.getByText(/^Jour \d+ sur 90$/)).toBeVisible();
  await expect(card.getByText('Solde dû', { exact: false })).toBeVisible();
  // Dates in French words, e.g. "12 nov. 2026".
  await expect(card).toContainText(
    /\d{1,2} (janv|févr|mars|avr|mai|juin|juil|août|sept|oct|nov|déc)\.? \d{4}/,
  );

  // The script the agent reads out follows the console's language.
  const script = card.getByRole('group', { name: 'Quoi dire à l’appelant' });
  await expect(script.getByRole('radio', { name: 'FR' })).toBeChecked();
  await expect(script).toContainText('Votre compte fonctionne toujours, mais il est limité');
  await expect(script).toContainText(/nous sommes au jour \d+ sur 90/);
  await expect(script).not.toContainText('Your account');

  // Verifying speaks French too.
  const panel = verificationPanel(page);
  await expect(panel.getByText('Non vérifié')).toBeVisible();
  await checkCard(page, '6666');
  await expect(
    panel.getByText(/^Réussie\. L’appelant est vérifié jusqu’à \d\d:\d\d\.$/),
  ).toBeVisible();

  // The choice is kept: a reload stays in French.
  await page.reload();
  await expect(page.getByRole('heading', { name: `Diagnostic pour ${IDENTIFIER}` })).toBeVisible();
  await expect(panel.getByText(/^Vérifié jusqu’à \d\d:\d\d$/)).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await endScreenshot(page, testInfo);

  // The server kept the method and the outcome, never the digits.
  const checks = await queryServer<{ method: string; outcome: string; ticketRef: string }>(
    `SELECT method, outcome, ticket_ref AS "ticketRef" FROM verifications
     WHERE account_id = ? AND staff_id = ?`,
    accountId,
    await staffIdOf(STAFF.agent),
  );
  expect(checks).toEqual([{ method: 'card_last4', outcome: 'passed', ticketRef: TICKET }]);
  const details = await queryServer<{ details: string }>(
    `SELECT details FROM audit_events WHERE action = 'verification.check' AND account_id = ?`,
    accountId,
  );
  expect(details).toHaveLength(1);
  expect(holdsTypedValue(details[0]?.details ?? '', '6666')).toBe(false);
});
