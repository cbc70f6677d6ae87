import { assert, shot } from '../fixtures.mjs';

export const title = 'a bookmark shows on the bookmarks page and can be removed there';

export default async function flow(t) {
  const s = await t.learnerPage();
  const { page, ensureLoggedIn } = s;
  await ensureLoggedIn();
  await page.goto('/learn/python-variables');
  const toggle = page.getByRole('button', { name: 'Bookmark', exact: true });
  await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/v1/bookmarks/') && r.request().method() === 'PUT'),
    toggle.click(),
  ]);
  await page.getByRole('button', { name: 'Bookmarked' }).waitFor();
  assert((await page.getByRole('button', { name: 'Bookmarked' }).getAttribute('aria-pressed')) === 'true', 'the toggle is not pressed');
  await page.goto('/learn');
  await page.getByRole('link', { name: 'Your bookmarks' }).click();
  await page.waitForURL('**/learn/bookmarks');
  const row = page.getByTestId('bookmark').filter({ hasText: 'Variables, input and types' });
  await row.waitFor();
  await shot(page, 'bookmarks');
  await row.getByRole('button', { name: /^Remove the bookmark/ }).click();
  await page.getByText('No bookmarks yet').waitFor();
}
