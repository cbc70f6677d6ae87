import { assert } from '../fixtures.mjs';

export const title = 'marking the lesson complete records it, and leaving it writes the reading progress';

export default async function flow(t) {
  const s = await t.learnerPage();
  const { page } = s;
  await page.goto('/learn/python-hello-world');
  await page.getByRole('heading', { name: 'Text and numbers' }).waitFor();
  const [done] = await Promise.all([
    page.waitForResponse((r) => /\/progress\/[0-9a-f-]+\/complete$/.test(r.url())),
    page.getByRole('button', { name: 'Mark complete' }).click(),
  ]);
  assert(done.ok(), `POST /complete answered ${done.status()}: ${await done.text()}`);
  await page.getByText('You completed this lesson.').waitFor();
  await page.getByTestId('item-done').waitFor();
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  const [write] = await Promise.all([
    page.waitForRequest((r) => r.method() === 'PUT' && /\/api\/v1\/progress\/[0-9a-f-]+$/.test(r.url())),
    page.getByRole('link', { name: /^Next: Greet the user/ }).click(),
  ]);
  const body = write.postDataJSON();
  assert(body.progressPercentage === 100, `the last write said ${JSON.stringify(body)}, expected 100 % read`);
  await page.waitForURL('**/learn/python-ex-greeting');
}
