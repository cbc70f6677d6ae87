import { assert, axeViolations } from '../fixtures.mjs';
import { bypassCsp, classWithTwoStudents } from '../helpers/classrooms.mjs';

export const title = 'the class page has no serious accessibility violations, for its teacher (grid) and for a student at 375 px';

export default async function flow(fx) {
  const { cs, classUrl, teacher, failer } = await classWithTwoStudents(fx, { graded: true });
  const problems = [];
  for (const [who, label] of [
    [teacher, 'teacher'],
    [failer, 'student at 375 px'],
  ]) {
    const p = who.page;
    await bypassCsp(who, async () => {
      await p.goto(classUrl);
      await p.getByRole('heading', { level: 1, name: `Period ${cs}` }).waitFor();
      await p.waitForLoadState('networkidle');
      for (const v of await axeViolations(p)) problems.push(`${label}: ${v}`);
    });
  }
  assert(problems.length === 0, problems.join('; '));
}
