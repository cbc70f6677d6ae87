import { assert, shot } from '../fixtures.mjs';
import { askTutorAboutNameError } from '../helpers/tutor.mjs';

export const title = 'the tutor panel fits a 375 px screen';

export default async function flow(t) {
  const s = await t.learnerPage();
  const { page } = s;
  await page.setViewportSize({ width: 375, height: 812 });
  try {
    await askTutorAboutNameError(s);
    const box = await page.getByTestId('tutor-panel').boundingBox();
    assert(box && box.x >= 0 && box.x + box.width <= 375, `the panel spans ${JSON.stringify(box)}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 0, `the page scrolls sideways by ${overflow} px with the tutor open`);
    await page.getByLabel('Your question').fill('What should I rename?');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('[data-testid="tutor-answer"][data-streaming="false"]').nth(1).waitFor();
    await shot(page, 'mobile tutor panel');
    await page.getByRole('button', { name: 'Close the tutor' }).click();
    await page.getByTestId('tutor-panel').waitFor({ state: 'detached' });
  } finally {
    await page.setViewportSize({ width: 1280, height: 860 });
  }
}
