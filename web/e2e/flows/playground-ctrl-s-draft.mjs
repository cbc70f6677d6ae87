export const title = 'Ctrl+S saves a draft that survives a reload';

export default async function flow(t) {
  const s = await t.learnerPage();
  const { page, openPlayground } = s;
  await openPlayground();
  await page.getByLabel('Language').selectOption('python');
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+End');
  // insertText, not type: Monaco's completion would otherwise accept suggestions mid-word.
  await page.keyboard.press('Enter');
  await page.keyboard.insertText('#kept_by_ctrl_s');
  await page.keyboard.press('Control+S');
  await page.getByTestId('draft-status').filter({ hasText: 'Draft saved' }).waitFor();
  await page.reload();
  await page.locator('.monaco-editor .view-lines').getByText('#kept_by_ctrl_s').waitFor();
}
