import { assert, shot } from '../fixtures.mjs';

export const title = 'search: a query with a typo from the header finds the recursion lesson, highlighted, and opens it';

export default async function flow(t) {
  const s = await t.learnerPage();
  const { page, ensureLoggedIn } = s;
  await ensureLoggedIn();
  await page.goto('/learn');
  // The router renders nothing until the lazy route has loaded: wait for the page first.
  await page.getByRole('heading', { level: 1, name: 'Learn' }).waitFor();
  await page.keyboard.press('/');
  const box = page.getByRole('searchbox', { name: 'Search the curriculum' });
  assert(await box.evaluate((el) => el === document.activeElement), '"/" did not focus the header search');
  await page.keyboard.type('recursoin');
  const [res] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/search'),
    page.keyboard.press('Enter'),
  ]);
  assert(res.ok(), `GET /search answered ${res.status()}: ${await res.text()}`);
  await page.waitForURL('**/search?q=recursoin');
  await page.getByTestId('search-corrected').filter({ hasText: 'recursion' }).waitFor();
  const [filtered] = await Promise.all([
    page.waitForResponse((r) => {
      const u = new URL(r.url());
      return u.pathname === '/api/v1/search' && u.searchParams.get('track') === 'python';
    }),
    page.getByLabel('Track').selectOption('python'),
  ]);
  const hits = (await filtered.json()).items;
  assert(hits.length > 0 && hits.every((h) => h.track === 'python'), `the Python filter gave ${JSON.stringify(hits.map((h) => h.slug))}`);
  const result = page.locator('[data-testid="search-result"]:has(a[href="/learn/python-recursion"])');
  await result.waitFor();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="search-result"]').length === n, hits.length);
  const marks = await result.locator('[data-testid="search-snippet"] mark').allInnerTexts();
  assert(marks.length > 0 && marks.every((m) => /recurs/i.test(m)), `the snippet marks ${JSON.stringify(marks)}`);
  await shot(page, 'search results');
  await result.getByRole('link', { name: 'Recursion', exact: true }).click();
  await page.waitForURL('**/learn/python-recursion');
  await page.getByRole('heading', { level: 1, name: 'Recursion' }).waitFor();
}
