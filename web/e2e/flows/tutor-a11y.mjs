import { assert, axeViolations } from '../fixtures.mjs';
import { askTutorAboutNameError, conversationIdOf } from '../helpers/tutor.mjs';

export const title = 'the tutor panel and page have no serious accessibility violations in either theme';

export default async function flow(t) {
  const s = await t.learnerPage();
  const { page, context } = s;
  const problems = [];
  let tutorConversationId = null;
  // The theme is set in the app's storage: be on its origin first.
  await page.goto('/');
  const cdp = await context.newCDPSession(page);
  await cdp.send('Page.setBypassCSP', { enabled: true });
  try {
    for (const theme of ['light', 'dark']) {
      await page.evaluate((t) => localStorage.setItem('codestead.theme', t), theme);
      await page.goto('/playground');
      const { res } = await askTutorAboutNameError(s);
      tutorConversationId ??= await conversationIdOf(res);
      for (const v of await axeViolations(page)) problems.push(`${theme} tutor panel: ${v}`);
      await page.goto('/tutor');
      await page.getByTestId('tutor-suggestion').first().waitFor();
      for (const v of await axeViolations(page)) problems.push(`${theme} /tutor: ${v}`);
      // The conversation this flow started is listed and opens.
      assert(tutorConversationId, 'the tutor stream ended without a conversation id');
      {
        await page.goto(`/tutor?c=${tutorConversationId}`);
        await page.getByTestId('tutor-answer').first().waitFor();
        for (const v of await axeViolations(page)) problems.push(`${theme} /tutor?c=…: ${v}`);
      }
    }
  } finally {
    await cdp.send('Page.setBypassCSP', { enabled: false });
    await cdp.detach();
  }
  assert(problems.length === 0, problems.join('\n'));
}
