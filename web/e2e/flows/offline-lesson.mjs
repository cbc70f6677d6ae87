import { assert, PASSWORD, shot, uniqueStamp } from '../fixtures.mjs';

export const title =
  'a lesson opened online reads offline after a reload and from the track list; one never opened says so; back online all works';

export default async function flow(t) {
  const { ctx: context, page } = await t.newPage({ serviceWorkers: 'allow' });
  const password = PASSWORD;
  const offlineEmail = `e2e-offline-${uniqueStamp()}@example.com`;
  await context.clearCookies();
  await page.goto('/register');
  await page.getByLabel('First name').fill('Mary');
  await page.getByLabel('Last name').fill('Somerville');
  await page.getByLabel('E-mail').fill(offlineEmail);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL('**/dashboard');
  // The worker must control the page before the lesson is opened, or nothing is kept: wait for it.
  const controlled = await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller)
      await new Promise((ok) => navigator.serviceWorker.addEventListener('controllerchange', ok, { once: true }));
    return navigator.serviceWorker.controller?.scriptURL ?? null;
  });
  assert(controlled?.endsWith('/sw.js'), `the page is controlled by ${controlled}`);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Learn' }).click();
  await page.getByRole('link', { name: 'Python', exact: true }).click();
  await page.waitForURL('**/learn/tracks/python');
  await page.getByRole('link', { name: 'Your first Python program' }).first().click();
  await page.waitForURL('**/learn/python-hello-world');
  await page.getByRole('heading', { name: 'Text and numbers' }).waitFor();
  // The worker writes its copy after answering: wait until it is there (no sleep).
  await page.waitForFunction(async () => {
    const cache = await caches.open('codestead-lessons-v1');
    return Boolean((await cache.match('/api/v1/content/python-hello-world')) && (await cache.match('/api/v1/tracks/python')));
  });

  await context.setOffline(true);
  try {
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Your first Python program' }).waitFor();
    await page.getByRole('heading', { name: 'Text and numbers' }).waitFor();
    await page
      .getByTestId('offline-banner')
      .filter({ hasText: 'You are offline — showing saved lessons; running code and saving need the network' })
      .waitFor();
    await page.getByText('Saving your progress needs the network.').waitFor();
    await shot(page, 'offline saved lesson');

    // Again from the track list, as a learner would.
    await page.getByRole('link', { name: 'Python track' }).click();
    await page.waitForURL('**/learn/tracks/python');
    await page.getByRole('heading', { level: 1, name: 'Python' }).waitFor();
    await page.getByRole('link', { name: 'Your first Python program' }).first().click();
    await page.waitForURL('**/learn/python-hello-world');
    await page.getByRole('heading', { name: 'Text and numbers' }).waitFor();

    // A lesson this browser never fetched.
    await page.goto('/learn/javascript-arrays');
    await page.getByRole('heading', { name: 'This lesson is not available offline' }).waitFor();
    assert((await page.getByTestId('offline-banner').count()) === 1, 'no offline banner on the lesson that is not available');
    await shot(page, 'offline lesson not available');
  } finally {
    await context.setOffline(false);
  }

  // Back online: the banner goes by itself, and reading, progress and writes work again.
  await page.getByTestId('offline-banner').waitFor({ state: 'detached' });
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Arrays' }).waitFor();
  await page.goto('/learn/python-hello-world');
  await page.getByRole('heading', { name: 'Text and numbers' }).waitFor();
  const [done] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/v1/progress/') && r.url().endsWith('/complete')),
    page.getByRole('button', { name: 'Mark complete' }).click(),
  ]);
  assert(done.ok(), `Mark complete answered ${done.status()}`);
  await page.getByText('You completed this lesson.').waitFor();
}
