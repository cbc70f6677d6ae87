// ---- share-drafts flows ----
import { apiAs, assert, shot, uniqueStamp } from '../fixtures.mjs';
import { GREET, fileText, projectWith, registerIn } from '../helpers/share-drafts.mjs';

export const title =
  'a shared project shows coloured code and its author, and a second learner copies it: the copy is theirs to change, the original stays';

export default async function flow(t) {
  const stamp = uniqueStamp();
  let sharedLink = null;
  const a = await t.newPage();
  const b = await t.newPage();
  try {
    await registerIn(a.page, 'Ada', `Sharer${stamp}`, `sharer-${stamp}@example.com`);
    await a.page.waitForURL('**/dashboard');
    const { project, ids } = await projectWith(a.page, `Greeter ${stamp}`, {
      'main.py': GREET,
      'README.md': '# Greeter\n\nSays *hello*.\n',
    });
    const share = await apiAs(a.page, `/projects/${project.id}/share`, { method: 'POST' });
    assert(share.status === 200, `POST share answered ${share.status}`);
    sharedLink = share.body.url;

    // Learner B opens the link as a visitor first.
    await b.page.goto(sharedLink);
    await b.page.getByRole('heading', { level: 1, name: `Greeter ${stamp}` }).waitFor();
    const author = b.page.getByTestId('shared-author');
    await author.filter({ hasText: `Ada Sharer${stamp}` }).waitFor();
    assert((await author.getByRole('link').count()) === 0, 'a private profile must not be linked');
    const view = b.page.getByTestId('code-view');
    await view.filter({ hasText: 'print(greet("share"))' }).waitFor();
    assert((await view.getAttribute('data-language')) === 'python', 'the entry is not highlighted as Python');
    // Coloured for real: the keyword's computed colour differs from the plain text around it.
    const colours = await view.evaluate((el) => ({
      keyword: getComputedStyle(el.querySelector('.hljs-keyword')).color,
      string: getComputedStyle(el.querySelector('.hljs-string')).color,
      plain: getComputedStyle(el.querySelector('code')).color,
    }));
    assert(
      colours.keyword !== colours.plain && colours.string !== colours.plain && colours.keyword !== colours.string,
      `code is not coloured: ${JSON.stringify(colours)}`,
    );
    await shot(b.page, 'shared project as a visitor');

    // Copying needs an account: register, and come back to the link.
    await b.page.getByTestId('copy-signin').getByRole('link', { name: 'create an account' }).click();
    await b.page.waitForURL((u) => u.pathname === '/register' && u.searchParams.get('next') === sharedLink);
    await registerIn(b.page, 'Bob', `Copier${stamp}`, `copier-${stamp}@example.com`, null);
    await b.page.waitForURL(`**${sharedLink}`);
    const [copied] = await Promise.all([
      b.page.waitForResponse((r) => r.url().endsWith('/copy') && r.request().method() === 'POST'),
      b.page.getByRole('button', { name: 'Copy to my projects' }).click(),
    ]);
    assert(copied.status() === 201, `POST copy answered ${copied.status()}: ${await copied.text()}`);
    const copy = await copied.json();
    assert(copy.id !== project.id && copy.isPublic === false, `the copy is not a new private project: ${JSON.stringify(copy)}`);
    await b.page.waitForURL(`**/projects/${copy.id}`);
    await b.page.getByRole('heading', { level: 1, name: `Greeter ${stamp}` }).waitFor();

    // B edits the copy's entry and saves it.
    await b.page.locator('[data-testid="tree-file"][data-path="main.py"] button').first().click();
    const lines = b.page.locator('.monaco-editor .view-lines');
    await lines.getByText('greet("share")').first().waitFor();
    await lines.click();
    await b.page.keyboard.press('Control+End');
    await b.page.keyboard.insertText('print("changed in the copy")');
    const [put] = await Promise.all([
      b.page.waitForResponse((r) => r.request().method() === 'PUT' && /\/api\/v1\/projects\/[^/]+\/files\/[^/]+$/.test(r.url())),
      b.page.keyboard.press('Control+S'),
    ]);
    assert(put.ok(), `saving the copy answered ${put.status()}: ${await put.text()}`);
    assert(put.url().includes(`/projects/${copy.id}/`), `the save went to ${put.url()}, not the copy`);
    await shot(b.page, 'copy edited');

    // A's project is unchanged; B's copy has the edit.
    const original = await fileText(a.page, project.id, ids['main.py']);
    assert(original.content === GREET && original.version === 1, `the original changed: ${JSON.stringify(original)}`);
    const copyTree = await apiAs(b.page, `/projects/${copy.id}/files`);
    const copyMain = copyTree.body.find((f) => f.path === 'main.py');
    const copyText = await fileText(b.page, copy.id, copyMain.id);
    assert(copyText.content.includes('changed in the copy'), `the copy lacks the edit: ${JSON.stringify(copyText.content)}`);
    assert((await apiAs(a.page, `/projects/${copy.id}`)).status === 404, "A can open B's copy");
  } finally {
    await a.ctx.close();
    await b.ctx.close();
  }
}
