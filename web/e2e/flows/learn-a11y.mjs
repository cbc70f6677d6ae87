import { assert, axeViolations } from '../fixtures.mjs';

export const title = 'the learning pages have no serious accessibility violations in either theme';

export default async function flow(t) {
  const s = await t.learnerPage();
  const { page, context, ensureLoggedIn } = s;
  await ensureLoggedIn();
  const problems = [];
  const cdp = await context.newCDPSession(page);
  await cdp.send('Page.setBypassCSP', { enabled: true });
  for (const theme of ['light', 'dark']) {
    await page.evaluate((t) => localStorage.setItem('codestead.theme', t), theme);
    for (const path of [
      '/learn',
      '/learn/tracks/python',
      '/learn/python-hello-world',
      '/learn/python-ex-greeting',
      '/learn/bookmarks',
      '/dashboard',
      '/search?q=loop',
    ]) {
      await page.goto(path);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      if (path === '/learn/python-ex-greeting') await page.locator('.monaco-editor').waitFor();
      if (path === '/learn/python-ex-greeting') {
        // With results and a hint on screen, so their colours are checked too.
        await page.getByRole('button', { name: /^Check/ }).click();
        await page.getByTestId('test-result').first().waitFor();
        await page.getByRole('button', { name: /^Show a hint/ }).click();
      }
      if (path === '/learn/tracks/python') await page.getByTestId('locked-reason').first().waitFor();
      if (path === '/dashboard') await page.getByTestId('badge').first().waitFor();
      if (path.startsWith('/search')) await page.getByTestId('search-result').first().waitFor();
      for (const v of await axeViolations(page)) problems.push(`${theme} ${path}: ${v}`);
    }
  }
  await cdp.send('Page.setBypassCSP', { enabled: false });
  await cdp.detach();
  assert(problems.length === 0, problems.join('\n'));
}
