import { assert, shot, uniqueStamp } from '../fixtures.mjs';
import { authPost as authPostTo, registerByApi as registerOn, signOutOfTheBrowser } from '../helpers/auth-budgets.mjs';

export const title = 'deleting the account asks for the password, and a wrong one deletes nothing';

export default async function flow(t) {
  const authPost = (path, body) => authPostTo(t.base, path, body);
  const registerByApi = (who, secret) => registerOn(t.base, who, secret);
  const { page } = await t.newPage();
  const who = `leaving-${uniqueStamp()}@example.com`;
  const secret = 'leaving-Passphrase-2026';
  await registerByApi(who, secret);
  await signOutOfTheBrowser(page);
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(who);
  await page.getByLabel('Password').fill(secret);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL('**/dashboard');
  await page.goto('/settings');
  await page.getByRole('button', { name: 'Delete account…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete your account?' });
  const confirm = dialog.getByRole('button', { name: 'Delete my account' });
  assert(await confirm.isDisabled(), 'Delete is enabled before a password is typed');
  await dialog.getByLabel('Your password, to confirm').fill('not-my-password-7');
  const [bad] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/me') && r.request().method() === 'DELETE'),
    confirm.click(),
  ]);
  assert(bad.status() === 422, `a wrong password answered ${bad.status()}`);
  assert(JSON.parse(bad.request().postData() ?? '{}').password === 'not-my-password-7', 'the password was not sent');
  await dialog.getByText('Password is not your password.').waitFor();
  const still = await authPost('login', { email: who, password: secret });
  assert(still.status === 200, `after a wrong password the account answers ${still.status}`);
  await shot(page, 'delete account wrong password');
  await dialog.getByLabel('Your password, to confirm').fill(secret);
  const [good] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/me') && r.request().method() === 'DELETE'),
    confirm.click(),
  ]);
  assert(good.status() === 204, `the right password answered ${good.status()}`);
  await page.waitForURL('**/login');
  const gone = await authPost('login', { email: who, password: secret });
  assert(gone.status === 401, `a deleted account still signs in (${gone.status})`);
}
