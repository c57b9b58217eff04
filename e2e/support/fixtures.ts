import AxeBuilder from '@axe-core/playwright';
import { type Browser, test as base, expect, type Page, type TestInfo } from '@playwright/test';
// The tests' raw SQL API, the same as the server's suites use (not a package export).
import { openTestSql } from '../../packages/db/src/testing.ts';

export const DEMO_PASSWORD = 'lifeline-demo';

export const STAFF = {
  agent: 'agent@lifeline.test',
  agent2: 'agent2@lifeline.test',
  lead: 'lead@lifeline.test',
  admin: 'admin@lifeline.test',
} as const;

/** The server's database, to assert on its state after a journey: a file path, or a URL. */
export function serverDatabase(): string {
  const location = process.env.E2E_DATABASE_PATH;
  if (!location) throw new Error('E2E_DATABASE_PATH is not set: run through playwright.config.ts');
  return location;
}

/** One query on a fresh connection (it sees every committed write). */
export async function queryServer<T>(sql: string, ...params: unknown[]): Promise<T[]> {
  const db = openTestSql(serverDatabase());
  try {
    return await db.sql<T>(sql, ...params);
  } finally {
    db.close();
  }
}

export async function queryServerOne<T>(sql: string, ...params: unknown[]): Promise<T> {
  const rows = await queryServer<T>(sql, ...params);
  if (rows.length !== 1) throw new Error(`expected one row, got ${rows.length}: ${sql}`);
  return rows[0] as T;
}

/** The account an identifier's owner login belongs to (demo data: one owner per identifier). */
export async function ownerAccountOf(identifier: string): Promise<string> {
  return (
    await queryServerOne<{ accountId: string }>(
      `SELECT account_id AS "accountId" FROM logins WHERE identifier = ? AND role = 'owner'`,
      identifier,
    )
  ).accountId;
}

export async function staffIdOf(email: string): Promise<string> {
  return (await queryServerOne<{ id: string }>('SELECT id FROM staff WHERE email = ?', email)).id;
}

export async function signIn(page: Page, email: string, next = '/') {
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel(/work email|e-mail professionnel/i).fill(email);
  await page.getByRole('textbox', { name: /password|mot de passe/i }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /sign in|se connecter/i }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
}

/**
 * Another person at another desk: a fresh browser context (own cookies and storage) with the
 * same settings as the test's own page, signed in as `email`.
 */
export async function openDesk(browser: Browser, testInfo: TestInfo, email: string, next = '/') {
  const { baseURL, locale, timezoneId, viewport } = testInfo.project.use;
  const context = await browser.newContext({ baseURL, locale, timezoneId, viewport });
  const page = await context.newPage();
  await signIn(page, email, next);
  return page;
}

/** Types what the caller says into the lookup box and opens its diagnosis. */
export async function lookUp(page: Page, typed: string) {
  const box = page.getByLabel(/email, username or account id|e-mail, identifiant ou id de compte/i);
  await box.fill(typed);
  await box.press('Enter');
  // This identifier's diagnosis, not the one still on screen from the previous lookup.
  const escaped = typed.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const heading = page.getByRole('heading', {
    level: 2,
    name: new RegExp(`^(diagnosis for|diagnostic pour) ${escaped}$`, 'i'),
  });
  await expect(heading).toBeVisible();
  return heading;
}

/** The finding cards are articles named by their title. */
export function finding(page: Page, title: string | RegExp) {
  return page.getByRole('article', { name: title });
}

export function verificationPanel(page: Page) {
  return page.getByRole('region', { name: /caller verification|vérification de l.appelant/i });
}

/** Checks the last four card digits in the verification panel (the Card tab is the default). */
export async function checkCard(page: Page, last4: string) {
  const panel = verificationPanel(page);
  await panel.getByLabel(/last 4 digits|4 derniers chiffres/i).fill(last4);
  // Two failures read the same on the page: the answer to this attempt is what to wait for.
  const answered = page.waitForResponse((r) => r.url().includes('verification.check'));
  await panel.getByRole('button', { name: /^(check|vérifier)$/i }).click();
  await answered;
}

/** The end state of a journey, kept as a test artefact (test-results/<test>/end.png). */
export async function endScreenshot(page: Page, testInfo: TestInfo, name = 'end') {
  const path = testInfo.outputPath(`${name}.png`);
  // Transitions finished (a closing modal's overlay fades out): the same picture every run.
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/** axe-core on the page as it is: the serious and critical violations, summarised. */
export async function seriousViolations(page: Page) {
  // Colours are judged as they settle: a modal fading in has, for a few frames, text of lower
  // contrast than it ends with (a run measured 4.44:1 mid-fade for a 4.5:1 button).
  // A spinner (a button loading while a step-up is asked) runs forever: not waited for.
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity)
        .map((animation) => animation.finished.catch(() => null)),
    ),
  );
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 10).map((n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`),
    }));
}

export const test = base;
export { expect };

/** What a tRPC call answered, read the way the console reads it. */
export interface ApiAnswer {
  status: number;
  /** `data.reason` of a refusal (SPEC §11), when it is one. */
  reason: string | undefined;
  result: unknown;
}

/**
 * Calls the API as the page's signed-in staff member (its session cookie), without the console:
 * what a person could send with the browser's tools. Same origin, JSON, superjson framing.
 */
export async function callApi(
  page: Page,
  procedure: string,
  input: unknown,
  kind: 'query' | 'mutation',
): Promise<ApiAnswer> {
  const base = process.env.E2E_BASE_URL ?? '';
  const body = { json: input };
  const response =
    kind === 'query'
      ? await page.request.get(
          `/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(body))}`,
        )
      : await page.request.post(`/trpc/${procedure}`, {
          data: body,
          headers: { origin: new URL(base).origin, 'content-type': 'application/json' },
        });
  const payload = (await response.json()) as {
    result?: { data?: { json?: unknown } };
    error?: { json?: { data?: { reason?: string } } };
  };
  return {
    status: response.status(),
    reason: payload.error?.json?.data?.reason,
    result: payload.result?.data?.json,
  };
}

/** RFC 4180 rows (quoted fields, doubled quotes, CRLF), the header first. */
/**
 * Whether `text` holds `typed` as a value of its own, not inside an id or a hash: those are
 * random letters and digits (`ver_…`, UUIDs, SHA-256) and may hold four digits by chance.
 */
export function holdsTypedValue(text: string, typed: string): boolean {
  return new RegExp(`(?<![0-9a-z_-])${typed}(?![0-9a-z_-])`, 'i').test(text);
}

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const input = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}
