// The console's first load as an agent feels it (issue 15), measured in a real browser: the
// sign-in page's Largest Contentful Paint, then, signed in, the first lookup from Enter in the
// lookup box to the diagnosis painted (the console's own `lifeline:lookup` user timing). The
// browser suite (e2e/tests/20-first-load.spec.ts) and `pnpm bench` both run it; each passes its
// own Playwright page (@playwright/test or playwright-core), hence the structural types here.

/** The part of Playwright's Locator this probe uses. */
interface ProbeLocator {
  fill(value: string): Promise<unknown>;
  click(): Promise<unknown>;
  press(key: string): Promise<unknown>;
  waitFor(options?: { state?: 'visible'; timeout?: number }): Promise<unknown>;
}

/** The part of Playwright's Page this probe uses. */
export interface ProbePage {
  addInitScript(script: string): Promise<unknown>;
  goto(url: string): Promise<unknown>;
  evaluate<R>(expression: string): Promise<R>;
  waitForTimeout(ms: number): Promise<unknown>;
  locator(selector: string): ProbeLocator;
  getByLabel(text: RegExp): ProbeLocator;
  getByRole(role: 'button' | 'textbox', options: { name: RegExp }): ProbeLocator;
}

export interface FirstLoadRun {
  /** The sign-in page's Largest Contentful Paint, ms from navigation start. */
  signInLcpMs: number;
  /** What the LCP was: tag and the start of its text. */
  lcpElement: string;
  /** Enter in the lookup box → the diagnosis painted, ms (null: no measure was recorded). */
  firstLookupMs: number | null;
}

// Registered before the page's own scripts: every LCP candidate, the last one is the LCP.
const LCP_OBSERVER = `
  window.__lifelineLcp = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const el = entry.element;
      window.__lifelineLcp.push({
        at: entry.startTime,
        element: el ? (el.tagName + ' ' + (el.textContent || '').trim().slice(0, 40)).trim() : '',
      });
    }
  }).observe({ type: 'largest-contentful-paint', buffered: true });
`;

/**
 * One run in a fresh browser context (cold cache): open the sign-in page, read its LCP, sign in,
 * wait as an agent would before the first call (the console keeps loading meanwhile), look
 * `identifier` up with Enter and read the `lifeline:lookup` measure.
 */
export async function probeFirstLoad(
  page: ProbePage,
  options: { baseUrl: string; email: string; password: string; identifier: string },
): Promise<FirstLoadRun> {
  await page.addInitScript(LCP_OBSERVER);
  await page.goto(new URL('/sign-in', options.baseUrl).toString());
  const submit = page.getByRole('button', { name: /^sign in$|^se connecter$/i });
  await submit.waitFor({ state: 'visible', timeout: 30_000 });
  // LCP is final once the page has settled and before any input (which ends it).
  await page.waitForTimeout(500);
  const lcp = await page.evaluate<{ at: number; element: string } | undefined>(
    'window.__lifelineLcp[window.__lifelineLcp.length - 1]',
  );
  if (!lcp) throw new Error('the browser reported no largest-contentful-paint');

  await page.getByLabel(/work email|e-mail professionnel/i).fill(options.email);
  await page.getByRole('textbox', { name: /password|mot de passe/i }).fill(options.password);
  await submit.click();
  const box = page.locator('#lookup-box');
  await box.waitFor({ state: 'visible', timeout: 30_000 });
  // An agent picks up the call and starts typing a moment later.
  await page.waitForTimeout(1000);
  await box.fill(options.identifier);
  await box.press('Enter');
  // Read every 100 ms (not with waitForFunction, whose polling in the page held back the
  // console's own frame callbacks in headless Chromium here).
  let firstLookupMs: number | null = null;
  for (let waited = 0; firstLookupMs === null && waited < 30_000; waited += 100) {
    await page.waitForTimeout(100);
    firstLookupMs = await page.evaluate<number | null>(
      "performance.getEntriesByName('lifeline:lookup')[0]?.duration ?? null",
    );
  }
  if (firstLookupMs === null) {
    console.error(
      'no lifeline:lookup measure; the page shows:',
      await page.evaluate<string>('document.body.innerText.slice(0, 2000)'),
    );
  }
  return {
    signInLcpMs: Math.round(lcp.at),
    lcpElement: lcp.element,
    firstLookupMs: firstLookupMs === null ? null : Math.round(firstLookupMs),
  };
}

export interface FirstLoadSummary {
  runs: FirstLoadRun[];
  signInLcpMs: { median: number; min: number; max: number };
  firstLookupMs: { median: number; min: number; max: number } | null;
}

function spread(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] ?? 0)
      : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return { median: Math.round(median), min: sorted[0] ?? 0, max: sorted[sorted.length - 1] ?? 0 };
}

/** Medians (and the lowest and highest) over the runs. */
export function summariseFirstLoad(runs: FirstLoadRun[]): FirstLoadSummary {
  const lookups = runs.flatMap((run) => (run.firstLookupMs === null ? [] : [run.firstLookupMs]));
  return {
    runs,
    signInLcpMs: spread(runs.map((run) => run.signInLcpMs)),
    firstLookupMs: lookups.length === 0 ? null : spread(lookups),
  };
}
