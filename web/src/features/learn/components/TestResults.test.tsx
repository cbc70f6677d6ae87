import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SubmissionResult } from '@/lib/api/types';
import { resultsSummary, TestResults } from './TestResults';

const base: SubmissionResult = {
  id: 's1',
  passed: false,
  completed: false,
  next: null,
  tests: [
    { name: 'greets a short name', passed: true, message: null },
    { name: 'ignores spaces around the name', passed: false, message: 'Strip the spaces off first.' },
  ],
  execution: { status: 'ok', stdout: 'Hello, Ada!\n', stderr: '', compileOutput: null, exitCode: 0, executionTimeMs: 32, memoryBytes: 1 },
};

describe('the test results list', () => {
  it('marks each test passed or failed, with the message only for failures', () => {
    render(<TestResults result={base} />);
    expect(screen.getByTestId('tests-summary')).toHaveTextContent('1 of 2 tests passed.');
    const [first, second] = screen.getAllByTestId('test-result');
    expect(first).toHaveAttribute('data-passed', 'true');
    expect(first).toHaveTextContent('✓ Passed: greets a short name');
    expect(first).not.toHaveTextContent('Strip');
    expect(second).toHaveTextContent('✗ Failed: ignores spaces around the name');
    expect(within(second!).getByText('Strip the spaces off first.')).toBeInTheDocument();
    expect(screen.queryByTestId('compile-output')).toBeNull();
  });

  it('shows the compiler output and stderr when there are any', () => {
    render(
      <TestResults
        result={{
          ...base,
          tests: [],
          execution: {
            ...base.execution,
            status: 'compile_error',
            compileOutput: "Main.java:3: error: ';' expected",
            stderr: 'Traceback (most recent call last)',
          },
        }}
      />,
    );
    expect(screen.getByTestId('tests-summary')).toHaveTextContent('No test could run. Compile error');
    expect(screen.getByTestId('compile-output')).toHaveTextContent("';' expected");
    expect(screen.getByTestId('stderr')).toHaveTextContent('Traceback');
  });

  it('says once that the program did not run, lists the tests as not run, and jumps to the line', async () => {
    const jumped: number[] = [];
    render(
      <TestResults
        result={{
          ...base,
          didNotRun: {
            reason: 'syntax_error',
            message: 'Your program did not run: it has a syntax error on line 3, so no test could run.',
            error: "SyntaxError: '(' was never closed",
            line: 3,
          },
          tests: base.tests.map((t) => ({ name: t.name, passed: false, message: null, notRun: true })),
          execution: { ...base.execution, status: 'runtime_error', stdout: '' },
        }}
        onJumpToLine={(l) => jumped.push(l)}
      />,
    );
    expect(screen.getAllByTestId('did-not-run')).toHaveLength(1);
    expect(screen.getByTestId('did-not-run')).toHaveTextContent("SyntaxError: '(' was never closed");
    // What happened, not the interpreter's exit status and time.
    expect(screen.getByTestId('tests-summary')).toHaveTextContent(/^Did not run: syntax error on line 3\.$/);
    expect(screen.getByTestId('tests-summary')).not.toHaveTextContent(/Runtime error|ms/);
    for (const row of screen.getAllByTestId('test-result')) {
      expect(row).toHaveAttribute('data-not-run');
      expect(row).toHaveTextContent('Not run:');
    }
    screen.getByRole('button', { name: 'Go to line 3' }).click();
    expect(jumped).toEqual([3]);
  });

  it('summarises a compile error that stopped every test as not run, without a run time', () => {
    const summary = resultsSummary({
      ...base,
      didNotRun: { reason: 'compile_error', message: 'Your program did not compile.', error: "error: ';' expected", line: null },
      tests: base.tests.map((t) => ({ ...t, passed: false, notRun: true })),
      execution: { ...base.execution, status: 'compile_error', executionTimeMs: 410 },
    });
    expect(summary).toEqual({ verdict: 'Did not run: compile error.', status: null });
    expect(resultsSummary(base)).toEqual({ verdict: '1 of 2 tests passed.', status: 'Ran to the end · 32 ms' });
  });

  it('shows expected against actual output for a failed visible test only', () => {
    render(
      <TestResults
        result={{
          ...base,
          tests: [
            { name: 'visible one', passed: false, message: 'Check the comma.', expected: 'Hello, Ada!\n', actual: 'Hello Ada\n' },
            { name: 'hidden one', passed: false, message: 'Strip the spaces.' },
          ],
        }}
      />,
    );
    const [visible, hidden] = screen.getAllByTestId('test-result');
    expect(within(visible!).getByTestId('expected-output')).toHaveTextContent('Hello, Ada!');
    expect(within(visible!).getByTestId('actual-output')).toHaveTextContent('Hello Ada');
    expect(within(hidden!).queryByTestId('output-diff')).toBeNull();
    expect(screen.queryByTestId('did-not-run')).toBeNull();
  });
});
