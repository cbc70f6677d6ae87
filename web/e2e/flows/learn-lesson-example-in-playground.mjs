import { assert, shot } from '../fixtures.mjs';

export const title = 'a lesson example opens in the playground with its code and language';

export default async function flow(t) {
  const s = await t.learnerPage();
  const { page, ensureLoggedIn } = s;
  await ensureLoggedIn();
  await page.goto('/learn/python-hello-world');
  await page.getByRole('button', { name: 'Open in playground' }).first().click();
  await page.waitForURL('**/playground');
  await page.locator('.monaco-editor .view-lines').getByText('Python runs this line second.').waitFor();
  assert((await page.getByLabel('Language').inputValue()) === 'python', 'the playground did not switch to Python');
  await page.getByTestId('draft-status').filter({ hasText: 'Example from a lesson' }).waitFor();
  await shot(page, 'playground from lesson');
}
