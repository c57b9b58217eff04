import { readFileSync } from 'node:fs';
import {
  callApi,
  checkCard,
  endScreenshot,
  expect,
  holdsTypedValue,
  lookUp,
  openDesk,
  parseCsv,
  queryServer,
  STAFF,
  signIn,
  staffIdOf,
  test,
  verificationPanel,
} from '../support/fixtures.ts';
import { E2E_TICKET_URL_TEMPLATE } from '../support/settings.ts';

const TICKET = 'E2E-J7-AUDIT';

test('a lead filters the audit log by agent and action, downloads it as CSV, and the chain is intact', async ({
  page,
  browser,
}, testInfo) => {
  const agent2 = await staffIdOf(STAFF.agent2);

  // Something to find: the second agent verifies a caller.
  const desk = await openDesk(browser, testInfo, STAFF.agent2, `/?ticket=${TICKET}`);
  await lookUp(desk, 'ok.owner@example.com');
  await checkCard(desk, '4242');
  await expect(verificationPanel(desk).getByText(/^Passed\./)).toBeVisible();
  await desk.context().close();

  await signIn(page, STAFF.lead, '/audit');
  await expect(page.getByRole('heading', { name: 'Audit log', level: 2 })).toBeVisible();
  const chain = page.getByRole('status', { name: 'Audit chain status' });
  await expect(chain).toContainText(/Chain intact ✓ · [\d,]+ events checked/);

  // The action from the list, by its words; then the agent, by the id their event shows.
  const filters = page.getByRole('form', { name: 'Audit filters' });
  await filters.getByRole('combobox', { name: 'Action' }).click();
  await page.getByRole('option', { name: 'Verified a caller' }).click();
  await filters.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/action=verification\.check/);
  const table = page.getByRole('table');
  const ours = table.getByRole('row').filter({ hasText: TICKET });
  await expect(ours).toContainText('Verified a caller');
  await ours.getByRole('button', { name: /^Show details of event #\d+$/ }).click();
  await expect(table.getByText(agent2, { exact: true })).toBeVisible();
  await filters.getByRole('textbox', { name: 'Staff id' }).fill(agent2);
  await filters.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(new RegExp(`staffId=${agent2}`));

  const expected = await queryServer<{ id: number; outcome: string; ticketRef: string }>(
    `SELECT id, outcome, ticket_ref AS "ticketRef" FROM audit_events
     WHERE staff_id = ? AND action = 'verification.check' ORDER BY id DESC`,
    agent2,
  );
  expect(expected.length).toBeGreaterThan(0);
  const bodyRows = table.getByRole('row').filter({ hasText: 'Verified a caller' });
  await expect(bodyRows).toHaveCount(expected.length);
  await expect(page.getByText(new RegExp(`^${expected.length} events?$`))).toBeVisible();

  // The CSV carries the same filters and the same rows.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download CSV' }).click();
  const file = await (await download).path();
  const [header, ...rows] = parseCsv(readFileSync(file, 'utf8'));
  expect(header).toEqual([
    'id',
    'at',
    'staffId',
    'staffName',
    'action',
    'outcome',
    'reason',
    'accountId',
    'loginId',
    'ticketRef',
    // TICKET_URL_TEMPLATE is set for the suite: the help desk's link follows the reference.
    'ticketUrl',
    'verificationId',
    'details',
  ]);
  const column = (name: string) => (header ?? []).indexOf(name);
  expect(rows.map((r) => Number(r[column('id')]))).toEqual(expected.map((e) => e.id));
  for (const row of rows) {
    expect(row[column('staffId')]).toBe(agent2);
    expect(row[column('action')]).toBe('verification.check');
  }
  expect(rows.map((r) => r[column('ticketRef')])).toContain(TICKET);
  const linked = rows.find((r) => r[column('ticketRef')] === TICKET);
  expect(linked?.[column('ticketUrl')]).toBe(
    E2E_TICKET_URL_TEMPLATE.replace('{ticket}', encodeURIComponent(TICKET)),
  );
  // What the caller typed is never in the log.
  expect(rows.filter((r) => r.some((cell) => holdsTypedValue(cell, '4242')))).toEqual([]);

  // The chain, checked again on demand, is intact: the page says what the server says.
  await chain.getByRole('button', { name: 'Re-check' }).click();
  const verdict = await callApi(page, 'audit.verifyChain', {}, 'query');
  expect(verdict.result).toMatchObject({ ok: true });
  const checked = (verdict.result as { checked: number }).checked;
  await expect(chain).toContainText(
    `Chain intact ✓ · ${checked.toLocaleString('en-GB')} events checked`,
  );
  await endScreenshot(page, testInfo);
});
