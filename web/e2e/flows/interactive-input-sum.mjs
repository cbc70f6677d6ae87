// ---- interactive flows ----
// Issue 13 part 5: the playground runs over the interactive WebSocket; a program that reads
// more input than the stdin box holds gets the console's input line, and Stop ends it.
import { assert, shot, isInteractive, typeIntoEditor } from '../fixtures.mjs';

export const title = 'an input() program in the playground asks for two numbers in the console and prints their sum';

export default async function flow(t) {
  const s = await t.learnerPage();
  const { page, openPlayground } = s;
  await openPlayground();
  await page.getByLabel('Language').selectOption('python');
  await typeIntoEditor(page, "a = int(input('First number? '))\nb = int(input('Second number? '))\nprint('Sum:', a + b)");
  await page.getByLabel('Standard input (stdin)').fill('');
  const frames = [];
  const [socket] = await Promise.all([page.waitForEvent('websocket', isInteractive), page.getByRole('button', { name: /^Run/ }).click()]);
  socket.on('framesent', (f) => frames.push(`sent ${f.payload}`));
  socket.on('framereceived', (f) => frames.push(`received ${f.payload}`));
  const transcript = page.getByTestId('console-transcript');
  const input = page.getByLabel('Input for the running program');
  // The prompt shows while the program waits: nothing has been typed yet.
  await transcript.filter({ hasText: 'First number?' }).waitFor();
  assert(
    !frames.some((f) => f.startsWith('sent') && f.includes('"type":"stdin"')),
    `stdin was sent before the prompt: ${frames.join('\n')}`,
  );
  await input.click();
  await page.keyboard.type('2');
  await page.keyboard.press('Enter');
  await transcript.filter({ hasText: 'Second number?' }).waitFor();
  // Focus stays on the input line: the next number is typed straight away.
  await page.keyboard.type('40');
  await page.keyboard.press('Enter');
  await page.getByTestId('output-stdout').filter({ hasText: 'Sum: 42' }).waitFor();
  const status = await page.getByTestId('run-status').getAttribute('data-status');
  assert(status === 'ok', `status badge says ${status}`);
  await page
    .getByTestId('console-transcript')
    .filter({ hasText: /First number\? (You typed: )?2\s*Second number\? (You typed: )?40\s*Sum: 42/ })
    .waitFor();
  const sentStdin = frames.filter((f) => f.startsWith('sent') && f.includes('"type":"stdin"'));
  assert(sentStdin.length === 2, `typed lines sent: ${sentStdin.join(', ')}`);
  await shot(page, 'interactive sum in the playground');
}
