import { assert, shot, typeIntoEditor, uniqueStamp } from '../fixtures.mjs';
import { solution } from '../helpers/learn.mjs';

export const title =
  'a new learner fails then passes the first Python exercise, and the dashboard shows 1 completed, a 1-day streak and a badge';

export default async function flow(t) {
  const s = await t.learnerPage();
  const { page, password, ensureLoggedIn } = s;
  // Another learner used this browser first, and logs out.
  const learnerEmail = `e2e-learner-${uniqueStamp()}@example.com`;
  await ensureLoggedIn();
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL('**/login');
  try {
    await page.goto('/register');
    await page.getByLabel('First name').fill('Grace');
    await page.getByLabel('Last name').fill('Hopper');
    await page.getByLabel('E-mail').fill(learnerEmail);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/dashboard');
    await page.getByRole('heading', { name: 'Welcome to Codestead' }).waitFor();
    assert((await page.getByTestId('completed-value').innerText()).trim() === '0', 'a new learner has completions');

    // Drafts live in this browser's storage: whatever the learner before left there is not Grace's.
    await page.evaluate(() => localStorage.removeItem('codestead.learn.draft.python-ex-greeting.python'));
    await page.goto('/learn/python-ex-greeting');
    await page.getByRole('heading', { level: 1, name: 'Greet the user' }).waitFor();
    await page.locator('.monaco-editor .view-lines').getByText('input()').first().waitFor();
    const [wrong] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/exercises/python-ex-greeting/submissions') && r.request().method() === 'POST'),
      page.getByRole('button', { name: /^Check/ }).click(),
    ]);
    const failed = await wrong.json();
    assert(!failed.passed, 'the starter code passed');
    await page.locator('[data-testid="test-result"][data-passed="false"]').first().waitFor();
    assert((await page.getByTestId('test-result').count()) === failed.tests.length, 'not every test has a row');

    await typeIntoEditor(page, solution);
    const [right] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/exercises/python-ex-greeting/submissions') && r.request().method() === 'POST'),
      page.getByRole('button', { name: /^Check/ }).click(),
    ]);
    assert((await right.json()).passed, 'the reference solution failed');
    await page.getByTestId('completion-banner').filter({ hasText: 'Exercise complete' }).waitFor();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await page.waitForURL('**/dashboard');
    await page.getByTestId('completed-value').filter({ hasText: /^1$/ }).waitFor();
    await page
      .getByTestId('streak-value')
      .filter({ hasText: /^1 day$/ })
      .waitFor();
    await page.locator('[data-testid="badge"][data-id="first-exercise"][data-earned="true"]').waitFor();
    await page
      .getByTestId('activity-item')
      .filter({ hasText: /^Passed Greet the user/ })
      .first()
      .waitFor();
    assert((await page.getByTestId('recommendation').count()) > 0, 'nothing is recommended next');
    await page.locator('[data-testid="progress-chart"] svg.recharts-surface').waitFor();
    await shot(page, 'dashboard after the first exercise');
  } finally {
    // Logging out from settings ends the session this flow opened.
    await page.goto('/settings');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL('**/login');
  }
}
