// The collaboration flows (issue 16 item 1, web): two people, each in a browser context of their
// own, on one project file. Set-up another flow tests through the pages (a project, its file, an
// invited editor) is made here through the API.
import { apiAs, assert, uniqueStamp } from '../fixtures.mjs';

export const SECRET = 'collab-Heron-lantern-57';

/** A username no other flow of this run has (3–30 of `a-z 0-9 _ -`). */
export const collabStamp = () => uniqueStamp().replace(/-/g, '');

/**
 * A signed-in person in a browser context of their own (made by `t`, closed after the flow), on
 * the dashboard. Their page's uncaught errors go into `pageErrors`, named by username.
 */
export async function person(t, pageErrors, firstName, username) {
  const ctx = await t.newContext();
  const email = `${username}@example.com`;
  const reg = await ctx.request.post('/api/v1/auth/register', {
    data: { email, password: SECRET, firstName, lastName: 'Collab', username },
  });
  assert(reg.status() === 201, `register ${username} answered ${reg.status()}: ${await reg.text()}`);
  const login = await ctx.request.post('/api/v1/auth/login', { data: { email, password: SECRET } });
  assert(login.ok(), `login ${username} answered ${login.status()}`);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${username}: ${e}`));
  await page.goto('/dashboard');
  return { ctx, page, username, name: `${firstName} Collab` };
}

/** What the block's last test checked over all its pages: none threw (each flow checks its own). */
export function assertNoPageErrors(pageErrors) {
  assert(pageErrors.length === 0, `page errors: ${pageErrors.slice(0, 5).join(' | ')}`);
}

/** The owner's project `Pair <stamp>` with one file, main.py: returns `{ project, fileId }`. */
export async function pairProject(owner, stamp, content) {
  const created = await apiAs(owner.page, '/projects', {
    method: 'POST',
    body: { title: `Pair ${stamp}`, description: 'Written together' },
  });
  assert(created.status === 201, `POST /projects answered ${created.status}`);
  const project = created.body;
  const f = await apiAs(owner.page, `/projects/${project.id}/files`, {
    method: 'POST',
    body: { path: 'main.py', content },
  });
  assert(f.status === 201, `POST file answered ${f.status}`);
  return { project, fileId: f.body.id };
}

/** The text Monaco shows (every line of these short files is on screen). */
export const editorText = (p) => p.locator('[data-testid="editor"] .view-lines').evaluate((el) => el.innerText.replace(/\u00a0/g, ' '));

export const waitForText = (p, pieces, absent = []) =>
  p.waitForFunction(
    ([pieces, absent]) => {
      const t = document.querySelector('[data-testid="editor"] .view-lines')?.innerText.replace(/\u00a0/g, ' ') ?? '';
      return pieces.every((x) => t.includes(x)) && absent.every((x) => !t.includes(x));
    },
    [pieces, absent],
  );

export const liveStatus = (p, status) => p.locator(`[data-testid="live-status"][data-status="${status}"]`).waitFor();

/** Types like a person (key by key) at the start or the end of the file. */
export async function typeAt(p, where, text) {
  await p.locator('[data-testid="editor"] .view-lines').click();
  await p.keyboard.press(where === 'start' ? 'Control+Home' : 'Control+End');
  await p.keyboard.type(text, { delay: 25 });
}

export async function openDialog(p) {
  await p.getByRole('button', { name: /^Collaborators/ }).click();
  const dialog = p.getByRole('dialog', { name: 'Collaborators' });
  await dialog.waitFor();
  return dialog;
}
