import {
  endScreenshot,
  expect,
  queryServer,
  STAFF,
  seriousViolations,
  signIn,
  staffIdOf,
  test,
} from '../support/fixtures.ts';

/** The other desk's browser, so its session reads differently in the list. */
const FIREFOX_ON_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:145.0) Gecko/20100101 Firefox/145.0';

test('ending another session: a staff member signed in twice ends the other one from the Security page, which is signed out at its next request; then ends their own', async ({
  page,
  browser,
}, testInfo) => {
  const staffId = await staffIdOf(STAFF.agent2);
  // A second desk: another browser, signed in as the same staff member.
  const { baseURL, locale, timezoneId, viewport } = testInfo.project.use;
  const elsewhere = await browser.newContext({
    baseURL,
    locale,
    timezoneId,
    viewport,
    userAgent: FIREFOX_ON_WINDOWS,
  });
  const other = await elsewhere.newPage();
  await signIn(other, STAFF.agent2);

  await signIn(page, STAFF.agent2);
  // From the header, by keyboard: the shield beside one's name opens the Security page.
  await page.getByRole('link', { name: 'Security' }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/security$/);
  await expect(page.getByRole('heading', { name: 'Security', level: 2 })).toBeVisible();
  const firefox = page.getByRole('row').filter({ hasText: 'Firefox on Windows' });
  await expect(firefox).toHaveCount(1);
  await expect(page.getByRole('row').filter({ hasText: 'This session' })).toHaveCount(1);
  expect(await seriousViolations(page)).toEqual([]);

  const ended = page.waitForResponse((r) => r.url().includes('auth.endSession'));
  await firefox.getByRole('button', { name: 'End the session on Firefox on Windows' }).click();
  expect((await ended).status()).toBe(200);
  await expect(page.getByRole('alert').filter({ hasText: 'Session ended' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'Firefox on Windows' })).toHaveCount(0);

  // The other desk's next request is refused: it lands on the sign-in page.
  await other.goto('/outbox');
  await expect(other).toHaveURL(/\/sign-in/);
  await elsewhere.close();

  // The ending is on the record, naming the session by its public id only.
  const events = await queryServer<{ details: string }>(
    `SELECT details FROM audit_events
      WHERE staff_id = ? AND action = 'auth.logout' AND outcome = 'succeeded'
      ORDER BY id DESC LIMIT 1`,
    staffId,
  );
  expect(JSON.parse(events[0]?.details ?? '{}')).toMatchObject({ ended: 'one', current: false });

  // Ending this session asks first, then signs out.
  await page.getByRole('button', { name: /^End this session on .* and sign out$/ }).click();
  const dialog = page.getByRole('dialog', { name: 'End this session?' });
  await expect(dialog).toBeVisible();
  await endScreenshot(page, testInfo);
  await dialog.getByRole('button', { name: 'End and sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto('/security');
  await expect(page).toHaveURL(/\/sign-in/);
});
