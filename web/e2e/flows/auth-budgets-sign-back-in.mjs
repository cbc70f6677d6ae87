// Once the auth-budgets flows' sign-ins from one address are counted, a learner whose browser
// lost its cookies still signs back in through the form (it was the old single run's way back to
// its main learner; here it is a flow of its own).
import { assert } from '../fixtures.mjs';

export const title = 'a learner whose browser lost its cookies signs back in through the form';

export default async function flow(t) {
  const { page, context, ensureLoggedIn } = await t.learnerPage();
  await page.goto('/');
  await page.waitForLoadState('networkidle');
  await context.clearCookies();
  await page.goto('/dashboard');
  await page.waitForURL('**/login?next=%2Fdashboard');
  await ensureLoggedIn();
  assert(new URL(page.url()).pathname === '/dashboard', `signed in to ${page.url()}`);
}
