import { assert } from '../fixtures.mjs';

export const title = 'an expired access cookie is refreshed without leaving the page';

export default async function flow(t) {
  const s = await t.learnerPage();
  const { page, context, ensureLoggedInAndSettled } = s;
  await ensureLoggedInAndSettled();
  await context.clearCookies({ name: 'codestead_access' });
  const [refresh] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/refresh')), page.goto('/settings')]);
  assert(refresh.status() === 200, `POST /auth/refresh answered ${refresh.status()}: ${await refresh.text()}`);
  await page.getByText('This device').waitFor();
  assert(new URL(page.url()).pathname === '/settings', `ended on ${page.url()}`);
}
