import { apiAs, assert, PASSWORD, shot, uniqueStamp } from '../fixtures.mjs';
import { GREET, fileText, projectWith, registerIn } from '../helpers/share-drafts.mjs';

export const title =
  'unsaved project edits are kept as a draft when the page is left, restored after logout in a fresh browser, and Save makes them a version';

export default async function flow(t) {
  const stamp = uniqueStamp();
  const password = PASSWORD;
  const mail = `drafter-${stamp}@example.com`;
  // Short enough to stay on one line of the editor: Monaco wraps long lines, and the check
  // below reads the text as shown (the run-wide stamp is longer than the old suite's).
  const marker = `# not saved ${stamp.split('-')[0].slice(-6)}`;
  const first = await t.newPage();
  let project;
  let ids;
  try {
    await registerIn(first.page, 'Dora', `Drafter${stamp}`, mail);
    await first.page.waitForURL('**/dashboard');
    ({ project, ids } = await projectWith(first.page, `Drafts ${stamp}`, { 'main.py': GREET }));
    await first.page.goto(`/projects/${project.id}`);
    const lines = first.page.locator('.monaco-editor .view-lines');
    await lines.getByText('greet("share")').first().waitFor();
    let fileSaves = 0;
    first.page.on('request', (r) => {
      if (r.method() === 'PUT' && /\/api\/v1\/projects\/[^/]+\/files\//.test(r.url())) fileSaves++;
    });
    await lines.click();
    await first.page.keyboard.press('Control+End');
    await first.page.keyboard.insertText(marker);
    await first.page.getByTestId('save-status').filter({ hasText: 'Unsaved changes' }).waitFor();
    // Leave at once, before the pause that would send the draft: leaving sends it.
    const [draftPut] = await Promise.all([
      first.page.waitForResponse(
        (r) => r.request().method() === 'PUT' && r.url().includes('/api/v1/drafts/') && r.request().postDataJSON().code.includes(marker),
      ),
      first.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Projects' }).click(),
    ]);
    assert(draftPut.ok(), `PUT draft answered ${draftPut.status()}: ${await draftPut.text()}`);
    assert(decodeURIComponent(draftPut.url()).endsWith(`/drafts/project:${project.id}.${ids['main.py']}`), `draft key ${draftPut.url()}`);
    await first.page.waitForURL('**/projects');
    assert(fileSaves === 0, `leaving saved the file ${fileSaves} time(s); it should only keep a draft`);
    const still = await fileText(first.page, project.id, ids['main.py']);
    assert(still.content === GREET && still.version === 1, 'the file itself changed without a save');
    await first.page.getByRole('button', { name: 'Log out' }).click();
    await first.page.waitForURL('**/login');
  } finally {
    await first.ctx.close();
  }

  // Another browser, nothing of the first one's storage: log in and come back to the file.
  const second = await t.newPage();
  try {
    await second.page.goto('/login');
    await second.page.getByLabel('E-mail').fill(mail);
    await second.page.getByLabel('Password').fill(password);
    await second.page.getByRole('button', { name: 'Log in' }).click();
    await second.page.waitForURL('**/dashboard');
    await second.page.goto(`/projects/${project.id}`);
    await second.page.waitForFunction(
      (m) =>
        document
          .querySelector('.monaco-editor .view-lines')
          ?.innerText.replace(/\u00a0/g, ' ')
          .includes(m),
      marker,
    );
    const notice = second.page.getByTestId('draft-notice');
    await notice.filter({ hasText: /Unsaved changes restored.*Save or Discard/ }).waitFor();
    await second.page.getByTestId('save-status').filter({ hasText: 'Unsaved changes' }).waitFor();
    await shot(second.page, 'project draft restored');
    const [saved] = await Promise.all([
      second.page.waitForResponse((r) => r.request().method() === 'PUT' && /\/api\/v1\/projects\/[^/]+\/files\/[^/]+$/.test(r.url())),
      notice.getByRole('button', { name: 'Save' }).click(),
    ]);
    assert(saved.ok(), `Save answered ${saved.status()}: ${await saved.text()}`);
    await notice.waitFor({ state: 'detached' });
    await second.page.getByTestId('save-status').filter({ hasText: 'Saved at' }).waitFor();
    const file = await fileText(second.page, project.id, ids['main.py']);
    assert(file.version === 2 && file.content.includes(marker), `the save is not version 2 with the edit: ${JSON.stringify(file)}`);
    const versions = await apiAs(second.page, `/projects/${project.id}/files/${ids['main.py']}/versions`);
    assert(versions.body.length === 2, `${versions.body.length} versions kept`);
    const draft = await apiAs(second.page, `/drafts/${encodeURIComponent(`project:${project.id}.${ids['main.py']}`)}`);
    assert(draft.status === 404, `the draft outlived the save: ${draft.status}`);
  } finally {
    await second.ctx.close();
  }
}
