// The auth-budgets flows: the server runs with its shipped authentication budgets (300 a minute
// per address, 10 per account), and every request comes from 127.0.0.1, as a class behind one
// school NAT would.
import { assert } from '../fixtures.mjs';

export const authPost = (base, path, body) =>
  fetch(`${base}/api/v1/auth/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

export async function registerByApi(base, who, secret) {
  const r = await authPost(base, 'register', { email: who, password: secret, firstName: 'Pupil', lastName: 'Test' });
  assert(r.status === 201, `register ${who} answered ${r.status}: ${await r.text()}`);
}

/** Leaves the page with no session: the app loaded and settled, then every cookie gone. */
export async function signOutOfTheBrowser(page) {
  await page.goto('/');
  await page.waitForLoadState('networkidle');
  await page.context().clearCookies();
}
