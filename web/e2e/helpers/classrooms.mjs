// The classrooms flows (issue 15): a teacher runs a class. Each person has a browser context of
// their own; the students grade their attempts through the page's own fetch (real sandbox
// grading, same cookies and CSRF check as the editor's Check).
import { apiAs, assert, PASSWORD, uniqueStamp, withCspBypassed } from '../fixtures.mjs';
import { solution } from './learn.mjs';

/** A person at their own browser: `{ ctx, page }` (downloads allowed, for the grid's CSV). */
export const person = (t, viewport) => t.newPage({ viewport, acceptDownloads: true });

export async function signUp(p, first, last, mail) {
  await p.goto('/register');
  await p.getByLabel('First name').fill(first);
  await p.getByLabel('Last name').fill(last);
  await p.getByLabel('E-mail').fill(mail);
  await p.getByLabel('Password').fill(PASSWORD);
  const [reg] = await Promise.all([
    p.waitForResponse((r) => r.url().endsWith('/api/v1/auth/register')),
    p.getByRole('button', { name: 'Create account' }).click(),
  ]);
  assert(reg.status() === 201, `register answered ${reg.status()}: ${await reg.text()}`);
  await p.waitForURL('**/dashboard');
}

/** axe is injected as a script tag, which the app's CSP refuses: lifted for the check's own loads. */
export const bypassCsp = (who, fn) => withCspBypassed(who.ctx, who.page, fn);

/**
 * Where the class flows start, made through the API: a teacher's class `Period <cs>` with the
 * exercise python-ex-greeting assigned, and two students, Pat and Fay `Student<cs>` (Fay at
 * 375 px), joined with its code. With `graded`, Pat has passed it and Fay has failed it.
 */
export async function classWithTwoStudents(t, { graded = false } = {}) {
  const cs = uniqueStamp();
  const teacher = await person(t);
  const passer = await person(t);
  const failer = await person(t, { width: 375, height: 800 });
  const tess = await t.learner({ ctx: teacher.ctx, firstName: 'Tess', lastName: `Teacher${cs}` });
  const became = await t.api(tess.token, 'POST', '/me/teacher');
  assert(became.status === 204, `POST /me/teacher answered ${became.status} (the e2e server allows self-service)`);
  const made = await t.api(tess.token, 'POST', '/classes', { name: `Period ${cs}` });
  assert(made.status === 201, `POST /classes answered ${made.status}: ${JSON.stringify(made.body)}`);
  const classUrl = `/classes/${made.body.id}`;
  const assigned = await t.api(tess.token, 'POST', `/classes/${made.body.id}/assignments`, { kind: 'item', target: 'python-ex-greeting' });
  assert(assigned.status === 201, `POST assignments answered ${assigned.status}: ${JSON.stringify(assigned.body)}`);
  for (const [who, first] of [
    [passer, 'Pat'],
    [failer, 'Fay'],
  ]) {
    const student = await t.learner({ ctx: who.ctx, firstName: first, lastName: `Student${cs}` });
    const joined = await t.api(student.token, 'POST', '/classes/join', { code: made.body.joinCode });
    assert(joined.status < 300, `${first} joining answered ${joined.status}: ${JSON.stringify(joined.body)}`);
  }
  // The page's fetch needs the app's origin.
  for (const who of [teacher, passer, failer]) await who.page.goto('/dashboard');
  if (graded) {
    const pass = await apiAs(passer.page, '/exercises/python-ex-greeting/submissions', {
      method: 'POST',
      body: { language: 'python', code: solution },
    });
    assert(pass.status === 200 && pass.body.passed, `the reference solution was graded ${JSON.stringify(pass.body)}`);
    const fail = await apiAs(failer.page, '/exercises/python-ex-greeting/submissions', {
      method: 'POST',
      body: { language: 'python', code: 'name = input()\nprint("Hi " + name)\n' },
    });
    assert(fail.status === 200 && !fail.body.passed, `the wrong answer was graded ${JSON.stringify(fail.body)}`);
  }
  return { cs, classUrl, joinCode: made.body.joinCode, teacher, passer, failer };
}
