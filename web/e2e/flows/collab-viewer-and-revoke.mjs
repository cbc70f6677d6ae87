import { apiAs, assert, shot } from '../fixtures.mjs';
import { assertNoPageErrors, collabStamp, liveStatus, openDialog, pairProject, person, typeAt, waitForText } from '../helpers/collab.mjs';

export const title = 'a collaborator made a viewer cannot type (live, and after a reload); revoking closes their live view at once';

export default async function flow(t) {
  // Where the two-browser flow leaves off, made through the API: Olive's file as the two of them
  // left it, Milo invited as an editor, both on the editor page, synced.
  const stamp = collabStamp();
  const pageErrors = [];
  const owner = await person(t, pageErrors, 'Olive', `olive${stamp}`);
  const mate = await person(t, pageErrors, 'Milo', `milo${stamp}`);
  const { project, fileId } = await pairProject(owner, stamp, 'print("start")\nolive = 1');
  const invite = await apiAs(owner.page, `/projects/${project.id}/collaborators`, {
    method: 'POST',
    body: { username: mate.username, role: 'editor' },
  });
  assert(invite.status === 201, `inviting ${mate.username} answered ${invite.status}: ${JSON.stringify(invite.body)}`);
  for (const p of [owner.page, mate.page]) {
    await p.goto(`/projects/${project.id}`);
    await liveStatus(p, 'synced');
    await waitForText(p, ['print("start")', 'olive = 1']);
  }
  await owner.page.getByTestId('live-peers').getByText(mate.name).waitFor();

  t.currentPage = owner.page;
  const dialog = await openDialog(owner.page);
  const [changed] = await Promise.all([
    owner.page.waitForResponse((r) => r.url().endsWith(`/projects/${project.id}/collaborators`) && r.request().method() === 'POST'),
    dialog.getByLabel(`Role of ${mate.username}`).selectOption('viewer'),
  ]);
  assert(changed.ok(), `role change answered ${changed.status()}`);
  await owner.page.keyboard.press('Escape');

  // Milo's open editor: what he types is refused by the server and goes away; he is told why.
  t.currentPage = mate.page;
  await typeAt(mate.page, 'end', 'refused');
  await mate.page.getByTestId('live-status').filter({ hasText: 'the owner made you a viewer' }).waitFor();
  await liveStatus(mate.page, 'synced');
  await waitForText(mate.page, ['olive = 1'], ['refused']);
  const afterRefusal = await apiAs(owner.page, `/projects/${project.id}/files/${fileId}`);
  assert(!afterRefusal.body.content.includes('refused'), `a viewer's edit reached the file: ${JSON.stringify(afterRefusal.body.content)}`);

  // After a reload he is a viewer from the start: the editor is read-only.
  await mate.page.reload();
  await liveStatus(mate.page, 'synced');
  await mate.page.getByTestId('live-status').filter({ hasText: 'you are a viewer' }).waitFor();
  await typeAt(mate.page, 'end', 'nope');
  await waitForText(mate.page, ['olive = 1'], ['nope']);
  // …while the owner's typing still reaches him.
  await typeAt(owner.page, 'end', ' # seen');
  await waitForText(mate.page, ['olive = 1 # seen']);

  // Revoked: his socket is closed by the server and the page says so.
  const again = await openDialog(owner.page);
  const [revoked] = await Promise.all([
    owner.page.waitForResponse((r) => r.url().endsWith(`/projects/${project.id}/collaborators`) && r.request().method() === 'DELETE'),
    again.getByRole('button', { name: `Revoke ${mate.username}` }).click(),
  ]);
  assert(revoked.status() === 204, `revoke answered ${revoked.status()}`);
  await again.getByText('Nobody else yet').waitFor();
  await owner.page.keyboard.press('Escape');
  await mate.page.locator('[data-testid="live-status"][data-status="closed"][data-reason="access_revoked"]').waitFor();
  await mate.page.getByTestId('live-status').filter({ hasText: 'The owner removed your access' }).waitFor();
  await shot(mate.page, 'collab revoked');
  const gone = await apiAs(mate.page, `/projects/${project.id}/files/${fileId}`);
  assert(gone.status === 404, `a revoked collaborator still reads the file (${gone.status})`);
  assertNoPageErrors(pageErrors);
}
