import { assert, axeViolations } from '../fixtures.mjs';
import { publishedProject } from '../helpers/projects.mjs';

export const title = 'the project and portfolio pages have no serious accessibility violations in either theme';

export default async function flow(t) {
  const s = await t.learnerPage();
  const { page, context, ensureLoggedIn, who } = s;
  const published = await publishedProject(t, who);
  assert(published, 'the projects flow did not get as far as publishing a project');
  await ensureLoggedIn();
  const problems = [];
  const cdp = await context.newCDPSession(page);
  await cdp.send('Page.setBypassCSP', { enabled: true });
  try {
    for (const theme of ['light', 'dark']) {
      await page.evaluate((t) => localStorage.setItem('codestead.theme', t), theme);
      for (const path of [
        '/projects',
        `/projects/${published.id}`,
        `/u/${published.username}`,
        `/u/${published.username}/${published.id}`,
      ]) {
        await page.goto(path);
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        if (path === `/projects/${published.id}`) await page.locator('.monaco-editor').waitFor();
        for (const v of await axeViolations(page)) problems.push(`${theme} ${path}: ${v}`);
      }
    }
  } finally {
    await cdp.send('Page.setBypassCSP', { enabled: false });
    await cdp.detach();
  }
  assert(problems.length === 0, problems.join('\n'));
}
