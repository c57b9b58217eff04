// The console's first load in Chromium (issue 15), against the benchmark's own production
// server and seeded database: the same probe as the browser suite's journey 20, run here so that
// `pnpm bench` reproduces the figures in one command. Each run is a fresh browser context (cold
// cache, no session); the report gives the median and the lowest and highest.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import {
  type FirstLoadSummary,
  probeFirstLoad,
  summariseFirstLoad,
} from '../../scripts/first-load-probe.ts';
import { initialJs, lookupPageJs } from '../../scripts/web-initial-js.ts';
import { log, ROOT } from './harness.ts';

export interface WebFirstLoadReport {
  /** The sign-in page's JavaScript: the entry and its static imports, gzipped (the budget's). */
  initialJsGzipKiB: number;
  /** Signed in, the lookup page: the above plus the shell's and lookup page's chunks. */
  lookupPageJsGzipKiB: number | null;
  /** Chromium's LCP and the first lookup, or why they could not be measured. */
  browser: (FirstLoadSummary & { version: string; identifier: string }) | { error: string };
}

export async function measureWebFirstLoad(options: {
  url: string;
  email: string;
  password: string;
  runs: number;
  identifier: string;
}): Promise<WebFirstLoadReport | null> {
  const dist = join(ROOT, 'apps/web/dist');
  if (!existsSync(join(dist, 'index.html'))) return null;
  const initial = initialJs(dist);
  const report = {
    initialJsGzipKiB: initial.gzipKiB,
    lookupPageJsGzipKiB: lookupPageJs(dist)?.gzipKiB ?? null,
  };
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    return { ...report, browser: { error: `no Chromium at ${executablePath} (CHROMIUM_PATH)` } };
  }
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const runs = [];
    for (let run = 0; run < options.runs; run += 1) {
      const context = await browser.newContext({
        viewport: { width: 1280, height: 800 },
        locale: 'en-GB',
      });
      try {
        runs.push(
          await probeFirstLoad(await context.newPage(), { baseUrl: options.url, ...options }),
        );
      } finally {
        await context.close();
      }
      log(`first load ${run + 1}/${options.runs}: ${JSON.stringify(runs[runs.length - 1])}`);
    }
    return {
      ...report,
      browser: {
        ...summariseFirstLoad(runs),
        version: browser.version(),
        identifier: options.identifier,
      },
    };
  } catch (error) {
    return { ...report, browser: { error: String(error) } };
  } finally {
    await browser.close();
  }
}
