import { assert, axeViolations } from '../fixtures.mjs';

export const title = 'home, login, register, settings and playground have no serious accessibility violations in either theme';

export default async function flow(t) {
  const s = await t.learnerPage();
  const { page, context, ensureLoggedIn } = s;
  await ensureLoggedIn();
  const problems = [];
  // axe is injected as a script, which the server's CSP rightly forbids: lift it for this test only.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Page.setBypassCSP', { enabled: true });
  for (const theme of ['light', 'dark']) {
    await page.evaluate((t) => localStorage.setItem('codestead.theme', t), theme);
    for (const path of ['/settings', '/playground']) {
      await page.goto(path);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      if (path === '/playground')
        await page
          .locator('.monaco-editor')
          .waitFor({ timeout: 5000 })
          .catch(() => {});
      for (const v of await axeViolations(page)) problems.push(`${theme} ${path}: ${v}`);
    }
  }
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL('**/login');
  for (const theme of ['light', 'dark']) {
    await page.evaluate((t) => localStorage.setItem('codestead.theme', t), theme);
    for (const path of ['/', '/login', '/register']) {
      await page.goto(path);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      for (const v of await axeViolations(page)) problems.push(`${theme} ${path}: ${v}`);
    }
  }
  await cdp.send('Page.setBypassCSP', { enabled: false });
  await cdp.detach();
  assert(problems.length === 0, problems.join('\n'));
}
