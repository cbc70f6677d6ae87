import { assert, shot, BUDGET_FCP_MS } from '../fixtures.mjs';

// A timing: run with no other flow loading the machine.
export const alone = true;

export const title = `first contentful paint of /login is at most ${BUDGET_FCP_MS} ms`;

export default async function flow(t) {
  // A fresh context: nothing cached, nobody signed in.
  const { page } = await t.newPage();
  await page.goto('/login', { waitUntil: 'load' });
  const fcp = await page.evaluate(
    () =>
      new Promise((ok) => {
        const found = performance.getEntriesByName('first-contentful-paint')[0];
        if (found) return ok(found.startTime);
        new PerformanceObserver((list) => {
          const e = list.getEntriesByName('first-contentful-paint')[0];
          if (e) ok(e.startTime);
        }).observe({ type: 'paint', buffered: true });
        setTimeout(() => ok(null), 5000);
      }),
  );
  const nav = await page.evaluate(() => performance.getEntriesByType('navigation')[0]?.toJSON());
  t.budget(
    `budget: FCP /login ${fcp == null ? 'n/a' : `${fcp.toFixed(0)} ms`} (cold cache, loopback; DOMContentLoaded ${nav ? nav.domContentLoadedEventEnd.toFixed(0) : '?'} ms; limit ${BUDGET_FCP_MS} ms)`,
  );
  assert(fcp != null, 'no first-contentful-paint entry');
  assert(fcp <= BUDGET_FCP_MS, `FCP was ${fcp.toFixed(0)} ms`);
  await shot(page, 'login page');
}
