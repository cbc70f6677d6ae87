import { assert, shot } from '../fixtures.mjs';

export const title = 'an anonymous visitor can browse the tracks and read a lesson, but not check code';

export default async function flow(t) {
  const s = await t.learnerPage();
  const { page, ensureLoggedIn } = s;
  await ensureLoggedIn();
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL('**/login');
  await page.goto('/learn/tracks/python');
  await page.getByRole('heading', { level: 1, name: 'Python' }).waitFor();
  await page.getByText(/^0 of \d+ done$/).waitFor();
  await page.goto('/learn/python-hello-world');
  await page.getByRole('heading', { name: 'Text and numbers' }).waitFor();
  await page.getByText('to keep your progress.').waitFor();
  assert((await page.getByRole('button', { name: 'Mark complete' }).count()) === 0, 'an anonymous visitor can mark complete');
  await page.goto('/learn/python-ex-greeting');
  await page.setViewportSize({ width: 375, height: 812 });
  for (const path of ['/learn/tracks/python', '/learn/python-hello-world', '/learn/python-ex-greeting']) {
    await page.goto(path);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    if (path.endsWith('greeting')) await page.locator('.monaco-editor').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 0, `${path} scrolls sideways by ${overflow} px at 375 px`);
  }
  await shot(page, 'mobile exercise');
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.getByRole('link', { name: 'Log in to check your code' }).click();
  await page.waitForURL('**/login?next=%2Flearn%2Fpython-ex-greeting');
}
