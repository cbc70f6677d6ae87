// Issue 19 item 4: a run stopped by the time limit says, in words, that a loop may never end.
import { assert, isInteractive, shot, typeIntoEditor } from '../fixtures.mjs';

export const title = 'a playground run that hits the time limit says that a loop whose condition never becomes false runs forever';

export default async function flow(t) {
  const { page, openPlayground } = await t.learnerPage();
  await openPlayground();
  await page.getByLabel('Language').selectOption('python');
  // Busy, never waiting for input: the CPU and wall-clock limits end it.
  await typeIntoEditor(page, "print('counting')\nn = 0\nwhile n >= 0:\n    n += 1");
  await Promise.all([page.waitForEvent('websocket', isInteractive), page.getByRole('button', { name: /^Run/ }).click()]);
  await page.getByTestId('run-timer').waitFor();
  // The limit is seconds long: wait for the verdict rather than guess its length.
  const status = page.locator('[data-testid="run-status"][data-status="timeout"]');
  await status.waitFor({ timeout: 60_000 });
  assert((await status.innerText()).trim() === 'Time limit exceeded', `the status reads ${JSON.stringify(await status.innerText())}`);
  const note = page.getByTestId('limit-note');
  await note.waitFor();
  const text = await note.innerText();
  assert(/ran longer than the time limit/.test(text), `the note does not name the time limit: ${JSON.stringify(text)}`);
  assert(
    /A loop whose condition never becomes false runs forever/.test(text),
    `the note does not say a loop may never end: ${JSON.stringify(text)}`,
  );
  await page.getByTestId('output-stdout').filter({ hasText: 'counting' }).waitFor();
  await shot(page, 'long run time limit');
}
