import { assert } from '../fixtures.mjs';

export const title = 'Format Document formats JavaScript';

export default async function flow(t) {
  const s = await t.learnerPage();
  const { page, openPlayground } = s;
  await openPlayground();
  await page.evaluate(() =>
    localStorage.setItem(
      'codestead.playground.draft.javascript',
      JSON.stringify({ code: 'const  point={x:1,y:2};console.log( point.x )\n', savedAt: '' }),
    ),
  );
  await page.getByLabel('Language').selectOption('javascript');
  await page.locator('.monaco-editor .view-lines').getByText('point').first().waitFor();
  await page.getByRole('button', { name: 'Format' }).click();
  const viewText = () => page.evaluate(() => document.querySelector('.monaco-editor .view-lines').innerText.replace(/\u00a0/g, ' '));
  // The formatter loads on first use: wait for the editor to change (a step's timeout), no polling sleep.
  await page
    .waitForFunction(() =>
      document
        .querySelector('.monaco-editor .view-lines')
        ?.innerText.replace(/\u00a0/g, ' ')
        .includes('const point = { x: 1, y: 2 };'),
    )
    .catch(() => {});
  const text = await viewText();
  assert(text.includes('const point = { x: 1, y: 2 };') && text.includes('console.log(point.x)'), `not formatted: ${JSON.stringify(text)}`);
}
