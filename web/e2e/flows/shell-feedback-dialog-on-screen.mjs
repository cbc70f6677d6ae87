import { assert, shot } from '../fixtures.mjs';

export const title = 'the Feedback dialog is fully on screen at 1366 px and at 375 px';

export default async function flow(t) {
  const s = await t.learnerPage();
  const { page, ensureLoggedIn } = s;
  await ensureLoggedIn();
  for (const [width, height] of [
    [1366, 768],
    [375, 812],
  ]) {
    await page.setViewportSize({ width, height });
    await page.goto('/learn');
    await page.getByRole('heading', { name: 'Learn' }).first().waitFor();
    if (width < 640) await page.getByRole('button', { name: 'Open navigation' }).click();
    await page.getByRole('button', { name: 'Feedback', exact: true }).locator('visible=true').click();
    const dialog = page.getByRole('dialog', { name: 'Send feedback' });
    await dialog.waitFor();
    const box = await dialog.boundingBox();
    assert(
      box && box.x >= 0 && box.y >= 0 && box.x + box.width <= width && box.y + box.height <= height,
      `at ${width} px the dialog spans ${JSON.stringify(box)}`,
    );
    // Nothing (the sticky header) is drawn over the dialog's title.
    const title = dialog.getByRole('heading', { name: 'Send feedback' });
    const t = await title.boundingBox();
    const onTop = await page.evaluate(
      ([x, y]) => document.elementFromPoint(x, y)?.closest('[role="dialog"]') !== null,
      [t.x + 2, t.y + t.height / 2],
    );
    assert(onTop, `at ${width} px something covers the dialog's title`);
    await shot(page, `feedback dialog ${width}`);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  }
  await page.setViewportSize({ width: 1280, height: 860 });
}
