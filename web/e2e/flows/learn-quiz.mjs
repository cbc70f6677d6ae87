import { assert, shot } from '../fixtures.mjs';
import { quizAnswers } from '../helpers/learn.mjs';

export const title = 'the quiz explains a wrong answer, then accepts the right one';

export default async function flow(t) {
  const s = await t.learnerPage();
  const { page } = s;
  await page.goto('/learn/python-hello-world');
  const questions = page.getByTestId('quiz-question');
  await questions.first().waitFor();
  assert(quizAnswers.length === 2 && (await questions.count()) === 2, `read ${quizAnswers.length} quiz answers from the lesson file`);
  const pick = async (q, option) => questions.nth(q).getByRole('radio').nth(option).check();
  const options2 = await questions.nth(1).getByRole('radio').count();
  await pick(0, quizAnswers[0]);
  await pick(1, (quizAnswers[1] + 1) % options2);
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/content/python-hello-world/quiz')),
    page.getByRole('button', { name: 'Check answers' }).click(),
  ]);
  const feedback = await res.json();
  assert(feedback.map((f) => f.correct).join() === 'true,false', `the server judged ${JSON.stringify(feedback)}`);
  const wrong = questions.nth(1).getByTestId('quiz-feedback');
  await wrong.waitFor();
  const shown = await wrong.innerText();
  assert(shown.startsWith('Not quite.'), `the wrong answer reads ${JSON.stringify(shown)}`);
  assert(shown.includes(feedback[1].explanation.replace(/`/g, '')), `the explanation is not shown: ${JSON.stringify(shown)}`);
  await page.getByTestId('quiz-score').filter({ hasText: '1 of 2 correct' }).waitFor();
  await shot(page, 'quiz feedback');
  await pick(1, quizAnswers[1]);
  await page.getByRole('button', { name: 'Check answers' }).click();
  await page.getByTestId('quiz-score').filter({ hasText: 'All 2 correct.' }).waitFor();
}
