import { apiAs, assert, axeViolations, shot } from '../fixtures.mjs';
import { bypassCsp, classWithTwoStudents } from '../helpers/classrooms.mjs';

export const title = 'the teacher comments on the failing line and the student sees the comment';

export default async function flow(fx) {
  const { cs, classUrl, teacher, passer, failer } = await classWithTwoStudents(fx, { graded: true });
  const t = teacher.page;
  await t.goto(classUrl);
  await t.getByRole('link', { name: `Fay Student${cs}` }).click();
  await t.getByText('Last failing test:').waitFor();
  await t.getByRole('link', { name: 'Review the failing attempt' }).click();
  await t.waitForURL(/\/review\/submission:/);
  const failedId = new URL(t.url()).pathname.split(':').pop();
  await t.getByTestId('review-code').getByText('print("Hi " + name)').waitFor();
  await t.getByRole('button', { name: 'Comment on line 2' }).click();
  await t.getByLabel('Your comment on line 2').fill('Compare your greeting with the expected one: which words and punctuation?');
  await t.getByRole('button', { name: 'Comment', exact: true }).click();
  await t.getByTestId('thread').getByText('Compare your greeting').waitFor();
  await shot(t, 'classroom review teacher');

  const s = failer.page;
  await s.goto('/dashboard');
  // At 375 px the header has no room for the bell: the count is in the navigation menu.
  await s.getByRole('button', { name: 'Open navigation' }).click();
  await s.getByRole('link', { name: 'Notifications (1 unread)' }).click();
  await s
    .getByTestId('notifications')
    .getByRole('link', { name: /commented on your code \(line 2\)/ })
    .click();
  await s.waitForURL(`**/review/submission:${failedId}`);
  await s.getByRole('heading', { level: 1, name: 'Comments on your code' }).waitFor();
  await s.getByTestId('thread').getByText('Compare your greeting with the expected one').waitFor();
  // Nobody else reads it: the student who passed gets a 404.
  const other = await apiAs(passer.page, `/comments?target=submission:${failedId}`);
  assert(other.status === 404, `a classmate read the comments: ${other.status}`);
  const overflow = await s.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert(overflow <= 0, `the review page scrolls sideways at 375 px (${overflow} px)`);
  await shot(s, 'classroom review student 375px');
  // axe is injected as a script, which the CSP refuses: lifted for this page's next load only.
  const review = await bypassCsp(failer, async () => {
    await s.reload();
    await s.getByTestId('thread').waitFor();
    return axeViolations(s);
  });
  assert(review.length === 0, `review page: ${review.join('; ')}`);
}
