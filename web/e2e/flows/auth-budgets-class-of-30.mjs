// This flow signs in 61 times from one address in under a minute: it has a server of its own, so
// the other flows' sign-ins neither eat into its per-address budget nor are refused because of it.
import { assert, shot } from '../fixtures.mjs';
import { authPost as authPostTo, registerByApi as registerOn, signOutOfTheBrowser } from '../helpers/auth-budgets.mjs';

export const title = 'a class of 30 signs in from one address within a minute, the last one through the login form';

export default async function flow(t) {
  const server = await t.ownServer({ name: 'server-auth-budgets' });
  const authPost = (path, body) => authPostTo(server.base, path, body);
  const registerByApi = (who, secret) => registerOn(server.base, who, secret);
  const { page } = await t.newPage({ baseURL: server.base });
  const secret = 'pupil-Passphrase-2026';
  const stamp = Date.now();
  const pupils = Array.from({ length: 30 }, (_, i) => `pupil-${stamp}-${i}@school.example`);
  for (let i = 0; i < pupils.length; i += 5) await Promise.all(pupils.slice(i, i + 5).map((p) => registerByApi(p, secret)));
  const started = Date.now();
  const statuses = [];
  for (let i = 0; i < 29; i += 5) {
    const batch = pupils.slice(i, Math.min(i + 5, 29));
    statuses.push(...(await Promise.all(batch.map(async (p) => (await authPost('login', { email: p, password: secret })).status))));
  }
  assert(statuses.length === 29 && statuses.every((s) => s === 200), `sign-ins from one address answered ${statuses.join(',')}`);
  await signOutOfTheBrowser(page);
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(pupils[29]);
  await page.getByLabel('Password').fill(secret);
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login')),
    page.getByRole('button', { name: 'Log in' }).click(),
  ]);
  assert(res.status() === 200, `the 30th sign-in answered ${res.status()}`);
  await page.waitForURL('**/dashboard');
  const seconds = (Date.now() - started) / 1000;
  t.budget(`budget: 30 sign-ins from one address took ${seconds.toFixed(1)} s, all accepted`);
  assert(seconds < 60, `30 sign-ins took ${seconds.toFixed(1)} s, more than the minute they must fit in`);
  await shot(page, 'thirtieth pupil signed in');
}
