import { readFileSync } from 'node:fs';
import { assert } from '../fixtures.mjs';
import { classWithTwoStudents } from '../helpers/classrooms.mjs';

export const title = 'the grid downloads as CSV';

export default async function flow(fx) {
  const { cs, classUrl, teacher } = await classWithTwoStudents(fx, { graded: true });
  const t = teacher.page;
  await t.goto(classUrl);
  await t.getByTestId('grid').waitFor();
  const [download] = await Promise.all([t.waitForEvent('download'), t.getByRole('button', { name: 'Download CSV' }).click()]);
  assert(download.suggestedFilename() === 'grid.csv', `downloaded ${download.suggestedFilename()}`);
  const path = await download.path();
  const csv = readFileSync(path, 'utf8');
  const lines = csv.trim().split('\n');
  assert(lines[0] === 'username,name,Greet the user,done,stuck', `header ${lines[0]}`);
  assert(
    lines.some((l) => l.includes(`Pat Student${cs},done,1/1`)),
    csv,
  );
  assert(
    lines.some((l) => l.includes(`Fay Student${cs},failing,0/1`)),
    csv,
  );
}
