import { assert, isInteractive, PASSWORD, shot, uniqueStamp } from '../fixtures.mjs';

export const title = 'register → login → playground → run Python with stdin → see output';

export default async function flow(t) {
  const { page } = await t.newPage();
  const email = `e2e-ada-${uniqueStamp()}@example.com`;
  const password = PASSWORD;
  await page.goto('/register');
  await page.getByLabel('First name').fill('Ada');
  await page.getByLabel('Last name').fill('Lovelace');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  const [reg] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/register')),
    page.getByRole('button', { name: 'Create account' }).click(),
  ]);
  assert(reg.status() === 201, `register answered ${reg.status()}: ${await reg.text()}`);
  // Registering signs the learner in: no second password prompt.
  await page.waitForURL('**/dashboard');
  await page.getByText(/^Welcome, Ada\./).waitFor();
  await shot(page, 'after register');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Playground' }).click();
  await page.waitForURL('**/playground');
  await page.locator('.monaco-editor .view-lines').waitFor();
  await page.getByLabel('Language').selectOption('python');
  await page.locator('.monaco-editor .view-lines').getByText('Hello').first().waitFor();
  await page.getByLabel('Standard input (stdin)').fill('Ada');
  // Ctrl+Enter from the stdin panel: the shortcut works outside the editor too.
  await Promise.all([page.waitForEvent('websocket', isInteractive), page.getByLabel('Standard input (stdin)').press('Control+Enter')]);
  await page.getByTestId('output-stdout').filter({ hasText: 'Hello, Ada!' }).waitFor();
  const status = await page.getByTestId('run-status').getAttribute('data-status');
  assert(status === 'ok', `status badge says ${status}`);
  await shot(page, 'python run');
}
