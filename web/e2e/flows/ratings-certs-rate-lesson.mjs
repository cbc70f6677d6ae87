// ---- ratings-certs flows ----
// Their own learners; for certificates a server of its own on a two-lesson curriculum.
import { assert, shot } from '../fixtures.mjs';
import { rcAxe, rcLearner } from '../helpers/ratings-certs.mjs';

export const title = 'a learner rates a lesson; after a reload the rating is kept and the average shown';

export default async function flow(t) {
  const ada = await t.newContext();
  const bob = await t.newContext();
  try {
    await rcLearner(t, ada, 'Ada');
    const bobToken = await rcLearner(t, bob, 'Bob');
    const lessonSlug = 'python-comprehensions';
    // Bob rated it 2 already (through the API).
    const bobRated = await bob.request.put(`/api/v1/content/${lessonSlug}/rating`, {
      data: { rating: 2 },
      headers: { authorization: `Bearer ${bobToken}` },
    });
    assert(bobRated.ok(), `Bob's rating answered ${bobRated.status()}`);
    const page = await ada.newPage();
    await page.goto(`/learn/${lessonSlug}`);
    const box = page.getByRole('region', { name: 'Rate this lesson' });
    await box.getByTestId('rating-summary').filter({ hasText: '2.0 from 1 rating' }).waitFor();
    const [put] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/content/${lessonSlug}/rating`) && r.request().method() === 'PUT'),
      box.getByRole('button', { name: '4 of 5' }).click(),
    ]);
    assert(put.ok(), `rating answered ${put.status()}: ${await put.text()}`);
    await box.getByTestId('rating-summary').filter({ hasText: '3.0 from 2 ratings' }).waitFor();
    await page.reload();
    await box.getByTestId('my-rating').filter({ hasText: 'Your rating: 4 of 5' }).waitFor();
    assert(
      (await box.getByRole('button', { name: '4 of 5' }).getAttribute('aria-pressed')) === 'true',
      'the 4 is not pressed after a reload',
    );
    assert((await box.getByTestId('rating-summary').innerText()).includes('3.0 from 2 ratings'), 'the average is not shown after a reload');
    await shot(page, 'lesson rated');

    // The exercise page has the same control.
    await page.goto('/learn/python-ex-greeting');
    await page.getByRole('region', { name: 'Rate this exercise' }).getByRole('button', { name: '5 of 5' }).waitFor();

    // Feedback from the lesson page is tied to the lesson, with a rating.
    await page.goto(`/learn/${lessonSlug}`);
    await box.waitFor();
    await page.getByRole('banner').getByRole('button', { name: 'Feedback' }).click();
    const dialog = page.getByRole('dialog', { name: 'Send feedback' });
    assert(await dialog.getByRole('checkbox', { name: /^This is about the lesson/ }).isChecked(), 'the feedback is not tied to the lesson');
    await dialog.getByLabel('Your rating of this lesson (optional)').selectOption('4');
    await dialog.getByLabel('Message').fill('The last example helped a lot');
    const [sent] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/feedback') && r.request().method() === 'POST'),
      dialog.getByRole('button', { name: 'Send feedback' }).click(),
    ]);
    assert(sent.status() === 201, `feedback answered ${sent.status()}: ${await sent.text()}`);
    const stored = await sent.json();
    const lesson = await (await ada.request.get(`/api/v1/content/${lessonSlug}`)).json();
    assert(
      stored.rating === 4 && stored.relatedEntity?.type === 'lesson' && stored.relatedEntity?.id === lesson.id,
      `feedback stored as ${JSON.stringify(stored)}`,
    );

    const problems = [];
    // python-comprehensions' wide code blocks are scrollable regions axe flags (not this
    // control): the control is checked on the first lesson, whose code fits.
    await rcAxe(
      ada,
      page,
      [['/learn/python-hello-world', (p) => p.getByRole('region', { name: 'Rate this lesson' }).getByTestId('my-rating').waitFor()]],
      problems,
    );
    assert(problems.length === 0, problems.join('\n'));
  } finally {
    await ada.close();
    await bob.close();
  }
}
