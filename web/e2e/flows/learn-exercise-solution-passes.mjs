import { assert, editorText, shot, typeIntoEditor } from '../fixtures.mjs';
import { completeItem, solution, submitGreeting } from '../helpers/learn.mjs';

export const title = 'the reference solution passes, the draft is kept, and the track shows the exercise done';

export default async function flow(t) {
  const s = await t.learnerPage();
  const { page, who } = s;
  // Where the learner stands after the lesson and one failing attempt on the starter code.
  await completeItem(t, who, 'python-hello-world');
  assert(!(await submitGreeting(t, who, 'name = input()\n')).passed, 'a program that prints nothing passed');
  await page.goto('/learn/python-ex-greeting');
  await page.locator('.monaco-editor .view-lines').waitFor();
  await typeIntoEditor(page, solution);
  const draft = await page.evaluate(() => localStorage.getItem('codestead.learn.draft.python-ex-greeting.python'));
  assert(draft?.trim() === solution.trim(), `the editor holds ${JSON.stringify(draft)}`);
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/exercises/python-ex-greeting/submissions') && r.request().method() === 'POST'),
    page.keyboard.press('Control+Enter'),
  ]);
  const graded = await res.json();
  assert(graded.passed, `the reference solution failed: ${JSON.stringify(graded.tests)}`);
  await page.getByTestId('completion-banner').filter({ hasText: 'Exercise complete' }).waitFor();
  assert((await page.locator('[data-testid="test-result"][data-passed="false"]').count()) === 0, 'a test still shows failed');
  await shot(page, 'exercise passed');
  await page.reload();
  await page.locator('.monaco-editor .view-lines').getByText('strip').first().waitFor();
  assert((await editorText(page)).includes('Hello, {name}!'), 'the draft did not survive a reload');
  await page.getByTestId('attempts').getByText('Your attempts (2)').waitFor();
  await page.getByRole('link', { name: 'Python track' }).click();
  await page.waitForURL('**/learn/tracks/python');
  for (const slug of ['python-hello-world', 'python-ex-greeting'])
    await page.locator(`[data-testid="track-item"][data-slug="${slug}"]`).getByText('Done', { exact: true }).waitFor();
  await page
    .getByText(/^2 of \d+ done$/)
    .first()
    .waitFor();
  await shot(page, 'python track after');
}
