import { test as base, expect, type Page } from '@playwright/test';
import Database from 'better-sqlite3';

export const DEMO_PASSWORD = 'lifeline-demo';

/** Read-only access to the server's database, to assert on its state after a journey. */
export function openServerDatabase() {
  const path = process.env.E2E_DATABASE_PATH;
  if (!path) throw new Error('E2E_DATABASE_PATH is not set: run through playwright.config.ts');
  return new Database(path, { readonly: true, fileMustExist: true });
}

export async function signIn(page: Page, email: string, next = '/') {
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel(/work email|e-mail professionnel/i).fill(email);
  await page.getByRole('textbox', { name: /password|mot de passe/i }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /sign in|se connecter/i }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

export const test = base;
export { expect };
