// Issue 12 item 2: the step-through view, as a learner uses it on a first loop.
import { assert, shot, axeViolations } from '../fixtures.mjs';

export const title = 'step through a Python loop: the keyboard moves the highlighted line and total changes in the variables panel';

export default async function flow(t) {
  const s = await t.learnerPage();
  const { page, context, openPlayground } = s;
  await openPlayground();
  await page.getByLabel('Language').selectOption('python');
  const lines = page.locator('.monaco-editor .view-lines');
  await lines.click();
  await page.keyboard.press('Control+A');
  // insertText, not type: Monaco's completion would otherwise take the Enter keys. A new line
  // keeps the indentation of the one before, so the last line is outdented with Shift+Tab.
  await page.keyboard.insertText('total = 0\nfor i in range(3):\n    total += i\nprint(total)');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Shift+Tab');
  await page.waitForFunction(
    (want) => document.querySelector('.monaco-editor .view-lines')?.innerText.replace(/\u00a0/g, ' ') === want,
    'total = 0\nfor i in range(3):\n    total += i\nprint(total)',
  );
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/executions') && r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Step through' }).click(),
  ]);
  assert(res.status() === 200, `POST /executions answered ${res.status()}: ${await res.text()}`);
  assert(JSON.parse(res.request().postData()).trace === true, 'Step through did not ask for a trace');
  const view = page.getByTestId('trace-view');
  const counter = view.getByTestId('trace-counter');
  const announcement = view.getByTestId('trace-announcement');
  const total = view.locator('tr[data-variable="total"]');
  // The line number beside the highlighted row (the highlight is Monaco's decoration, drawn behind the text).
  const highlightIs = (line) =>
    page.waitForFunction((want) => {
      const hl = document.querySelector('.monaco-editor .codestead-step-line');
      if (!hl) return false;
      const r = hl.getBoundingClientRect();
      const mid = r.top + r.height / 2;
      const num = [...document.querySelectorAll('.monaco-editor .line-numbers')].find((n) => {
        const b = n.getBoundingClientRect();
        return b.top <= mid && mid <= b.bottom;
      });
      return num?.textContent?.trim() === want;
    }, String(line));

  await counter.filter({ hasText: 'Step 1 of 10' }).waitFor();
  await highlightIs(1);
  assert((await page.locator('.monaco-editor .codestead-step-arrow').count()) === 1, 'no arrow marks the line in the margin');
  assert((await total.count()) === 0, 'total is shown before line 1 ran');
  // Focus starts on "Next step", so the arrow keys work at once.
  await page.keyboard.press('ArrowRight');
  await announcement.filter({ hasText: 'Line 2, step 2 of 10' }).waitFor();
  await highlightIs(2);
  await total.filter({ hasText: 'new' }).locator('[data-testid="trace-value"]').filter({ hasText: /^0$/ }).waitFor();
  await page.keyboard.press('ArrowRight');
  await highlightIs(3);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await counter.filter({ hasText: 'Step 6 of 10' }).waitFor();
  await highlightIs(2);
  // `total += i` ran with i = 1: the panel says the value changed, in words.
  await total.filter({ hasText: 'changed, was 0' }).locator('[data-testid="trace-value"]').filter({ hasText: /^1$/ }).waitFor();
  await page.keyboard.press('ArrowLeft');
  await counter.filter({ hasText: 'Step 5 of 10' }).waitFor();
  await highlightIs(3);
  await page.keyboard.press('End');
  await announcement.filter({ hasText: /^Line 4, step 10 of 10/ }).waitFor();
  await view
    .getByTestId('trace-output')
    .filter({ hasText: /^3\s*$/ })
    .waitFor();
  await shot(page, 'step-through at the last step');

  await page.setViewportSize({ width: 375, height: 812 });
  try {
    const next = view.getByRole('button', { name: 'Next step' });
    await page.getByRole('button', { name: 'First step' }).click();
    await counter.filter({ hasText: 'Step 1 of 10' }).waitFor();
    await next.scrollIntoViewIfNeeded();
    for (const name of ['First step', 'Previous step', 'Next step', 'Last step', 'Back to editing']) {
      const box = await view.getByRole('button', { name }).boundingBox();
      assert(box && box.x >= 0 && box.x + box.width <= 375, `at 375 px "${name}" spans ${JSON.stringify(box)}`);
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 0, `the step-through scrolls sideways by ${overflow} px at 375 px`);
    await next.click();
    await counter.filter({ hasText: 'Step 2 of 10' }).waitFor();
    await shot(page, 'step-through at 375 px');
  } finally {
    await page.setViewportSize({ width: 1280, height: 860 });
  }
  await page.keyboard.press('Escape');
  await view.waitFor({ state: 'detached' });
  await page.getByLabel('Standard input (stdin)').waitFor();
  assert(
    (await page.locator('.monaco-editor .codestead-step-line').count()) === 0,
    'the line stays highlighted after the step-through closed',
  );

  // axe is injected as a script, which the CSP forbids; the bypass takes effect from the next
  // page load, so the view is opened once more on a fresh load (the code is the saved draft).
  const problems = [];
  const cdp = await context.newCDPSession(page);
  await cdp.send('Page.setBypassCSP', { enabled: true });
  try {
    await page.goto('/playground');
    await lines.getByText('total += i').waitFor();
    await page.getByRole('button', { name: 'Step through' }).click();
    await counter.filter({ hasText: 'Step 1 of 10' }).waitFor();
    await page.keyboard.press('ArrowRight');
    await total.filter({ hasText: 'new' }).waitFor();
    // In both themes: the toggle keeps the page (and the step-through) as it is.
    for (let i = 0; i < 2; i++) {
      const theme = (await page.evaluate(() => document.documentElement.classList.contains('dark'))) ? 'dark' : 'light';
      for (const v of await axeViolations(page)) problems.push(`${theme}: ${v}`);
      await page.getByTestId('theme-toggle').click();
    }
    await view.getByRole('button', { name: 'Back to editing' }).click();
    await view.waitFor({ state: 'detached' });
  } finally {
    await cdp.send('Page.setBypassCSP', { enabled: false });
    await cdp.detach();
  }
  assert(problems.length === 0, problems.join('\n'));
}
