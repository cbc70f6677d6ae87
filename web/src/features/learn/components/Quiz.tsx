import { useState } from 'react';
import { Button } from '@/components/ui/Button';
import { FormAlert } from '@/components/ui/Field';
import { NeedsNetworkNote } from '@/components/offline/OfflineBanner';
import { useOnline } from '@/lib/offline/network';
import { errorMessage } from '@/lib/api/forms';
import type { QuizFeedback, QuizQuestion } from '@/lib/api/types';
import { useCheckQuiz } from '../api/quiz';
import { InlineCode } from './InlineCode';

/** Multiple choice, checked by the server; the explanation appears under the option chosen. */
export function Quiz({ slug, questions }: { slug: string; questions: QuizQuestion[] }) {
  const check = useCheckQuiz(slug);
  const online = useOnline();
  const [answers, setAnswers] = useState<(number | undefined)[]>(() => questions.map(() => undefined));
  // Feedback belongs to the answers it was given for: changing an answer clears that question's.
  const [feedback, setFeedback] = useState<(QuizFeedback | undefined)[]>([]);
  const complete = answers.every((a) => a !== undefined);
  const checked = feedback.filter(Boolean) as QuizFeedback[];
  const allChecked = checked.length === questions.length;
  const correct = checked.filter((f) => f.correct).length;

  const choose = (q: number, option: number) => {
    setAnswers((a) => a.map((v, i) => (i === q ? option : v)));
    setFeedback((f) => f.map((v, i) => (i === q ? undefined : v)));
  };

  const submit = () => {
    if (!complete) return;
    check.mutate(answers as number[], { onSuccess: (res) => setFeedback(res) });
  };

  return (
    <section aria-labelledby="quiz-heading" className="mt-10 rounded-lg border border-slate-200 p-4 sm:p-6 dark:border-slate-800">
      <h2 id="quiz-heading" className="text-lg font-semibold">
        Check your understanding
      </h2>
      <form
        className="mt-4 space-y-6"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        {questions.map((q, qi) => {
          const fb = feedback[qi];
          return (
            <fieldset key={qi} data-testid="quiz-question">
              <legend className="font-medium">
                {qi + 1}. <InlineCode text={q.question} />
              </legend>
              <div className="mt-2 space-y-2">
                {q.options.map((option, oi) => {
                  const chosen = answers[qi] === oi;
                  const id = `quiz-${qi}-${oi}`;
                  const tone =
                    chosen && fb
                      ? fb.correct
                        ? 'border-green-700 bg-green-50 dark:border-green-500 dark:bg-green-950'
                        : 'border-red-700 bg-red-50 dark:border-red-400 dark:bg-red-950'
                      : 'border-slate-300 dark:border-slate-700';
                  return (
                    <div key={oi} className={`rounded-md border px-3 py-2 ${tone}`}>
                      <div className="flex items-start gap-2">
                        <input
                          id={id}
                          type="radio"
                          name={`quiz-${qi}`}
                          checked={chosen}
                          onChange={() => choose(qi, oi)}
                          className="mt-1.5"
                          aria-describedby={chosen && fb ? `${id}-feedback` : undefined}
                        />
                        <label htmlFor={id} className="flex-1">
                          <InlineCode text={option} />
                        </label>
                      </div>
                      {chosen && fb && (
                        <p
                          id={`${id}-feedback`}
                          data-testid="quiz-feedback"
                          data-correct={fb.correct}
                          className={`mt-1 ml-6 text-sm ${fb.correct ? 'text-green-800 dark:text-green-200' : 'text-red-800 dark:text-red-200'}`}
                        >
                          <strong>{fb.correct ? 'Correct. ' : 'Not quite. '}</strong>
                          <InlineCode text={fb.explanation} />
                        </p>
                      )}
                    </div>
                  );
                })}
              </div>
            </fieldset>
          );
        })}
        {check.isError && <FormAlert>{errorMessage(check.error)}</FormAlert>}
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" disabled={!complete || !online} loading={check.isPending}>
            Check answers
          </Button>
          <NeedsNetworkNote what="Checking answers" />
          <p role="status" className="text-sm text-slate-700 dark:text-slate-300" data-testid="quiz-score">
            {allChecked
              ? correct === questions.length
                ? `All ${questions.length} correct.`
                : `${correct} of ${questions.length} correct. Change an answer and check again.`
              : !complete
                ? 'Answer every question to check.'
                : ''}
          </p>
        </div>
      </form>
    </section>
  );
}
