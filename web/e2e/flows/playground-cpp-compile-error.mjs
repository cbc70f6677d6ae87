import { assert, shot, isInteractive } from '../fixtures.mjs';

export const title = 'a C++ compile error puts a marker on its line';

export default async function flow(t) {
  const s = await t.learnerPage();
  const { page, openPlayground } = s;
  // Every run the page starts: a POST or, from the playground, an interactive socket.
  let executionPosts = 0;
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/api/v1/executions')) executionPosts++;
  });
  page.on('websocket', (ws) => {
    if (isInteractive(ws)) executionPosts++;
  });
  await openPlayground();
  const broken = [
    '#include <iostream>',
    '',
    'int main() {',
    '    int x = 1;',
    '    std::cout << x << std::endl',
    '    return 0;',
    '}',
    '',
  ].join('\n');
  await page.evaluate(
    (code) => localStorage.setItem('codestead.playground.draft.cpp', JSON.stringify({ code, savedAt: new Date().toISOString() })),
    broken,
  );
  await page.getByLabel('Language').selectOption('cpp');
  await page.locator('.monaco-editor .view-lines').getByText('std::endl').waitFor();
  await page.locator('.monaco-editor .view-lines').click();
  const postsBefore = executionPosts;
  await Promise.all([page.waitForEvent('websocket', isInteractive), page.keyboard.press('Control+Enter')]);
  await page.locator('[data-testid="run-status"][data-status="compile_error"]').waitFor();
  await page.getByTestId('problems').getByText('Line 5').waitFor();
  assert(executionPosts - postsBefore === 1, `one Ctrl+Enter in the editor sent ${executionPosts - postsBefore} runs`);
  const squiggle = page.locator('.monaco-editor .squiggly-error').first();
  await squiggle.waitFor();
  // The squiggle must sit on the row whose line number reads 5.
  const row = await page.evaluate(() => {
    const sq = document.querySelector('.monaco-editor .squiggly-error').getBoundingClientRect();
    const mid = sq.top + sq.height / 2;
    const num = [...document.querySelectorAll('.monaco-editor .line-numbers')].find((n) => {
      const r = n.getBoundingClientRect();
      return r.top <= mid && mid <= r.bottom;
    });
    return num?.textContent?.trim() ?? null;
  });
  assert(row === '5', `the error marker is on line ${row}, expected 5`);
  await shot(page, 'cpp compile error marker');
}
