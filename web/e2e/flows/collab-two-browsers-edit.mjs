import { apiAs, assert, shot } from '../fixtures.mjs';
import {
  assertNoPageErrors,
  collabStamp,
  editorText,
  liveStatus,
  openDialog,
  pairProject,
  person,
  typeAt,
  waitForText,
} from '../helpers/collab.mjs';

export const title = 'two browsers edit one project file at once: each sees the other’s text and cursor, the file API has both';

export default async function flow(t) {
  const stamp = collabStamp();
  const pageErrors = [];
  const owner = await person(t, pageErrors, 'Olive', `olive${stamp}`);
  const mate = await person(t, pageErrors, 'Milo', `milo${stamp}`);
  const { project, fileId } = await pairProject(owner, stamp, 'print("start")\n');

  // The owner invites Milo as an editor from the editor page.
  t.currentPage = owner.page;
  await owner.page.goto(`/projects/${project.id}`);
  await waitForText(owner.page, ['print("start")']);
  const dialog = await openDialog(owner.page);
  await dialog.getByLabel('Username').fill(mate.username);
  await dialog.getByLabel('Role', { exact: true }).selectOption('editor');
  const [invited] = await Promise.all([
    owner.page.waitForResponse((r) => r.url().endsWith(`/projects/${project.id}/collaborators`) && r.request().method() === 'POST'),
    dialog.getByRole('button', { name: 'Invite' }).click(),
  ]);
  assert(invited.status() === 201, `invite answered ${invited.status()}`);
  await dialog.getByTestId('collaborators').getByText(`@${mate.username}`).waitFor();
  await shot(owner.page, 'collab dialog with an editor');
  await owner.page.keyboard.press('Escape');
  await liveStatus(owner.page, 'synced');

  // Milo finds it among his projects and opens it.
  t.currentPage = mate.page;
  await mate.page.goto('/projects');
  await mate.page
    .getByRole('link', { name: `Pair ${stamp}` })
    .first()
    .click();
  await mate.page.waitForURL(`**/projects/${project.id}`);
  await liveStatus(mate.page, 'synced');
  await waitForText(mate.page, ['print("start")']);
  // Each sees the other in the "here" list, and in the tab.
  await owner.page.getByTestId('live-peers').getByText(mate.name).waitFor();
  await mate.page.getByTestId('live-peers').getByText(owner.name).waitFor();
  await mate.page.getByTestId('tab-peers').getByText(`with ${owner.name}`).waitFor();

  // Both type at the same time, at opposite ends of the file.
  await Promise.all([typeAt(owner.page, 'end', 'olive = 1'), typeAt(mate.page, 'start', 'milo = 2\n')]);
  await waitForText(owner.page, ['milo = 2', 'print("start")', 'olive = 1']);
  await waitForText(mate.page, ['milo = 2', 'print("start")', 'olive = 1']);
  const a = await editorText(owner.page);
  const b = await editorText(mate.page);
  assert(a === b, `the two editors differ:\n${a}\n---\n${b}`);

  // Each sees the other's cursor, in the other's colour (the colour of their dot in the list).
  for (const [p, other] of [
    [owner.page, mate],
    [mate.page, owner],
  ]) {
    const caret = p.locator('[data-testid="editor"] .codestead-remote-cursor').first();
    await caret.waitFor();
    const caretColour = await caret.evaluate((el) => getComputedStyle(el).borderLeftColor);
    const dotColour = await p
      .getByTestId('live-peers')
      .locator('li', { hasText: other.name })
      .locator('span[aria-hidden="true"]')
      .evaluate((el) => getComputedStyle(el).backgroundColor);
    assert(caretColour === dotColour, `${other.name}'s cursor is ${caretColour}, their dot ${dotColour}`);
    const dots = await p
      .getByTestId('live-peers')
      .locator('span[aria-hidden="true"]')
      .evaluateAll((els) => els.map((el) => getComputedStyle(el).backgroundColor));
    assert(dots.length === 2 && dots[0] !== dots[1], `the two people here are drawn in ${dots.join(' and ')}`);
  }
  await shot(owner.page, 'collab owner sees milo');
  await shot(mate.page, 'collab milo sees olive');

  // The file API reads the document's text, without a save; a save makes a version.
  const read = await apiAs(owner.page, `/projects/${project.id}/files/${fileId}`);
  assert(
    read.body.content.includes('milo = 2') && read.body.content.includes('olive = 1'),
    `the file API has ${JSON.stringify(read.body.content)}`,
  );
  const [saved] = await Promise.all([
    mate.page.waitForResponse((r) => r.url().endsWith(`/files/${fileId}`) && r.request().method() === 'PUT'),
    mate.page.keyboard.press('Control+S'),
  ]);
  assert(saved.ok(), `Milo's save answered ${saved.status()}`);
  const versions = await apiAs(owner.page, `/projects/${project.id}/files/${fileId}/versions`);
  assert(versions.status === 200 && versions.body.length >= 2, `versions: ${JSON.stringify(versions.body)}`);

  // Undo is per person: Milo's Ctrl+Z takes back his line, never Olive's.
  await mate.page.keyboard.press('Control+Z');
  await waitForText(owner.page, ['olive = 1'], ['milo = 2']);
  await waitForText(mate.page, ['olive = 1'], ['milo = 2']);
  assertNoPageErrors(pageErrors);
}
