import { chromium } from 'playwright-core';

const [url, out, w = '1280', h = '800', scheme = 'light', login = ''] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
const context = await browser.newContext({
  viewport: { width: Number(w), height: Number(h) },
  colorScheme: scheme as 'light' | 'dark',
});
const page = await context.newPage();
page.on('console', (m) => {
  if (m.type() === 'error') console.log('console error:', m.text());
});
if (login) {
  const base = new URL(url).origin;
  await page.goto(`${base}/sign-in`);
  await page.getByLabel(/email/i).fill(login);
  await page.getByRole('textbox', { name: /password|mot de passe/i }).fill('lifeline-demo');
  await page.getByRole('button', { name: /sign in|se connecter/i }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
}
await page.goto(url);
await page.waitForTimeout(800);
await page.screenshot({ path: out, fullPage: false });
await browser.close();
