import { assert, shot, typeIntoEditor } from '../fixtures.mjs';

export const title = 'a Python syntax error shows one "did not run" message naming its line, and Run shows the output for typed input';

export default async function flow(t) {
  const s = await t.learnerPage();
  const { page } = s;
  await page.goto('/learn/python-ex-greeting');
  await page.locator('.monaco-editor .view-lines').waitFor();
  // A dangling `+`: Monaco closes the bracket as it is typed, which must not fix the error.
  await typeIntoEditor(page, 'name = input()\n\nprint("Hello, " + name +');
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/exercises/python-ex-greeting/submissions') && r.request().method() === 'POST'),
    page.getByRole('button', { name: /^Check/ }).click(),
  ]);
  assert(res.ok(), `POST /submissions answered ${res.status()}: ${await res.text()}`);
  const notRun = page.getByTestId('did-not-run');
  await notRun.waitFor();
  assert((await notRun.count()) === 1, `${await notRun.count()} did-not-run messages`);
  const text = await notRun.innerText();
  assert(
    text.includes('Your program did not run') && text.includes('line 3') && text.includes('SyntaxError'),
    `the message reads ${JSON.stringify(text)}`,
  );
  const rows = page.getByTestId('test-result');
  const count = await rows.count();
  assert(count === 3, `${count} test rows`);
  for (let i = 0; i < count; i++) {
    const row = rows.nth(i);
    assert((await row.getAttribute('data-not-run')) !== null, `test row ${i} is not marked not run`);
    const rowText = await row.innerText();
    assert(!rowText.includes('crashed') && !rowText.includes('SyntaxError'), `test row ${i} repeats the crash: ${rowText}`);
  }
  await page.getByTestId('did-not-run-line').click();
  await shot(page, 'exercise did not run');

  await typeIntoEditor(page, 'name = input()\nprint("Hi there, " + name.upper())');
  await page.getByText('Input for Run and Step through').click();
  await page.getByLabel(/^Standard input \(stdin\)/).fill('grace\n');
  const [run] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/executions') && r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Run', exact: true }).click(),
  ]);
  assert(run.ok(), `POST /executions answered ${run.status()}: ${await run.text()}`);
  const sent = run.request().postDataJSON();
  assert(sent.stdin === 'grace\n' && sent.entry === 'main.py', `Run sent ${JSON.stringify(sent)}`);
  await page.getByTestId('exercise-run').getByTestId('output-stdout').getByText('Hi there, GRACE').waitFor();
  await shot(page, 'exercise run with own input');
}
