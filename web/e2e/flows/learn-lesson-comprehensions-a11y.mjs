// Issue 19 Tests: python-comprehensions has code blocks wider than the column, which scroll
// sideways; axe's scrollable-region-focusable asks that a keyboard can reach them. Both themes.
import { assert, axeViolations, shot, withCspBypassed } from '../fixtures.mjs';

export const title = 'the lesson python-comprehensions, whose code blocks scroll, has no serious accessibility violations in either theme';

export default async function flow(t) {
  const { ctx, page, ensureLoggedIn } = await t.learnerPage();
  await ensureLoggedIn();
  const problems = [];
  await withCspBypassed(ctx, page, async () => {
    for (const theme of ['light', 'dark']) {
      await page.evaluate((th) => localStorage.setItem('codestead.theme', th), theme);
      await page.goto('/learn/python-comprehensions');
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.locator('.markdown pre').first().waitFor();
      const dark = await page.evaluate(() => document.documentElement.classList.contains('dark'));
      assert(dark === (theme === 'dark'), `the ${theme} theme did not apply`);
      for (const v of await axeViolations(page)) problems.push(`${theme}: ${v}`);
    }
  });
  // The check means something only if some block really scrolls at this width.
  const scrolling = await page.evaluate(
    () => [...document.querySelectorAll('.markdown pre')].filter((p) => p.scrollWidth > p.clientWidth).length,
  );
  assert(scrolling > 0, 'no code block of python-comprehensions scrolls: the flow would check nothing');
  // A keyboard reaches a scrolling block and scrolls it.
  const reached = await page.evaluate(() => {
    const pre = [...document.querySelectorAll('.markdown pre')].find((p) => p.scrollWidth > p.clientWidth);
    pre.focus();
    return document.activeElement === pre;
  });
  assert(reached, 'a scrolling code block cannot take focus');
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
  // Keyboard scrolling may be animated: wait for it to move rather than read it at once.
  await page.waitForFunction(() => document.activeElement.tagName === 'PRE' && document.activeElement.scrollLeft > 0);
  await shot(page, 'python-comprehensions lesson');
  assert(problems.length === 0, problems.join('\n'));
}
