import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { Webhook } from 'standardwebhooks';
import {
  checkCard,
  endScreenshot,
  expect,
  queryServer,
  queryServerOne,
  STAFF,
  seriousViolations,
  signIn,
  test,
  verificationPanel,
} from '../support/fixtures.ts';
import { E2E_TICKET_URL_TEMPLATE } from '../support/settings.ts';

const TICKET = 'E2E-J16-HOOKS';
const TICKET_URL = E2E_TICKET_URL_TEMPLATE.replace('{ticket}', encodeURIComponent(TICKET));

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A help desk's receiver on a loopback port: keeps what it gets, answers 200. */
async function startReceiver() {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('noted');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/** The payload, once its Standard Webhooks signature is checked against the endpoint's secret. */
function verified(secret: string, request: Received) {
  const headers = {
    'webhook-id': String(request.headers['webhook-id']),
    'webhook-timestamp': String(request.headers['webhook-timestamp']),
    'webhook-signature': String(request.headers['webhook-signature']),
  };
  return new Webhook(secret).verify(request.body, headers) as {
    type: string;
    data: { ticket: { ref: string; url: string | null } | null; verification: unknown };
  };
}

function deliveryRows(page: Page) {
  return page.getByRole('table', { name: 'Recent deliveries' }).getByRole('row');
}

/**
 * An active generated account with a card, that no other journey uses: the demo's scenario
 * accounts belong to their journeys (SPEC §10 lists them), and the suite shares one database.
 */
async function quietAccount() {
  return queryServerOne<{ identifier: string; last4: string }>(
    `SELECT l.identifier AS identifier, c.last4 AS last4
       FROM logins l
       JOIN accounts a ON a.id = l.account_id
       JOIN cards c ON c.account_id = l.account_id
      WHERE l.role = 'owner' AND a.status = 'active' AND l.locked_until IS NULL
        AND l.identifier NOT LIKE '%@example.com' AND l.identifier NOT IN ('jdupont')
      ORDER BY l.identifier DESC
      LIMIT 1`,
  );
}

test('an admin registers an endpoint, sends a test event, sees it delivered and replays it; tickets link to the help desk', async ({
  page,
  browser,
}, testInfo) => {
  // Three deliveries by the background sender, a second browser and four screenshots on top of
  // the usual steps: a long journey on a busy 2-core machine.
  test.setTimeout(240_000);
  const receiver = await startReceiver();
  try {
    await signIn(page, STAFF.admin);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Webhooks' })
      .click();
    await expect(page).toHaveTitle('Webhooks · Lifeline');

    // Register: the secret is shown once, in a dialog that closes on purpose.
    const form = page.getByRole('form', { name: 'Register an endpoint' });
    await form.getByLabel('URL').fill(receiver.url);
    await form.getByLabel('Description').fill('Journey 16 notes');
    await expect(form.getByRole('checkbox', { name: /Caller verified/ })).toBeChecked();
    await form.getByRole('button', { name: 'Register endpoint' }).click();
    const dialog = page.getByRole('dialog', { name: /copy its signing secret/ });
    await expect(dialog.getByText(/only time the secret is shown/)).toBeVisible();
    await endScreenshot(page, testInfo, 'secret-once');
    const secret = (await dialog.getByTestId('webhook-secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
    await dialog.getByRole('button', { name: 'I have copied it' }).click();
    await expect(dialog).toBeHidden();
    const endpointRow = page
      .getByRole('table', { name: 'Endpoints' })
      .getByRole('row')
      .filter({ hasText: receiver.url });
    await expect(endpointRow).toContainText('Enabled');
    await expect(endpointRow).toContainText('No delivery yet');

    // A test event: delivered, signed with that secret.
    await endpointRow.getByRole('button', { name: /^Send test event/ }).click();
    const testRow = deliveryRows(page).filter({ hasText: 'Test event' });
    await expect(testRow).toHaveCount(1);
    await expect(testRow).toContainText('Delivered', { timeout: 20_000 });
    await expect(testRow).toContainText('200');
    await expect(endpointRow).toContainText('Delivered');
    expect(receiver.received).toHaveLength(1);
    const [first] = receiver.received as [Received];
    expect(verified(secret, first).type).toBe('webhook.test');
    expect(first.headers['user-agent']).toBe('Lifeline-Webhooks/1');

    // Replay: the same event again, same webhook-id, a valid signature.
    await testRow.getByRole('button', { name: /^Replay/ }).click();
    await expect(testRow).toHaveCount(2);
    await expect(testRow.filter({ hasText: 'Replay of an earlier delivery' })).toContainText(
      'Delivered',
      { timeout: 20_000 },
    );
    await expect.poll(() => receiver.received.length).toBe(2);
    const second = receiver.received[1] as Received;
    expect(second.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(verified(secret, second).type).toBe('webhook.test');
    await endScreenshot(page, testInfo, 'webhooks');

    // From the help desk: /open fills the ticket and opens the diagnosis, and acts on nothing.
    const account = await quietAccount();
    await page.goto(
      `/open?identifier=${encodeURIComponent(account.identifier)}&ticket=${encodeURIComponent(TICKET)}`,
    );
    await expect(page).toHaveURL(/\/\?q=.+&ticket=E2E-J16-HOOKS$/);
    await expect(page.getByLabel('Ticket reference')).toHaveValue(TICKET);
    const panel = verificationPanel(page);
    const ticketLink = panel.getByRole('link', { name: TICKET });
    await expect(ticketLink).toHaveAttribute('href', TICKET_URL);
    await expect(ticketLink).toHaveAttribute('target', '_blank');
    await expect(ticketLink).toHaveAttribute('rel', 'noopener noreferrer');
    await expect(panel).toContainText('Unverified');
    expect(await queryServer('SELECT id FROM audit_events WHERE ticket_ref = ?', TICKET)).toEqual(
      [],
    );

    // The agent verifies: the event reaches the receiver with the ticket and its link.
    await checkCard(page, account.last4);
    await expect(panel).toContainText(/Verified until/);
    await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBe(3);
    const passed = verified(secret, receiver.received[2] as Received);
    expect(passed.type).toBe('verification.passed');
    expect(passed.data.ticket).toEqual({ ref: TICKET, url: TICKET_URL });

    // The audit log links the ticket too.
    await page.goto(`/audit?action=verification.check`);
    const auditLink = page.getByRole('table').getByRole('link', { name: TICKET }).first();
    // A lazy page and its first query: on a busy 2-core machine that took more than 10 s.
    await expect(auditLink).toHaveAttribute('href', TICKET_URL, { timeout: 30_000 });
    await expect(auditLink).toHaveAttribute('target', '_blank');

    // A link that is not right says so; signed out, sign-in leads back to the diagnosis.
    await page.goto('/open?identifier=someone&ticket=%3DHYPERLINK(1)');
    await expect(page.getByRole('alert')).toContainText('ticket reference is not one');
    await expect(
      page.getByRole('link', { name: 'Look up someone without the ticket' }),
    ).toBeVisible();

    const { baseURL, locale, timezoneId, viewport } = testInfo.project.use;
    const context = await browser.newContext({ baseURL, locale, timezoneId, viewport });
    const desk = await context.newPage();
    await desk.goto(
      `/open?identifier=${encodeURIComponent(account.identifier)}&ticket=${encodeURIComponent(TICKET)}`,
    );
    await expect(desk).toHaveURL(/\/sign-in\?next=/);
    await desk.getByLabel(/work email/i).fill(STAFF.agent);
    await desk.getByRole('textbox', { name: /password/i }).fill('lifeline-demo');
    await desk.getByRole('button', { name: /sign in/i }).click();
    await expect(desk).toHaveURL(/\/\?q=.+&ticket=E2E-J16-HOOKS$/);
    await expect(desk.getByLabel('Ticket reference')).toHaveValue(TICKET);
    await context.close();

    // The page as admins see it, in both languages, on a laptop and a small screen.
    await page.goto('/webhooks');
    await expect(deliveryRows(page).filter({ hasText: 'Caller verified' })).toContainText(
      'Delivered',
      { timeout: 30_000 },
    );
    // No serious accessibility violation on the page.
    expect(await seriousViolations(page)).toEqual([]);
    for (const language of ['en', 'fr'] as const) {
      if (language === 'fr') {
        await page.getByRole('radiogroup', { name: 'Language' }).getByText('FR').click();
        await expect(page.getByRole('heading', { name: 'Envois récents' })).toBeVisible();
      }
      for (const [width, height] of [
        [1280, 800],
        [1024, 700],
      ] as const) {
        await page.setViewportSize({ width, height });
        await endScreenshot(page, testInfo, `webhooks-${language}-${width}x${height}`);
      }
    }
    await page.getByRole('radiogroup', { name: 'Langue' }).getByText('EN').click();
  } finally {
    await receiver.close();
  }
});
