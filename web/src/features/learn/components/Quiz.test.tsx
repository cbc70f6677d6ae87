import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { __resetClientForTests } from '@/lib/api/client';
import { Quiz } from './Quiz';
import { json, renderAt, stubApi } from './testing';

const questions = [
  { question: 'What does `print("Hi", "there")` print?', options: ['Hi there', 'Hithere'] },
  { question: 'Which line prints `5 + 3`?', options: ['print("5 + 3")', 'print(5 + 3)'] },
];

afterEach(() => {
  vi.unstubAllGlobals();
  __resetClientForTests();
});

describe('the quiz', () => {
  it('checks the chosen answers and explains each under the option chosen', async () => {
    const calls = stubApi({
      'POST /content/hello/quiz': () =>
        json([
          { correct: true, explanation: 'Right: one space between values.' },
          { correct: false, explanation: 'Without quotes Python calculates 8.' },
        ]),
    });
    renderAt('/', [{ path: '/', element: <Quiz slug="hello" questions={questions} /> }]);
    const check = await screen.findByRole('button', { name: 'Check answers' });
    expect(check).toBeDisabled();
    await userEvent.click(screen.getByLabelText('Hi there'));
    await userEvent.click(screen.getByLabelText('print(5 + 3)'));
    await userEvent.click(check);

    const feedback = await screen.findAllByTestId('quiz-feedback');
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ answers: [0, 1] });
    expect(feedback.map((f) => f.dataset.correct)).toEqual(['true', 'false']);
    expect(feedback[1]).toHaveTextContent('Not quite. Without quotes Python calculates 8.');
    // The explanation belongs to the chosen option and describes it for screen readers.
    expect(screen.getByLabelText('print(5 + 3)')).toHaveAccessibleDescription(/Without quotes Python calculates 8/);
    expect(screen.getByTestId('quiz-score')).toHaveTextContent('1 of 2 correct');
  });

  it('forgets a question’s verdict when its answer changes', async () => {
    stubApi({
      'POST /content/hello/quiz': () =>
        json([
          { correct: true, explanation: 'Right.' },
          { correct: false, explanation: 'Wrong.' },
        ]),
    });
    renderAt('/', [{ path: '/', element: <Quiz slug="hello" questions={questions} /> }]);
    await userEvent.click(await screen.findByLabelText('Hi there'));
    await userEvent.click(screen.getByLabelText('print(5 + 3)'));
    await userEvent.click(screen.getByRole('button', { name: 'Check answers' }));
    await screen.findAllByTestId('quiz-feedback');
    await userEvent.click(screen.getByLabelText('print("5 + 3")'));
    const fieldsets = screen.getAllByTestId('quiz-question');
    expect(within(fieldsets[1]!).queryByTestId('quiz-feedback')).toBeNull();
    expect(within(fieldsets[0]!).getByTestId('quiz-feedback')).toHaveTextContent('Right.');
  });

  it('shows a failed check instead of feedback', async () => {
    stubApi({ 'POST /content/hello/quiz': () => json({ title: 'Unprocessable', status: 422, detail: 'Answer every question.' }, 422) });
    renderAt('/', [{ path: '/', element: <Quiz slug="hello" questions={questions} /> }]);
    await userEvent.click(await screen.findByLabelText('Hi there'));
    await userEvent.click(screen.getByLabelText('print(5 + 3)'));
    await userEvent.click(screen.getByRole('button', { name: 'Check answers' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Answer every question.');
    expect(screen.queryByTestId('quiz-feedback')).toBeNull();
  });
});
