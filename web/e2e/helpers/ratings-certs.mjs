// The ratings-certs flows' learners and accessibility pass.
import { axeViolations, withCspBypassed } from '../fixtures.mjs';

export const rcPassword = 'rc-Violet-otter-canyon-42';

/** Registers and signs in a learner in `ctx` (the cookies go into the context); returns the access token. */
export async function rcLearner(t, ctx, firstName) {
  const who = await t.learner({ ctx, firstName, lastName: 'Tester', password: rcPassword });
  return who.token;
}

/** axe on each `[path, ready]` in both themes, findings appended to `problems`. */
export async function rcAxe(ctx, page, paths, problems) {
  await withCspBypassed(ctx, page, async () => {
    for (const theme of ['light', 'dark']) {
      await page.evaluate((th) => localStorage.setItem('codestead.theme', th), theme);
      for (const [path, ready] of paths) {
        await page.goto(path);
        await ready(page);
        for (const v of await axeViolations(page)) problems.push(`${theme} ${path}: ${v}`);
      }
    }
  });
}
