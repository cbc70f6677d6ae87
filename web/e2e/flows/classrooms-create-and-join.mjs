// ---- classrooms flows ----
import { assert, shot, uniqueStamp } from '../fixtures.mjs';
import { person, signUp } from '../helpers/classrooms.mjs';

export const title = 'a teacher creates a class and an exercise assignment, and two students join with the code';

export default async function flow(fx) {
  const cs = uniqueStamp();
  const teacher = await person(fx);
  const passer = await person(fx);
  const failer = await person(fx, { width: 375, height: 800 });
  const t = teacher.page;
  await signUp(t, 'Tess', `Teacher${cs}`, `teacher-${cs}@example.com`);
  await t.goto('/classes');
  const [became] = await Promise.all([
    t.waitForResponse((r) => r.url().endsWith('/api/v1/me/teacher')),
    t.getByRole('button', { name: 'or become a teacher' }).click(),
  ]);
  assert(became.status() === 204, `POST /me/teacher answered ${became.status()} (the e2e server allows self-service)`);
  await t.getByLabel('Class name').fill(`Period ${cs}`);
  await t.getByRole('button', { name: 'Create class' }).click();
  await t.waitForURL(/\/classes\/[0-9a-f-]{36}$/);
  const classUrl = new URL(t.url()).pathname;
  await t.getByRole('heading', { level: 1, name: `Period ${cs}` }).waitFor();
  const joinCode = (await t.getByTestId('join-code').innerText()).trim();
  assert(/^[2-9A-HJKMNP-Z]{8}$/.test(joinCode), `join code ${joinCode}`);
  await t.getByLabel('Slug').fill('python-ex-greeting');
  await t.getByRole('button', { name: 'Assign' }).click();
  await t.getByTestId('assignment-list').getByText('Greet the user').waitFor();
  await shot(t, 'classroom teacher class page');

  for (const [who, first] of [
    [passer, 'Pat'],
    [failer, 'Fay'],
  ]) {
    await signUp(who.page, first, `Student${cs}`, `${first.toLowerCase()}-${cs}@example.com`);
    // The join link fills the code in.
    await who.page.goto(`/classes/join?code=${joinCode.toLowerCase()}`);
    await who.page.getByRole('button', { name: 'Join' }).click();
    await who.page.waitForURL(`**${classUrl}`);
    await who.page.getByTestId('my-assignments').getByText('Greet the user').waitFor();
  }
  // A wrong code is refused on the form, naming the field.
  await failer.page.goto('/classes');
  await failer.page.getByLabel('Join code').fill('WRONGCDE');
  await failer.page.getByRole('button', { name: 'Join' }).click();
  await failer.page.getByText('no class has this join code; check it with your teacher', { exact: true }).waitFor();
  await failer.page.goto(classUrl);
  await failer.page.getByTestId('my-assignments').waitFor();
  const overflow = await failer.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert(overflow <= 0, `the student's class page scrolls sideways at 375 px (${overflow} px)`);
  await shot(failer.page, 'classroom student class page 375px');
}
