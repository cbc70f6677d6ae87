import { assert, shot, uniqueStamp } from '../fixtures.mjs';
import { authPost as authPostTo, registerByApi as registerOn, signOutOfTheBrowser } from '../helpers/auth-budgets.mjs';

export const title = 'a refused sign-in says on the form how long to wait, in words';

export default async function flow(t) {
  const authPost = (path, body) => authPostTo(t.base, path, body);
  const registerByApi = (who, secret) => registerOn(t.base, who, secret);
  const { page } = await t.newPage();
  const who = `locked-${uniqueStamp()}@example.com`;
  const secret = 'locked-Out-passphrase-31';
  await registerByApi(who, secret);
  for (let i = 0; i < 5; i++) {
    const r = await authPost('login', { email: who, password: `wrong-guess-${i}-xx` });
    assert(r.status === 401, `wrong guess ${i} answered ${r.status}`);
  }
  await signOutOfTheBrowser(page);
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(who);
  await page.getByLabel('Password').fill(secret);
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login')),
    page.getByRole('button', { name: 'Log in' }).click(),
  ]);
  assert(res.status() === 429, `a locked account answered ${res.status()}`);
  assert(res.headers()['retry-after'], 'the 429 has no Retry-After');
  const problem = await res.json();
  assert(/Try again in 15 minutes\.$/.test(problem.detail), `the detail does not name the wait: ${problem.detail}`);
  await page.getByRole('alert').filter({ hasText: 'Try again in 15 minutes.' }).waitFor();
  assert(page.url().includes('/login'), 'left the login page');
  await shot(page, 'locked sign-in names the wait');
}
