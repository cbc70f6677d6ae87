// ---- js-trace flows ----
// Issue 12 item 1 for JavaScript: the same step-through on a JavaScript loop (traced by
// source instrumentation in the sandbox).
import { assert, shot } from '../fixtures.mjs';

export const title = 'step through a JavaScript loop: the highlighted line and total change step by step';

export default async function flow(t) {
  const s = await t.learnerPage();
  const { page, ensureLoggedIn, openPlayground } = s;
  await ensureLoggedIn();
  await openPlayground();
  await page.getByLabel('Language').selectOption('javascript');
  const lines = page.locator('.monaco-editor .view-lines');
  await lines.click();
  await page.keyboard.press('Control+A');
  // No braces: Monaco would close and indent them while the text is inserted.
  const code = 'let total = 0;\nfor (let i = 0; i < 3; i++) total += i;\nconsole.log(total);';
  await page.keyboard.insertText(code);
  await page.keyboard.press('Escape');
  await page.waitForFunction(
    (want) => document.querySelector('.monaco-editor .view-lines')?.innerText.replace(/\u00a0/g, ' ') === want,
    code,
  );
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/executions') && r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Step through' }).click(),
  ]);
  assert(res.status() === 200, `POST /executions answered ${res.status()}: ${await res.text()}`);
  const sent = JSON.parse(res.request().postData());
  assert(sent.trace === true && sent.language === 'javascript', `Step through sent ${JSON.stringify(sent)}`);
  const view = page.getByTestId('trace-view');
  const counter = view.getByTestId('trace-counter');
  const announcement = view.getByTestId('trace-announcement');
  const total = view.locator('tr[data-variable="total"]');
  // Steps: line 1, the for, then the test and the body three times, the last test, line 3, the end.
  await counter.filter({ hasText: 'Step 1 of 11' }).waitFor();
  assert((await total.count()) === 0, 'total is shown before line 1 ran');
  await page.keyboard.press('ArrowRight');
  await announcement.filter({ hasText: 'Line 2, step 2 of 11' }).waitFor();
  await total.filter({ hasText: 'new' }).locator('[data-testid="trace-value"]').filter({ hasText: /^0$/ }).waitFor();
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
  await counter.filter({ hasText: 'Step 7 of 11' }).waitFor();
  // The test `i < 3` with i = 2, after `total += i` ran with i = 1.
  await total.filter({ hasText: 'changed, was 0' }).locator('[data-testid="trace-value"]').filter({ hasText: /^1$/ }).waitFor();
  await page.keyboard.press('End');
  await announcement.filter({ hasText: /^Line 3, step 11 of 11: the top-level code ends/ }).waitFor();
  await view
    .getByTestId('trace-output')
    .filter({ hasText: /^3\s*$/ })
    .waitFor();
  await shot(page, 'step-through of a JavaScript loop');
  await page.keyboard.press('Escape');
  await view.waitFor({ state: 'detached' });
}
