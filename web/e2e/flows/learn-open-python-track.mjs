import { assert, shot } from '../fixtures.mjs';

export const title = 'a learner opens the Python track and reads the first lesson';

export default async function flow(t) {
  const s = await t.learnerPage();
  const { page, ensureLoggedIn } = s;
  await ensureLoggedIn();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Learn' }).click();
  await page.waitForURL('**/learn');
  const tracks = page.getByRole('progressbar');
  await tracks.first().waitFor();
  assert((await tracks.count()) === 4, `the catalog shows ${await tracks.count()} tracks, expected 4`);
  await shot(page, 'learn catalog');
  await page.getByRole('link', { name: 'Python', exact: true }).click();
  await page.waitForURL('**/learn/tracks/python');
  const exercise = page.locator('[data-testid="track-item"][data-slug="python-ex-greeting"]');
  await exercise.getByTestId('locked-reason').filter({ hasText: 'Your first Python program' }).waitFor();
  await shot(page, 'python track before');
  await page.getByRole('link', { name: 'Your first Python program' }).first().click();
  await page.waitForURL('**/learn/python-hello-world');
  await page.getByRole('heading', { level: 1, name: 'Your first Python program' }).waitFor();
  await page.getByRole('heading', { name: 'Text and numbers' }).waitFor();
  assert((await page.getByRole('button', { name: 'Open in playground' }).count()) > 0, 'no Python example offers the playground');
}
