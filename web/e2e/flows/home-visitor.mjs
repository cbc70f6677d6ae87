import { assert, shot } from '../fixtures.mjs';

export const title = 'a visitor at / reads what Codestead is and finds the ways in';

export default async function flow(t) {
  const s = await t.learnerPage();
  const { page, ensureLoggedIn } = s;
  // A signed-in learner's / is the dashboard.
  await ensureLoggedIn();
  await page.goto('/');
  await page.waitForURL('**/dashboard');
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL('**/login');
  await page.goto('/');
  await page.getByRole('heading', { level: 1, name: 'Learn to program, one page at a time' }).waitFor();
  assert(new URL(page.url()).pathname === '/', `a visitor at / was sent to ${page.url()}`);
  await page
    .getByRole('main')
    .getByRole('link', { name: /^Python/ })
    .first()
    .waitFor();
  await shot(page, 'home for a visitor');
  await page.getByRole('link', { name: 'Create a free account' }).click();
  await page.waitForURL('**/register');
}
