import { assert, shot, typeIntoEditor } from '../fixtures.mjs';

export const title = 'exercise code follows the learner: typed here, restored after logout in a browser with no copy of it';

export default async function flow(t) {
  const s = await t.learnerPage();
  const { page, ensureLoggedIn } = s;
  await page.goto('/learn/python-ex-greeting');
  await page.locator('.monaco-editor .view-lines').waitFor();
  const marker = `# written on the school computer ${Date.now()}`;
  // The save that carries the whole text (a burst of typing is sent once, after a pause).
  const [saved] = await Promise.all([
    page.waitForResponse(
      (r) =>
        r.url().includes('/api/v1/drafts/') && r.request().method() === 'PUT' && r.request().postDataJSON().code.includes('name = input()'),
    ),
    typeIntoEditor(page, `${marker}\nname = input()`),
  ]);
  assert(saved.ok(), `PUT /drafts answered ${saved.status()}: ${await saved.text()}`);
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL('**/login');
  // Another browser: nothing of this one's storage.
  await page.evaluate(() => localStorage.clear());
  await ensureLoggedIn();
  await page.goto('/learn/python-ex-greeting');
  await page.waitForFunction(
    (m) =>
      document
        .querySelector('.monaco-editor .view-lines')
        ?.innerText.replace(/\u00a0/g, ' ')
        .includes(m),
    marker,
  );
  await shot(page, 'exercise draft restored');
}
