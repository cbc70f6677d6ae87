import { axeViolations, assert } from '../fixtures.mjs';
import { assertNoPageErrors, collabStamp, openDialog, pairProject, person } from '../helpers/collab.mjs';

export const title = 'the collaborators dialog has no serious accessibility violations in either theme';

export default async function flow(t) {
  // Olive's project and Milo, not yet a collaborator: the dialog invites him in each theme.
  const stamp = collabStamp();
  const pageErrors = [];
  const owner = await person(t, pageErrors, 'Olive', `olive${stamp}`);
  const mate = await person(t, pageErrors, 'Milo', `milo${stamp}`);
  const { project } = await pairProject(owner, stamp, 'print("start")\n');
  const p = owner.page;
  t.currentPage = p;
  // axe is injected as a script, which the CSP forbids: bypassed from the next load on.
  const cdp = await owner.ctx.newCDPSession(p);
  await cdp.send('Page.setBypassCSP', { enabled: true });
  const problems = [];
  try {
    for (const theme of ['light', 'dark']) {
      await p.evaluate((t) => localStorage.setItem('codestead.theme', t), theme);
      await p.goto(`/projects/${project.id}`);
      const dialog = await openDialog(p);
      await dialog.getByLabel('Username').fill(mate.username);
      await dialog.getByRole('button', { name: 'Invite' }).click();
      await dialog.getByTestId('collaborators').getByText(`@${mate.username}`).waitFor();
      const dark = await p.evaluate(() => document.documentElement.classList.contains('dark'));
      assert(dark === (theme === 'dark'), `the page is not in the ${theme} theme`);
      for (const v of await axeViolations(p, '[role="dialog"]')) problems.push(`${theme}: ${v}`);
      await p.keyboard.press('Escape');
    }
  } finally {
    await cdp.send('Page.setBypassCSP', { enabled: false });
    await cdp.detach();
  }
  assert(problems.length === 0, `axe: ${problems.join(' | ')}`);
  assertNoPageErrors(pageErrors);
}
