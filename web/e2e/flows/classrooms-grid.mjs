import { apiAs, assert, shot } from '../fixtures.mjs';
import { classWithTwoStudents } from '../helpers/classrooms.mjs';
import { solution } from '../helpers/learn.mjs';

export const title = 'one student passes and one fails, and the grid shows both';

export default async function flow(fx) {
  const { cs, classUrl, teacher, passer, failer } = await classWithTwoStudents(fx);
  assert(classUrl, 'no class');
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
  const t = teacher.page;
  await t.goto(classUrl);
  const grid = t.getByTestId('grid');
  await grid.waitFor();
  const statusOf = (first) =>
    grid
      .locator('tr', { hasText: `${first} Student${cs}` })
      .locator('[data-status]')
      .getAttribute('data-status');
  assert((await statusOf('Pat')) === 'done', `Pat shows ${await statusOf('Pat')}`);
  assert((await statusOf('Fay')) === 'failing', `Fay shows ${await statusOf('Fay')}`);
  await shot(t, 'classroom grid');
}
