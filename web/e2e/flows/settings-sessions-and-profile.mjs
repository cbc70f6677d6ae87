import { assert, shot } from '../fixtures.mjs';

export const title = 'settings list the current session and save the profile';

export default async function flow(t) {
  const s = await t.learnerPage();
  const { page, ensureLoggedIn } = s;
  await ensureLoggedIn();
  await page.goto('/settings');
  await page.getByText('This device').waitFor();
  await page.getByLabel('Bio', { exact: true }).fill('Writes the first programs.');
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/me') && r.request().method() === 'PATCH'),
    page.getByRole('button', { name: 'Save profile' }).click(),
  ]);
  assert(res.ok(), `PATCH /me answered ${res.status()}: ${await res.text()}`);
  await page.getByText('Profile saved.').waitFor();
  await shot(page, 'settings');
}
