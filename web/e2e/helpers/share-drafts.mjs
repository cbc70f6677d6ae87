// The share-drafts flows (issue 19 items 8 and 2): each learner in a browser context of their
// own, so nothing of another session helps; the API is called as the page's learner.
import { apiAs, assert, PASSWORD } from '../fixtures.mjs';

export const GREET = 'def greet(name):\n    return f"Hello, {name}!"\n\nprint(greet("share"))\n';

/** Registers through the form (at `from`, or the form already on screen when `from` is null). */
export async function registerIn(p, first, last, mail, from = '/register', password = PASSWORD) {
  if (from) await p.goto(from);
  await p.getByLabel('First name').fill(first);
  await p.getByLabel('Last name').fill(last);
  await p.getByLabel('E-mail').fill(mail);
  await p.getByLabel('Password').fill(password);
  const [reg] = await Promise.all([
    p.waitForResponse((r) => r.url().endsWith('/api/v1/auth/register')),
    p.getByRole('button', { name: 'Create account' }).click(),
  ]);
  assert(reg.status() === 201, `register answered ${reg.status()}: ${await reg.text()}`);
}

/** A project of the page's learner with these files; returns it with its file ids by path. */
export async function projectWith(p, title, files) {
  const created = await apiAs(p, '/projects', { method: 'POST', body: { title, description: 'Greets whoever runs it' } });
  assert(created.status === 201, `POST /projects answered ${created.status}: ${JSON.stringify(created.body)}`);
  const ids = {};
  for (const [path, content] of Object.entries(files)) {
    const f = await apiAs(p, `/projects/${created.body.id}/files`, { method: 'POST', body: { path, content } });
    assert(f.status === 201, `POST file ${path} answered ${f.status}: ${JSON.stringify(f.body)}`);
    ids[path] = f.body.id;
  }
  return { project: created.body, ids };
}

export async function fileText(p, projectId, fileId) {
  const r = await apiAs(p, `/projects/${projectId}/files/${fileId}`);
  assert(r.status === 200, `GET file answered ${r.status}`);
  return r.body;
}
