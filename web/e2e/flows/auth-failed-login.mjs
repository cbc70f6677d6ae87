import { assert, shot } from '../fixtures.mjs';

export const title = 'a failed login shows the message';

export default async function flow(t) {
  // A real account, and a browser that is not signed in.
  const { page, email } = await t.learnerPage({ signedIn: false });
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill('not-the-password-1');
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login')),
    page.getByRole('button', { name: 'Log in' }).click(),
  ]);
  assert(res.status() === 401, `login with a wrong password answered ${res.status()}, expected 401`);
  const problem = await res.json();
  const alert = page.getByRole('alert').filter({ hasText: problem.detail || problem.title });
  await alert.waitFor();
  assert(page.url().includes('/login'), 'left the login page after a failed login');
  await shot(page, 'failed login');
}
