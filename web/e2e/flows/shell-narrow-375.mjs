import { assert, shot } from '../fixtures.mjs';

export const title = 'the shell is usable at 375 px wide';

export default async function flow(t) {
  const s = await t.learnerPage();
  const { page, ensureLoggedIn } = s;
  await ensureLoggedIn();
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto('/settings');
  await page.getByText('This device').waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert(overflow <= 0, `the page scrolls sideways by ${overflow} px`);
  await page.getByRole('button', { name: 'Open navigation' }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Learn' }).click();
  await page.waitForURL('**/learn');
  await shot(page, 'mobile learn');
  await page.goto('/playground');
  await page.getByRole('heading', { name: 'Playground' }).waitFor();
  const overflowPlayground = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert(overflowPlayground <= 0, `the playground scrolls sideways by ${overflowPlayground} px`);
  await shot(page, 'mobile playground');
  await page.setViewportSize({ width: 1280, height: 860 });
}
