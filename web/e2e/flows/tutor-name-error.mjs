// The tutor flow of issue 6: an error in the playground → Get AI help → a streamed explanation.
import { assert, shot } from '../fixtures.mjs';
import { askTutorAboutNameError } from '../helpers/tutor.mjs';

export const title = 'a Python NameError → Get AI help → a streamed explanation of line 3, rated, listed on /tutor';

export default async function flow(t) {
  const s = await t.learnerPage();
  const { page } = s;
  const { res, answer, program } = await askTutorAboutNameError(s);
  assert(res.status() === 200, `POST /tutor/messages answered ${res.status()}`);
  assert((res.headers()['content-type'] ?? '').startsWith('text/event-stream'), `answered ${res.headers()['content-type']}, not a stream`);
  const sent = res.request().postDataJSON();
  assert(sent.query === "Why doesn't my code work?", `asked ${JSON.stringify(sent.query)}`);
  assert(sent.context.language === 'python' && sent.context.code === program, `sent the context ${JSON.stringify(sent.context)}`);
  assert(/NameError/.test(sent.context.errorMessage ?? ''), `sent the error ${JSON.stringify(sent.context.errorMessage)}`);
  const raw = await res.text();
  const deltas = raw.match(/^event: delta$/gm)?.length ?? 0;
  assert(deltas > 1, `the answer came in ${deltas} delta event(s), not as a stream`);
  const done = JSON.parse(raw.match(/^event: done\r?\ndata: (.*)$/m)?.[1] ?? 'null');
  assert(done?.conversationId, `no done event in ${JSON.stringify(raw.slice(-300))}`);
  const tutorConversationId = done.conversationId;
  const text = await answer.innerText();
  assert(/line 3\b/i.test(text), `the explanation does not mention line 3: ${JSON.stringify(text)}`);
  assert(/greting/.test(text), `the explanation does not name the misspelt variable: ${JSON.stringify(text)}`);
  await page.getByTestId('tutor-provider').last().filter({ hasText: /\S/ }).waitFor();
  await shot(page, 'tutor panel answer');
  const [rated] = await Promise.all([
    page.waitForResponse((r) => /\/api\/v1\/tutor\/messages\/[0-9a-f-]+\/rating$/.test(r.url())),
    answer.getByRole('button', { name: 'Rate this answer 5 of 5' }).click(),
  ]);
  assert(rated.status() === 204, `POST /rating answered ${rated.status()}: ${await rated.text()}`);
  await answer.locator('button[aria-label="Rate this answer 5 of 5"][aria-pressed="true"]').waitFor();
  await page.getByRole('link', { name: 'History' }).click();
  await page.waitForURL('**/tutor');
  const row = page.locator(`[data-testid="tutor-conversation"][href="/tutor?c=${tutorConversationId}"]`);
  await row.waitFor();
  await row.click();
  const stored = page.getByTestId('tutor-answer').first();
  await stored
    .getByText(/line 3/)
    .first()
    .waitFor();
  await stored.locator('button[aria-label="Rate this answer 5 of 5"][aria-pressed="true"]').waitFor();
  await shot(page, 'tutor history');
}
