// Issue 19 items 9 and Tests: axe on the offline states, in both themes — a lesson opened
// online and read offline (with the offline banner above it), and a lesson never opened here.
import { assert, axeViolations, shot, withCspBypassed } from '../fixtures.mjs';

export const title =
  'a lesson read offline, the offline banner and the "not available offline" page have no serious accessibility violations in either theme';

export default async function flow(t) {
  const { ctx, page, ensureLoggedIn } = await t.learnerPage({ serviceWorkers: 'allow' });
  await ensureLoggedIn();
  // The worker must control the page before the lesson is opened, or nothing is kept.
  const controlled = await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller)
      await new Promise((ok) => navigator.serviceWorker.addEventListener('controllerchange', ok, { once: true }));
    return navigator.serviceWorker.controller?.scriptURL ?? null;
  });
  assert(controlled?.endsWith('/sw.js'), `the page is controlled by ${controlled}`);
  await page.goto('/learn/python-hello-world');
  await page.getByRole('heading', { level: 1, name: 'Your first Python program' }).waitFor();
  await page.waitForFunction(async () => {
    const cache = await caches.open('codestead-lessons-v1');
    return Boolean(await cache.match('/api/v1/content/python-hello-world'));
  });

  const problems = [];
  await withCspBypassed(ctx, page, async () => {
    await ctx.setOffline(true);
    try {
      for (const theme of ['light', 'dark']) {
        await page.evaluate((th) => localStorage.setItem('codestead.theme', th), theme);
        await page.goto('/learn/python-hello-world');
        await page.getByRole('heading', { level: 1, name: 'Your first Python program' }).waitFor();
        await page.getByTestId('offline-banner').waitFor();
        const dark = await page.evaluate(() => document.documentElement.classList.contains('dark'));
        assert(dark === (theme === 'dark'), `the ${theme} theme did not apply offline`);
        for (const v of await axeViolations(page)) problems.push(`${theme} lesson read offline: ${v}`);
        await shot(page, `offline lesson ${theme}`);

        await page.goto('/learn/javascript-arrays');
        await page.getByRole('heading', { name: 'This lesson is not available offline' }).waitFor();
        await page.getByTestId('offline-banner').waitFor();
        for (const v of await axeViolations(page)) problems.push(`${theme} lesson not available offline: ${v}`);
      }
    } finally {
      await ctx.setOffline(false);
    }
  });
  assert(problems.length === 0, problems.join('\n'));
}
