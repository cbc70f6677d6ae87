import { assert, axeViolations, uniqueStamp } from '../fixtures.mjs';
import { projectOf } from '../helpers/projects.mjs';
import { GREET, registerIn } from '../helpers/share-drafts.mjs';

export const title = 'the share page has no serious accessibility violations in either theme, for a visitor and a signed-in learner';

export default async function flow(t) {
  // A project shared by a learner of this flow's own, made through the API.
  const stamp = uniqueStamp();
  const sharer = await t.learner({ firstName: 'Sharer' });
  const { project } = await projectOf(
    t,
    sharer,
    { title: `Greeter ${stamp}`, description: 'Greets whoever runs it' },
    { 'main.py': GREET },
  );
  const share = await t.api(sharer.token, 'POST', `/projects/${project.id}/share`);
  assert(share.status === 200, `POST share answered ${share.status}`);
  const sharedLink = share.body.url;
  assert(sharedLink, 'the share answer has no link');
  const problems = [];
  for (const signedIn of [false, true]) {
    const v = await t.newPage();
    try {
      if (signedIn) {
        await registerIn(v.page, 'Axe', `Reader${stamp}`, `axe-reader-${stamp}@example.com`);
        await v.page.waitForURL('**/dashboard');
      }
      const cdp = await v.ctx.newCDPSession(v.page);
      await cdp.send('Page.setBypassCSP', { enabled: true });
      for (const theme of ['light', 'dark']) {
        await v.page.goto('/');
        await v.page.evaluate((t) => localStorage.setItem('codestead.theme', t), theme);
        await v.page.goto(sharedLink);
        await v.page.getByTestId('code-view').locator('.hljs-keyword').first().waitFor();
        await (signedIn ? v.page.getByRole('button', { name: 'Copy to my projects' }) : v.page.getByTestId('copy-signin')).waitFor();
        const dark = await v.page.evaluate(() => document.documentElement.classList.contains('dark'));
        assert(dark === (theme === 'dark'), `the ${theme} theme did not apply`);
        for (const x of await axeViolations(v.page)) problems.push(`${theme} ${signedIn ? 'signed in' : 'visitor'}: ${x}`);
      }
      await cdp.detach();
    } finally {
      await v.ctx.close();
    }
  }
  assert(problems.length === 0, problems.join('\n'));
}
