import { assert, shot } from '../fixtures.mjs';

export const title = 'the first Python exercise fails with per-test messages on the starter code';

export default async function flow(t) {
  const s = await t.learnerPage();
  const { page } = s;
  await page.goto('/learn/python-ex-greeting');
  await page.getByRole('heading', { level: 1, name: 'Greet the user' }).waitFor();
  await page.locator('.monaco-editor .view-lines').getByText('input()').first().waitFor();
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/exercises/python-ex-greeting/submissions') && r.request().method() === 'POST'),
    page.getByRole('button', { name: /^Check/ }).click(),
  ]);
  assert(res.ok(), `POST /submissions answered ${res.status()}: ${await res.text()}`);
  const graded = await res.json();
  assert(!graded.passed && graded.tests.length > 0, `the starter code was graded ${JSON.stringify(graded)}`);
  const rows = page.getByTestId('test-result');
  await rows.first().waitFor();
  assert((await rows.count()) === graded.tests.length, `${await rows.count()} rows for ${graded.tests.length} tests`);
  for (const [i, t] of graded.tests.entries()) {
    const row = rows.nth(i);
    assert((await row.getAttribute('data-passed')) === String(t.passed), `test "${t.name}" shows the wrong verdict`);
    const text = await row.innerText();
    assert(text.includes(t.name), `row ${i} does not name "${t.name}"`);
    if (!t.passed && t.message)
      assert(text.includes(t.message.replace(/`/g, '')) || text.includes(t.message), `no message for "${t.name}"`);
  }
  assert((await page.getByTestId('completion-banner').count()) === 0, 'a failing attempt shows the completion banner');
  await page.getByRole('button', { name: /^Show a hint/ }).click();
  assert((await page.getByTestId('hint').count()) === 1, 'the first click showed more than one hint');
  await shot(page, 'exercise failing');
}
