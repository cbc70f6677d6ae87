// The Python track's first lesson and exercise, as several learn flows use them: the quiz's
// answers and the reference solution are read from the content files, never written here twice.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assert, repoRoot } from '../fixtures.mjs';

const lessonFile = readFileSync(join(repoRoot, 'content/python/lessons/python-hello-world.md'), 'utf8');
/** The right option of each question of python-hello-world's quiz, in order. */
export const quizAnswers = [...lessonFile.split(/^---$/m)[1].matchAll(/^\s+answer:\s*(\d+)/gm)].map((m) => Number(m[1]));
/** python-ex-greeting's reference solution. */
export const solution = readFileSync(join(repoRoot, 'content/python/exercises/python-ex-greeting/solution.py'), 'utf8');

/** Marks the item `slug` complete for `who` through the API, as the lesson page's button would. */
export async function completeItem(t, who, slug) {
  const item = await t.api(who.token, 'GET', `/content/${slug}`);
  assert(item.status === 200, `GET /content/${slug} answered ${item.status}`);
  const done = await t.api(who.token, 'POST', `/progress/${item.body.id}/complete`);
  assert(done.status < 300, `completing ${slug} answered ${done.status}: ${JSON.stringify(done.body)}`);
}

/** Submits `code` to python-ex-greeting for `who` through the API; returns the graded attempt. */
export async function submitGreeting(t, who, code) {
  const res = await t.api(who.token, 'POST', '/exercises/python-ex-greeting/submissions', { language: 'python', code });
  assert(res.status === 200, `POST /submissions answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}
