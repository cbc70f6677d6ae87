// ---- long-runs flows ----
// Issue 19 item 4: a program that never ends. Its output shows while it runs (not at the end),
// the timer counts the seconds, and Stop ends it before the time limit would.
import { assert, isInteractive, shot, typeIntoEditor } from '../fixtures.mjs';

export const title = 'an endless loop in the playground streams its output while it runs, the timer counts up, and Stop ends it';

// Prints a numbered line about every 150 ms and never ends. Sleeping keeps it well inside the
// CPU limit, so only Stop or the wall clock can end it.
const endless = ['import time', 'i = 0', 'while True:', "    print('tick', i, flush=True)", '    i += 1', '    time.sleep(0.15)'].join(
  '\n',
);

export default async function flow(t) {
  const { page, openPlayground } = await t.learnerPage();
  await openPlayground();
  await page.getByLabel('Language').selectOption('python');
  await typeIntoEditor(page, endless);
  const received = [];
  const [socket] = await Promise.all([page.waitForEvent('websocket', isInteractive), page.getByRole('button', { name: /^Run/ }).click()]);
  socket.on('framereceived', (f) => received.push(String(f.payload)));
  const transcript = page.getByTestId('console-transcript');
  // Streamed: the first lines are on screen while the program is still running.
  await transcript.filter({ hasText: 'tick 0' }).waitFor();
  await transcript.filter({ hasText: 'tick 2' }).waitFor();
  assert((await page.getByTestId('run-status').count()) === 0, 'a final status shows while the program is still printing');
  assert((await page.getByTestId('live-console').getAttribute('data-phase')) === 'running', 'the console is not in its running phase');
  // The timer: it reads a whole number of seconds, and counts up past 0 while the loop runs.
  const timer = page.getByTestId('run-timer');
  await timer.filter({ hasText: /^Running… \d+ s$/ }).waitFor();
  await timer.filter({ hasText: /^Running… [1-9]\d* s$/ }).waitFor();
  const ticksBeforeStop = (await transcript.innerText()).match(/tick \d+/g)?.length ?? 0;
  assert(ticksBeforeStop >= 3, `only ${ticksBeforeStop} lines streamed before Stop`);
  await shot(page, 'long run streaming with timer');
  await page.getByTestId('console-stop').click();
  await page
    .locator('[data-testid="run-status"]')
    .filter({ hasText: /^Stopped$/ })
    .waitFor();
  assert((await timer.count()) === 0, 'the timer still runs after Stop');
  // Stopped by the learner, not by the limit: no time-limit explanation.
  assert((await page.getByTestId('limit-note').count()) === 0, 'a stopped run is explained as a time limit');
  // The output arrived over the socket in more than one piece (streamed, not in one final frame).
  const outputFrames = received.filter((p) => p.includes('tick')).length;
  assert(outputFrames > 1, `the output came in ${outputFrames} frame(s)`);
  await page.getByTestId('output-stdout').filter({ hasText: 'tick 0' }).waitFor();
  await shot(page, 'long run stopped');
}
