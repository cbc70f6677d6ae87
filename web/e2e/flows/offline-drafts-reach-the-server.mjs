// Issue 19 item 2 with the network cut: code typed offline in the playground and in an
// exercise is kept in this browser, reaches the server when the network returns, and is
// restored after logout in a fresh browser context that never saw it.
import { assert, shot, typeIntoEditor, uniqueStamp } from '../fixtures.mjs';

export const title =
  'playground and exercise drafts typed offline are kept, reach the server when the network returns, and follow the learner to a fresh browser';

const PENDING_KEY = 'codestead.drafts.pending';

/** The PUT of draft `key` whose code holds `marker`. */
const draftPut = (key, marker) => (r) =>
  r.request().method() === 'PUT' &&
  decodeURIComponent(r.url()).endsWith(`/api/v1/drafts/${key}`) &&
  (r.request().postDataJSON()?.code ?? '').includes(marker);

/** Types `code` with the network cut, checks it is kept as a pending write, then reconnects and waits for the save. */
async function typeOffline(t, { ctx, page, who }, key, marker, code) {
  await ctx.setOffline(true);
  let saved;
  try {
    await page.getByTestId('offline-banner').waitFor();
    await typeIntoEditor(page, code);
    // Kept in this browser as a write the server has not acknowledged.
    await page.waitForFunction(
      ([k, key, m]) => (JSON.parse(localStorage.getItem(k) ?? '{}')[key]?.code ?? '').includes(m),
      [PENDING_KEY, key, marker],
    );
    const server = await t.api(who.token, 'GET', `/drafts/${encodeURIComponent(key)}`);
    assert(!JSON.stringify(server.body ?? '').includes(marker), `the server has the offline draft ${key} before the network returned`);
    await shot(page, `offline draft kept ${key}`);
    // Back online: the page sends it by itself (no reload, no keystroke).
    saved = page.waitForResponse(draftPut(key, marker), { timeout: 30_000 });
  } finally {
    await ctx.setOffline(false);
  }
  const res = await saved;
  assert(res.ok(), `the draft ${key} sent on reconnect answered ${res.status()}: ${await res.text()}`);
  await page.waitForFunction(([k, key]) => !JSON.parse(localStorage.getItem(k) ?? '{}')[key], [PENDING_KEY, key]);
  const server = await t.api(who.token, 'GET', `/drafts/${encodeURIComponent(key)}`);
  assert(server.status === 200 && server.body.code.includes(marker), `the server holds ${JSON.stringify(server.body)} for ${key}`);
}

export default async function flow(t) {
  const stamp = uniqueStamp();
  const s = await t.learnerPage();
  const { page, who, openPlayground } = s;

  const playMarker = `# typed offline in the playground ${stamp}`;
  await openPlayground();
  await page.getByLabel('Language').selectOption('python');
  await page.locator('.monaco-editor .view-lines').waitFor();
  await typeOffline(t, s, 'playground:python', playMarker, `${playMarker}\nprint("offline")`);

  const exMarker = `# typed offline in the exercise ${stamp}`;
  await page.goto('/learn/python-ex-greeting');
  await page.locator('.monaco-editor .view-lines').waitFor();
  await typeOffline(t, s, 'exercise:python-ex-greeting.python', exMarker, `${exMarker}\nname = input()`);

  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL('**/login');

  // A fresh browser: no storage of the first one's. Both drafts come from the server.
  const other = await t.newPage();
  await other.page.goto('/login');
  await other.page.getByLabel('E-mail').fill(who.email);
  await other.page.getByLabel('Password').fill(who.password);
  await other.page.getByRole('button', { name: 'Log in' }).click();
  await other.page.waitForURL('**/dashboard');
  const editorHolds = (p, m) =>
    p.waitForFunction(
      (m) =>
        document
          .querySelector('.monaco-editor .view-lines')
          ?.innerText.replace(/\u00a0/g, ' ')
          .includes(m),
      m,
    );
  await other.page.goto('/learn/python-ex-greeting');
  await editorHolds(other.page, exMarker);
  await other.page.goto('/playground');
  await other.page.locator('.monaco-editor .view-lines').waitFor();
  await other.page.getByLabel('Language').selectOption('python');
  await editorHolds(other.page, playMarker);
  await shot(other.page, 'offline draft restored in a fresh browser');
}
