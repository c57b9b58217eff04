import { expect, signIn, test } from '../support/fixtures.ts';

test('an agent signs in and lands on the lookup with the lookup box focused', async ({ page }) => {
  await signIn(page, 'agent@lifeline.test');
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Lookup' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Audit log' })).toHaveCount(0);
});
