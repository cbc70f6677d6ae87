// The tutor flows' common start: a Python NameError run in the playground, then Get AI help.
import { assert, uniqueStamp } from '../fixtures.mjs';

/**
 * A program whose line 3 misspells `greeting`. Its last line is a comment unique to the call:
 * the server answers an identical question from its cache in one piece, so a flow that asked
 * second would not see a streamed answer (the flows share one server and run in any order).
 */
export const nameErrorProgram = () =>
  ['greeting = "hi"', 'count = 2', 'print(greting * count)', `# asked in ${uniqueStamp()}`, ''].join('\n');

/**
 * Seeds the playground's Python draft with a `nameErrorProgram()`, runs it, asks the tutor, and
 * waits for the whole answer. Returns the tutor response, the answer's locator and the program.
 */
export async function askTutorAboutNameError(session) {
  const { page } = session;
  const program = nameErrorProgram();
  await session.openPlayground();
  await page.getByLabel('Language').selectOption('cpp');
  // The draft lives on the server (the browser keeps a cache): seed both, as a save would.
  const seeded = await page.evaluate(async (code) => {
    localStorage.setItem('codestead.playground.draft.python', JSON.stringify({ code, savedAt: new Date().toISOString() }));
    const r = await fetch('/api/v1/drafts/playground%3Apython', {
      method: 'PUT',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ language: 'python', code }),
    });
    return r.status;
  }, program);
  assert(seeded === 200, `seeding the playground draft answered ${seeded}`);
  await page.getByLabel('Language').selectOption('python');
  await page.locator('.monaco-editor .view-lines').getByText('greting').waitFor();
  await page.getByRole('button', { name: /^Run/ }).click();
  await page.locator('[data-testid="run-status"][data-status="runtime_error"]').waitFor();
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/tutor/messages') && r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Get AI help' }).click(),
  ]);
  const answer = page.locator('[data-testid="tutor-answer"][data-streaming="false"]').last();
  await answer.waitFor();
  return { res, answer, program };
}

/** The conversation id in a tutor stream's `done` event. */
export async function conversationIdOf(res) {
  const raw = await res.text();
  return JSON.parse(raw.match(/^event: done\r?\ndata: (.*)$/m)?.[1] ?? 'null')?.conversationId ?? null;
}
