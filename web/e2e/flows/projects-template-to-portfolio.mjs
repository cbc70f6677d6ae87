// The projects flow of issue 7: template → edit → two saves → restore → publish → a visitor runs it.
import { assert, shot, mailedLink } from '../fixtures.mjs';

export const title = 'a project from a template: edit, save twice, restore, publish; a visitor runs it from the portfolio';

export default async function flow(t) {
  const s = await t.learnerPage();
  const { page, email, ensureLoggedIn } = s;
  await ensureLoggedIn();
  const api = (path, init) =>
    page.evaluate(
      async ([p, i]) => {
        const r = await fetch(`/api/v1${p}`, { credentials: 'same-origin', ...i });
        return { status: r.status, body: await r.text() };
      },
      [path, init ?? {}],
    );
  const meRes = await api('/me');
  const me = JSON.parse(meRes.body);
  if (!me.emailVerified) {
    // Publishing needs a verified address: follow the newest verification link from the outbox.
    await api('/auth/resend-verification', { method: 'POST' });
    await page.goto(await mailedLink(t.dataDir, email, '/verify-email'));
    await page.getByText('Your e-mail address is verified').waitFor();
  }
  const title = `E2E calculator ${Date.now()}`;
  await page.goto('/projects');
  await page.getByRole('heading', { level: 1, name: 'Projects' }).waitFor();
  await page.getByRole('button', { name: 'New project' }).click();
  const dialog = page.getByRole('dialog', { name: 'New project' });
  await dialog.getByLabel('Title').fill(title);
  await dialog
    .getByRole('radio', { name: /Python/ })
    .first()
    .check();
  const [created] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/projects') && r.request().method() === 'POST'),
    dialog.getByRole('button', { name: 'Create project' }).click(),
  ]);
  assert(created.status() === 201 || created.status() === 200, `POST /projects answered ${created.status()}: ${await created.text()}`);
  const project = await created.json();
  await page.waitForURL(`**/projects/${project.id}`);
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  // Open the entry the Run picker chose, so the edit is in the file that runs.
  const entry = await page.getByLabel('Entry point').inputValue();
  assert(/\.py$/.test(entry), `the entry picker offers ${JSON.stringify(entry)}`);
  await page.locator(`[data-testid="tree-file"][data-path="${entry}"] button`).first().click();
  await page
    .getByRole('list', { name: 'Open files' })
    .getByRole('button', { name: entry.split('/').pop(), pressed: true })
    .waitFor();
  const lines = page.locator('.monaco-editor .view-lines');
  await lines.waitFor();
  await page.waitForFunction(() => document.querySelector('.monaco-editor .view-lines')?.textContent.trim().length > 0);
  const saveLine = async (text) => {
    await lines.click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.insertText(text);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Shift+Home');
    await page.getByTestId('save-status').filter({ hasText: 'Unsaved changes' }).waitFor();
    const [put] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'PUT' && /\/api\/v1\/projects\/[^/]+\/files\/[^/]+$/.test(r.url())),
      page.keyboard.press('Control+S'),
    ]);
    assert(put.ok(), `PUT file answered ${put.status()}: ${await put.text()}`);
    await page.getByTestId('save-status').filter({ hasText: 'Saved at' }).waitFor();
  };
  await saveLine('print("e2e first save")');
  await saveLine('print("e2e second save")');
  await lines.getByText('e2e second save').waitFor();
  await shot(page, 'project editor saved twice');

  await page.getByRole('button', { name: 'History' }).click();
  const history = page.getByRole('dialog', { name: /^History of / });
  const versions = history.getByTestId('version');
  await versions.nth(1).waitFor();
  await versions.nth(1).click();
  await history.locator('.monaco-diff-editor').waitFor();
  await shot(page, 'project history diff');
  const [restored] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && /\/versions\/\d+\/restore$/.test(r.url())),
    history.getByRole('button', { name: /^Restore version \d+$/ }).click(),
  ]);
  assert(restored.ok(), `restore answered ${restored.status()}: ${await restored.text()}`);
  await history.waitFor({ state: 'detached' });
  await lines.getByText('e2e first save').waitFor();
  assert(!(await lines.innerText()).includes('e2e second save'), 'the restored file still has the second save');

  await page.getByRole('button', { name: 'Settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Project settings' });
  await settings.getByLabel(/^Public/).check();
  const [patched] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/projects/${project.id}`) && r.request().method() === 'PATCH'),
    settings.getByRole('button', { name: 'Save settings' }).click(),
  ]);
  assert(patched.ok(), `publishing answered ${patched.status()}: ${await patched.text()}`);
  await page.getByRole('heading', { level: 1, name: title }).getByText('Public').waitFor();
  // The portfolio shows only when the profile itself is public too.
  await page.goto('/settings');
  const publicProfile = page.getByLabel(/^Public profile/);
  // Private by default: a new learner's profile stays hidden until they opt in here.
  assert(!(await publicProfile.isChecked()), 'a new profile must start private');
  const [made] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/me') && r.request().method() === 'PATCH'),
    publicProfile.check(),
  ]);
  assert(made.ok(), `making the profile public answered ${made.status()}: ${await made.text()}`);
  await page.getByText('Your profile is public.').waitFor();

  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL('**/login');
  await page.goto(`/u/${me.username}`);
  const card = page.getByTestId('profile-project').filter({ hasText: title });
  await card.waitFor();
  await shot(page, 'public profile');
  await card.getByRole('link', { name: title }).click();
  await page.waitForURL(`**/u/${me.username}/${project.id}`);
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  const [ran] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/projects/${project.id}/run`) && r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Run' }).click(),
  ]);
  assert(ran.ok(), `a visitor's run answered ${ran.status()}: ${await ran.text()}`);
  await page.getByTestId('output-stdout').filter({ hasText: 'e2e first save' }).waitFor();
  const out = await page.getByTestId('output-stdout').innerText();
  assert(!out.includes('e2e second save'), `the run printed the un-restored line: ${JSON.stringify(out)}`);
  await shot(page, 'showcase run');
}
