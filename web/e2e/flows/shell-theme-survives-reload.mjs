import { assert, shot } from '../fixtures.mjs';

export const title = 'the theme survives a reload';

export default async function flow(t) {
  const s = await t.learnerPage();
  const { page } = s;
  await page.goto('/learn');
  const wasDark = await page.evaluate(() => document.documentElement.classList.contains('dark'));
  await page.getByTestId('theme-toggle').click();
  const nowDark = await page.evaluate(() => document.documentElement.classList.contains('dark'));
  assert(nowDark !== wasDark, 'the toggle did not change the theme');
  await page.reload();
  await page.getByRole('heading', { name: 'Learn' }).waitFor();
  const afterReload = await page.evaluate(() => document.documentElement.classList.contains('dark'));
  assert(afterReload === nowDark, `theme after reload is ${afterReload ? 'dark' : 'light'}, expected ${nowDark ? 'dark' : 'light'}`);
  await shot(page, 'theme after reload');
}
