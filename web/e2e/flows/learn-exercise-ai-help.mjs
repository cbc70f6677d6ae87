import { assert, shot } from '../fixtures.mjs';

export const title = 'on a failing exercise, Get AI help sends the exercise and its failing tests to the tutor';

export default async function flow(t) {
  const s = await t.learnerPage();
  const { page } = s;
  // A failing attempt on the starter code first: that is when the page offers help.
  await page.goto('/learn/python-ex-greeting');
  await page.locator('.monaco-editor .view-lines').getByText('input()').first().waitFor();
  await page.getByRole('button', { name: /^Check/ }).click();
  await page.locator('[data-testid="test-result"][data-passed="false"]').first().waitFor();
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/tutor/messages') && r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Get AI help' }).click(),
  ]);
  assert(res.status() === 200, `POST /tutor/messages answered ${res.status()}: ${await res.text()}`);
  const sent = res.request().postDataJSON();
  assert(/^[0-9a-f-]{36}$/.test(sent.context.contentId ?? ''), `sent contentId ${JSON.stringify(sent.context.contentId)}`);
  assert(sent.context.failingTests?.length > 0, `sent no failing tests: ${JSON.stringify(sent.context)}`);
  const answer = page.locator('[data-testid="tutor-answer"][data-streaming="false"]').last();
  await answer.waitFor();
  assert((await answer.innerText()).trim().length > 0, 'the tutor answered nothing');
  await shot(page, 'exercise tutor');
  await page.getByRole('button', { name: 'Close the tutor' }).click();
  await page.getByTestId('tutor-panel').waitFor({ state: 'detached' });
}
