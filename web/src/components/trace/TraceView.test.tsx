import { act, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { __resetClientForTests } from '@/lib/api/client';
import type { Trace } from '@/lib/api/types';
import { json, stubApi } from '@/test/stubApi';
import { CALLS_CODE, CALLS_TRACE, JS_CALLS_CODE, JS_CALLS_TRACE, LOOP_CODE, LOOP_TRACE } from './__fixtures__/traces';
import { StepThroughButton, TraceView } from './TraceView';
import { useTraceRun } from './useTraceRun';

const execution = (trace: Trace | null, extra: Record<string, unknown> = {}) => ({
  id: 'e1',
  language: 'python',
  status: 'ok',
  stdout: '',
  stderr: '',
  exitCode: 0,
  executionTimeMs: 12,
  cpuTimeMs: 10,
  memoryBytes: 1,
  cached: false,
  createdAt: '2026-12-03T10:00:00Z',
  trace,
  ...extra,
});

/** A page in miniature: an editable program, Step through, and the view while it is open. */
function Harness({ language = 'python', code = LOOP_CODE, onClose = () => {} }: { language?: string; code?: string; onClose?(): void }) {
  const [source, setSource] = useState(code);
  const trace = useTraceRun(`${language}\n${source}`);
  return (
    <>
      <StepThroughButton
        language={language}
        loading={trace.loading}
        onClick={() => trace.start({ language, code: source, stdin: '3\n' }, `${language}\n${source}`)}
      />
      <button type="button" onClick={() => setSource(`${source}# edited\n`)}>
        Change the code
      </button>
      <p data-testid="highlight">{trace.current && !trace.current.file ? trace.current.line : 'none'}</p>
      {trace.active && (
        <TraceView
          trace={trace}
          language={language}
          source={source}
          onClose={() => {
            trace.stop();
            onClose();
          }}
        />
      )}
    </>
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
  __resetClientForTests();
});

async function openTrace(trace: Trace | null = LOOP_TRACE, extra: Record<string, unknown> = {}, code = LOOP_CODE) {
  const calls = stubApi({ 'POST /executions': () => json(execution(trace, extra)) });
  render(<Harness code={code} />);
  await userEvent.click(screen.getByRole('button', { name: 'Step through' }));
  return calls;
}

const counter = () => screen.getByTestId('trace-counter');
const announced = () => screen.getByTestId('trace-announcement');
const row = (name: string) => screen.getByRole('row', { name: new RegExp(`^${name}\\b`) });

describe('the step-through view', () => {
  it('asks for a traced run of the code and stdin Run would send, and starts at the first step', async () => {
    const calls = await openTrace();
    expect(calls).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/executions',
        body: { language: 'python', code: LOOP_CODE, stdin: '3\n', trace: true },
      }),
    ]);
    expect(await screen.findByTestId('trace-counter')).toHaveTextContent('Step 1 of 10');
    expect(announced()).toHaveTextContent('Line 1, step 1 of 10');
    expect(announced()).toHaveAttribute('aria-live', 'polite');
    expect(screen.getByTestId('highlight')).toHaveTextContent('1');
    // The keys work straight away: focus is on "Next step".
    expect(screen.getByRole('button', { name: 'Next step' })).toHaveFocus();
  });

  it('steps with the arrow keys and Home/End, and never past either end', async () => {
    await openTrace();
    await screen.findByTestId('trace-counter');
    await userEvent.keyboard('{ArrowRight}{ArrowRight}');
    expect(counter()).toHaveTextContent('Step 3 of 10');
    expect(announced()).toHaveTextContent('Line 3, step 3 of 10');
    expect(screen.getByTestId('highlight')).toHaveTextContent('3');
    // The line itself is quoted under the controls (on a phone the editor is above, out of sight).
    expect(screen.getByTestId('trace-line')).toHaveTextContent('Line 3: total += i');
    await userEvent.keyboard('{ArrowLeft}');
    expect(counter()).toHaveTextContent('Step 2 of 10');
    await userEvent.keyboard('{End}');
    expect(counter()).toHaveTextContent('Step 10 of 10');
    await userEvent.keyboard('{ArrowRight}');
    expect(counter()).toHaveTextContent('Step 10 of 10');
    await userEvent.keyboard('{Home}');
    expect(counter()).toHaveTextContent('Step 1 of 10');
    await userEvent.keyboard('{ArrowLeft}');
    expect(counter()).toHaveTextContent('Step 1 of 10');
    expect(screen.getByRole('button', { name: 'Previous step' })).toHaveAttribute('aria-disabled', 'true');
  });

  it('steps with the labelled buttons and the slider', async () => {
    await openTrace();
    await screen.findByTestId('trace-counter');
    await userEvent.click(screen.getByRole('button', { name: 'Last step' }));
    expect(counter()).toHaveTextContent('Step 10 of 10');
    await userEvent.click(screen.getByRole('button', { name: 'Next step' }));
    expect(counter()).toHaveTextContent('Step 10 of 10');
    await userEvent.click(screen.getByRole('button', { name: 'Previous step' }));
    expect(counter()).toHaveTextContent('Step 9 of 10');
    await userEvent.click(screen.getByRole('button', { name: 'First step' }));
    expect(counter()).toHaveTextContent('Step 1 of 10');
    fireEvent.change(screen.getByRole('slider', { name: 'Step' }), { target: { value: '6' } });
    expect(counter()).toHaveTextContent('Step 6 of 10');
    expect(screen.getByRole('slider', { name: 'Step' })).toHaveAttribute('aria-valuetext', 'Step 6 of 10, line 2');
  });

  it('shows the variables of the step and marks the changed one in words, with its old value', async () => {
    await openTrace();
    await screen.findByTestId('trace-counter');
    fireEvent.change(screen.getByRole('slider', { name: 'Step' }), { target: { value: '6' } });
    // Step 6: `total += i` has just run with i = 1.
    expect(within(row('total')).getByTestId('trace-value')).toHaveTextContent('1');
    expect(row('total')).toHaveTextContent('changed, was 0');
    expect(row('total')).toHaveAttribute('data-change', 'changed');
    expect(within(row('i')).getByTestId('trace-value')).toHaveTextContent('1');
    expect(row('i')).not.toHaveAttribute('data-change');
    expect(row('i')).not.toHaveTextContent('changed');
    await userEvent.keyboard('{ArrowLeft}');
    expect(row('i')).toHaveTextContent('changed, was 0');
    expect(row('total')).not.toHaveTextContent('changed');
    await userEvent.keyboard('{Home}{ArrowRight}');
    // Step 2: `total = 0` has just run.
    expect(row('total')).toHaveTextContent('new');
    expect(row('total')).toHaveAttribute('data-change', 'new');
  });

  it('shows the output printed so far and, on the last step, the exception the program stopped with', async () => {
    await openTrace(CALLS_TRACE, { status: 'runtime_error', exitCode: 1 }, CALLS_CODE);
    await screen.findByTestId('trace-counter');
    expect(screen.getByTestId('trace-output')).toHaveTextContent('(nothing printed yet)');
    fireEvent.change(screen.getByRole('slider', { name: 'Step' }), { target: { value: '12' } });
    expect(screen.getByTestId('trace-output').textContent).toBe('0\n1\n');
    expect(screen.queryByTestId('trace-exception')).not.toBeInTheDocument();
    await userEvent.keyboard('{End}');
    expect(screen.getByTestId('trace-exception')).toHaveTextContent(
      'The program stopped with an error on line 7: ZeroDivisionError: division by zero',
    );
    await userEvent.keyboard('{ArrowLeft}');
    expect(screen.getByTestId('trace-position')).toHaveTextContent('Line 7 raised an exception.');
    expect(announced()).toHaveTextContent('Line 7, step 14 of 15: ZeroDivisionError: division by zero');
  });

  it('names the function whose variables it shows, and what it returns', async () => {
    await openTrace(CALLS_TRACE, {}, CALLS_CODE);
    await screen.findByTestId('trace-counter');
    fireEvent.change(screen.getByRole('slider', { name: 'Step' }), { target: { value: '6' } });
    expect(screen.getByRole('heading', { name: 'Variables in square' })).toBeInTheDocument();
    expect(screen.getByTestId('trace-position')).toHaveTextContent('Line 3 in square: square returns 0.');
  });

  it('says when the trace was truncated, and at how many steps', async () => {
    await openTrace({ ...LOOP_TRACE, truncated: true });
    expect(await screen.findByTestId('trace-truncated')).toHaveTextContent('The trace was truncated at 10 steps');
  });

  it('says nothing about truncation for a whole trace', async () => {
    await openTrace();
    await screen.findByTestId('trace-counter');
    expect(screen.queryByTestId('trace-truncated')).not.toBeInTheDocument();
  });

  it('closes on Escape and when the code on screen changes', async () => {
    const onClose = vi.fn();
    stubApi({ 'POST /executions': () => json(execution(LOOP_TRACE)) });
    render(<Harness onClose={onClose} />);
    await userEvent.click(screen.getByRole('button', { name: 'Step through' }));
    await screen.findByTestId('trace-counter');
    await userEvent.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalledOnce();
    expect(screen.queryByTestId('trace-view')).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Step through' }));
    await screen.findByTestId('trace-counter');
    await userEvent.click(screen.getByRole('button', { name: 'Change the code' }));
    expect(screen.queryByTestId('trace-view')).not.toBeInTheDocument();
    expect(screen.getByTestId('highlight')).toHaveTextContent('none');
  });

  it('drops the answer of a run the learner left before it came back', async () => {
    let answer!: (r: Response) => void;
    stubApi({ 'POST /executions': () => new Promise<Response>((ok) => (answer = ok)) });
    render(<Harness />);
    await userEvent.click(screen.getByRole('button', { name: 'Step through' }));
    expect(screen.getByText('Running your program step by step…')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Back to editing' }));
    await act(async () => answer(json(execution(LOOP_TRACE))));
    expect(screen.queryByTestId('trace-view')).not.toBeInTheDocument();
  });

  it('shows a refused run as an alert with the wait', async () => {
    stubApi({
      'POST /executions': () =>
        new Response(JSON.stringify({ status: 429, title: 'Too Many Requests', detail: 'Too many runs.', code: 'rate_limited' }), {
          status: 429,
          headers: { 'content-type': 'application/problem+json', 'retry-after': '12' },
        }),
    });
    render(<Harness />);
    await userEvent.click(screen.getByRole('button', { name: 'Step through' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('You can try again in 12 s.');
  });

  it('explains a program that stopped before its first line', async () => {
    await openTrace({ steps: [], truncated: false }, { status: 'runtime_error', stderr: 'SyntaxError: invalid syntax' });
    expect(await screen.findByText(/stopped before its first line ran/)).toBeInTheDocument();
    expect(screen.getByText('SyntaxError: invalid syntax')).toBeInTheDocument();
    expect(screen.queryByTestId('trace-counter')).not.toBeInTheDocument();
  });
});

describe('a JavaScript program', () => {
  it('is stepped through like a Python one: the request, the calls, what a function returns and the TypeError', async () => {
    const calls = stubApi({
      'POST /executions': () => json(execution(JS_CALLS_TRACE, { language: 'javascript', status: 'runtime_error', exitCode: 1 })),
    });
    render(<Harness language="javascript" code={JS_CALLS_CODE} />);
    await userEvent.click(screen.getByRole('button', { name: 'Step through' }));
    expect(calls).toEqual([expect.objectContaining({ body: { language: 'javascript', code: JS_CALLS_CODE, stdin: '3\n', trace: true } })]);
    const total = JS_CALLS_TRACE.steps.length;
    expect(await screen.findByTestId('trace-counter')).toHaveTextContent(`Step 1 of ${total}`);
    // Step 6 is square's first return.
    for (let i = 0; i < 5; i++) await userEvent.keyboard('{ArrowRight}');
    expect(announced()).toHaveTextContent(`Line 3, step 6 of ${total}: square returns 0`);
    expect(screen.getByTestId('trace-line')).toHaveTextContent('Line 3: return result;');
    await userEvent.keyboard('{End}');
    expect(announced()).toHaveTextContent("TypeError: Cannot read properties of null (reading 'length')");
    expect(screen.getByTestId('highlight')).toHaveTextContent('9');
  });
});

describe('languages without a tracer', () => {
  it.each(['java', 'cpp'])('%s gets the sentence, not a button', (language) => {
    render(<StepThroughButton language={language} onClick={() => {}} />);
    expect(screen.getByText('Step-through is available for Python and JavaScript.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Step through' })).not.toBeInTheDocument();
  });

  it('a run that came back without a trace says so', async () => {
    await openTrace(null);
    expect(
      await screen.findByText(/Step-through is available for Python and JavaScript\. This run came back without a trace\./),
    ).toBeInTheDocument();
  });
});
