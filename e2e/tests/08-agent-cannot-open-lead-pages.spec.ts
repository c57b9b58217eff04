import { readFileSync } from 'node:fs';
import {
  callApi,
  endScreenshot,
  expect,
  openDesk,
  parseCsv,
  queryServer,
  STAFF,
  signIn,
  staffIdOf,
  test,
} from '../support/fixtures.ts';

const LEAD_PAGES = [
  { path: '/reports', nav: 'Reports' },
  { path: '/reviews', nav: 'Reviews' },
  { path: '/identity-checks', nav: 'Identity checks' },
  { path: '/alerts', nav: 'Alerts' },
  { path: '/staff', nav: 'Staff' },
] as const;

/** Lead and admin procedures, each with an input its schema accepts. */
const LEAD_PROCEDURES = [
  ['audit.verifyChain', {}],
  ['audit.reactivationReport', {}],
  ['identityChecks.queue', {}],
  ['reviews.queue', {}],
  ['alerts.list', {}],
  ['staff.list', {}],
] as const;

test('an agent cannot open lead pages: the console hides them and the API refuses them', async ({
  page,
  browser,
}, testInfo) => {
  const agentId = await staffIdOf(STAFF.agent);
  const leadId = await staffIdOf(STAFF.lead);
  // Someone else's event in the log: a lead signs in at another desk.
  await (await openDesk(browser, testInfo, STAFF.lead)).context().close();
  await signIn(page, STAFF.agent);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link')).toHaveText(['Lookup', 'Outbox']);
  await expect(nav.getByRole('link', { name: 'Audit log' })).toHaveCount(0);

  // Typed URLs: the page says the role does not include it, and shows none of its content.
  for (const { path, nav: name } of LEAD_PAGES) {
    await page.goto(path);
    await expect(
      page.getByRole('alert').filter({ hasText: 'Your role cannot open this page.' }),
    ).toContainText('Your role (Agent) does not include this page.');
    await expect(page.getByRole('heading', { name, level: 2 })).toHaveCount(0);
  }
  await endScreenshot(page, testInfo);

  // The API, asked directly with the agent's session, refuses every lead procedure.
  for (const [procedure, input] of LEAD_PROCEDURES) {
    const answer = await callApi(page, procedure, input, 'query');
    expect({ procedure, ...answer }).toMatchObject({
      procedure,
      status: 403,
      reason: 'FORBIDDEN_ROLE',
    });
  }
  const decide = await callApi(
    page,
    'identityChecks.decide',
    {
      checkId: 'idc_doesnotexist',
      decision: 'approve',
      note: 'agents may not decide',
      ticketRef: 'E2E-J8',
      idempotencyKey: `e2e-j8-${Date.now()}`,
    },
    'mutation',
  );
  expect(decide).toMatchObject({ status: 403, reason: 'FORBIDDEN_ROLE' });

  // The server logged each refusal with the agent's id (role refusals are not audit events).
  const refusals = readFileSync(process.env.E2E_SERVER_LOG ?? '', 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { staffId?: string; procedure?: string; outcome?: string })
    .filter((entry) => entry.staffId === agentId && entry.outcome === 'FORBIDDEN_ROLE')
    .map((entry) => entry.procedure);
  for (const [procedure] of LEAD_PROCEDURES) expect(refusals).toContain(procedure);
  expect(refusals).toContain('identityChecks.decide');

  // The audit log is theirs only, in the console's list and in the CSV export.
  const own = await callApi(page, 'audit.list', { limit: 100 }, 'query');
  const items = (own.result as { items: { staffId: string }[] }).items;
  expect(items.length).toBeGreaterThan(0);
  expect(new Set(items.map((i) => i.staffId))).toEqual(new Set([agentId]));
  const csv = await page.request.get('/api/audit.csv');
  expect(csv.status()).toBe(200);
  const [header, ...rows] = parseCsv(await csv.text());
  const staffColumn = (header ?? []).indexOf('staffId');
  const mine = (
    await queryServer<{ n: number }>(
      'SELECT count(*) AS n FROM audit_events WHERE staff_id = ?',
      agentId,
    )
  )[0]?.n;
  expect(rows.length).toBe(mine);
  for (const row of rows) expect(row[staffColumn]).toBe(agentId);
  // The lead's sign-in, at least, is in the log and not in the agent's export.
  expect(
    await queryServer('SELECT 1 FROM audit_events WHERE staff_id = ? LIMIT 1', leadId),
  ).toHaveLength(1);
});
