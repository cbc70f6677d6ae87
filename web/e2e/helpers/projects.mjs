// Projects as a flow's starting point, made through the API (the projects flows test the pages
// that make them).
import { assert, mailedLink } from '../fixtures.mjs';

/** Follows the verification e-mail sent to `who` on registering (publishing needs a verified address). */
export async function verifyEmail(t, who) {
  const link = await mailedLink(t.dataDir, who.email, '/verify-email');
  const token = new URL(link).searchParams.get('token');
  const res = await t.api(who.token, 'POST', '/auth/verify-email', { token });
  assert(res.status < 300, `POST /auth/verify-email answered ${res.status}: ${JSON.stringify(res.body)}`);
}

/** A project of `who` with these files; returns `{ project, ids }` (file ids by path). */
export async function projectOf(t, who, body, files) {
  const created = await t.api(who.token, 'POST', '/projects', body);
  assert(created.status === 201, `POST /projects answered ${created.status}: ${JSON.stringify(created.body)}`);
  const ids = {};
  for (const [path, content] of Object.entries(files)) {
    const f = await t.api(who.token, 'POST', `/projects/${created.body.id}/files`, { path, content });
    assert(f.status === 201, `POST file ${path} answered ${f.status}: ${JSON.stringify(f.body)}`);
    ids[path] = f.body.id;
  }
  return { project: created.body, ids };
}

/**
 * A public Python project on `who`'s public profile, as the projects flow leaves one: returns
 * `{ username, id }`.
 */
export async function publishedProject(t, who) {
  await verifyEmail(t, who);
  const { project } = await projectOf(t, who, { title: `Published ${Date.now()}`, isPublic: true }, { 'main.py': 'print("on show")\n' });
  const me = await t.api(who.token, 'PATCH', '/me', { isPublic: true });
  assert(me.status === 200, `making the profile public answered ${me.status}: ${JSON.stringify(me.body)}`);
  assert(project.isPublic === true, `the project is not public: ${JSON.stringify(project)}`);
  return { username: me.body.username, id: project.id };
}
