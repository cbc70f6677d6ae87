// Issue 19 Tests: axe on the delete-account dialog in both themes, as it opens and with the
// wrong-password error shown (a wrong password deletes nothing, so the flow can go on).
import { assert, axeViolations, shot, withCspBypassed } from '../fixtures.mjs';

export const title = 'the delete-account dialog has no serious accessibility violations in either theme, empty and with its error';

export default async function flow(t) {
  const { ctx, page, who, ensureLoggedIn } = await t.learnerPage();
  await ensureLoggedIn();
  const problems = [];
  await withCspBypassed(ctx, page, async () => {
    for (const theme of ['light', 'dark']) {
      await page.evaluate((th) => localStorage.setItem('codestead.theme', th), theme);
      await page.goto('/settings');
      await page.getByRole('button', { name: 'Delete account…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete your account?' });
      await dialog.waitFor();
      const dark = await page.evaluate(() => document.documentElement.classList.contains('dark'));
      assert(dark === (theme === 'dark'), `the ${theme} theme did not apply`);
      for (const v of await axeViolations(page)) problems.push(`${theme} dialog: ${v}`);
      await dialog.getByLabel('Your password, to confirm').fill('not-my-password-7');
      const [bad] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/me') && r.request().method() === 'DELETE'),
        dialog.getByRole('button', { name: 'Delete my account' }).click(),
      ]);
      assert(bad.status() === 422, `a wrong password answered ${bad.status()}`);
      await dialog.getByText('Password is not your password.').waitFor();
      for (const v of await axeViolations(page)) problems.push(`${theme} dialog with its error: ${v}`);
      await shot(page, `delete account dialog ${theme}`);
    }
  });
  // Nothing was deleted.
  const me = await t.api(who.token, 'GET', '/me');
  assert(me.status === 200, `after two wrong passwords GET /me answered ${me.status}`);
  assert(problems.length === 0, problems.join('\n'));
}
