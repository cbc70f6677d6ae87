import { assert } from '../fixtures.mjs';

export const title = 'another session can be revoked from settings, and its token stops working';

export default async function flow(t) {
  const s = await t.learnerPage();
  const { page, email, password, ensureLoggedIn } = s;
  await ensureLoggedIn();
  // A second device: a plain HTTP client logging in with the same account.
  const login = await fetch(`${t.base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'curl/8.0 (second device)' },
    body: JSON.stringify({ email, password }),
  });
  assert(login.ok, `API login answered ${login.status}`);
  const { accessToken } = await login.json();
  const me = () => fetch(`${t.base}/api/v1/me`, { headers: { authorization: `Bearer ${accessToken}` } });
  assert((await me()).status === 200, 'the second session does not work to begin with');
  await page.goto('/settings');
  const other = page.getByRole('button', { name: /^Revoke session curl/ });
  await other.click();
  await page.getByText('Session revoked.').waitFor();
  await other.waitFor({ state: 'detached' });
  const after = await me();
  assert(after.status === 401, `the revoked session's token still answers ${after.status}`);
  await page.getByText('This device').waitFor();
}
