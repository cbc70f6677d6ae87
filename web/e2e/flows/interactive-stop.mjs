import { assert, shot, isInteractive, typeIntoEditor } from '../fixtures.mjs';

export const title = 'Stop, reached from the keyboard, ends an endless loop in the playground';

export default async function flow(t) {
  const s = await t.learnerPage();
  const { page, openPlayground } = s;
  await openPlayground();
  await page.getByLabel('Language').selectOption('python');
  await typeIntoEditor(page, "print('spinning')\nwhile True:\n    pass");
  await Promise.all([page.waitForEvent('websocket', isInteractive), page.getByRole('button', { name: /^Run/ }).click()]);
  await page.getByTestId('console-transcript').filter({ hasText: 'spinning' }).waitFor();
  await page.getByLabel('Input for the running program').focus();
  // The input line, then End input, then Stop.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement?.textContent);
  assert(focused === 'Stop', `two Tabs from the input line reached ${focused}`);
  await page.keyboard.press('Enter');
  await page
    .locator('[data-testid="run-status"]')
    .filter({ hasText: /^Stopped$/ })
    .waitFor();
  await shot(page, 'interactive stop');
}
