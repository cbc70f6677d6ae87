// Every flow ends with this check on its own contexts (see `Flow.checkClean`); this flow is the
// one that does nothing else: a learner's round of the app's main pages, Monaco and a run
// included, with no request off the server and no CSP refusal or uncaught page error.
import { assert, isInteractive } from '../fixtures.mjs';

export const title = 'the page made no request off the server and hit no CSP violation';

export default async function flow(t) {
  // The whole app, its service worker included (the other flows block it unless they need it).
  const { page, ensureLoggedIn } = await t.learnerPage({ serviceWorkers: 'allow' });
  await page.goto('/');
  await ensureLoggedIn();
  for (const path of ['/dashboard', '/learn', '/learn/tracks/python', '/learn/python-hello-world', '/projects', '/settings', '/tutor']) {
    await page.goto(path);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
  }
  // Monaco's styles and workers and the interactive socket are the likeliest to trip the CSP.
  await page.goto('/learn/python-ex-greeting');
  await page.locator('.monaco-editor .view-lines').waitFor();
  await page.goto('/playground');
  await page.locator('.monaco-editor .view-lines').waitFor();
  await page.getByLabel('Language').selectOption('python');
  // The starter program reads a line: give it one, or the run waits at the console for input.
  await page.getByLabel(/^Standard input \(stdin\)/).fill('Ada\n');
  await Promise.all([page.waitForEvent('websocket', isInteractive), page.getByRole('button', { name: /^Run/ }).click()]);
  await page.locator('[data-testid="run-status"][data-status="ok"]').waitFor();
  await page.waitForLoadState('networkidle');
  assert(t.offSite.length === 0, `requests left the server: ${[...new Set(t.offSite)].join(', ')}`);
  assert(t.pageErrors.length === 0, `page errors or CSP violations: ${[...new Set(t.pageErrors)].slice(0, 5).join(' | ')}`);
}
