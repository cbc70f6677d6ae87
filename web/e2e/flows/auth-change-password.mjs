import { assert } from '../fixtures.mjs';

export const title = 'changing the password keeps this device signed in and the new password works';

export default async function flow(t) {
  const s = await t.learnerPage();
  const { page, email, ensureLoggedIn } = s;
  let { password } = s;
  await ensureLoggedIn();
  const next = 'third-Password-for-ada-19';
  await page.goto('/settings');
  await page.getByLabel('Current password').fill('wrong-current-password');
  await page.getByLabel('New password').fill(next);
  const [bad] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/change-password')),
    page.getByRole('button', { name: 'Change password' }).click(),
  ]);
  assert(!bad.ok(), `a wrong current password was accepted (${bad.status()})`);
  const problem = await bad.json();
  await page
    .getByText(problem.fields?.currentPassword ?? problem.detail)
    .first()
    .waitFor();
  await page.getByLabel('Current password').fill(password);
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByText('Password changed.').waitFor();
  password = next;
  await page.goto('/settings');
  await page.getByText('This device').waitFor();
  const check = await fetch(`${t.base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  assert(check.ok, `login with the new password answered ${check.status}`);
}
