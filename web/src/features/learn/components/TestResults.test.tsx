import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SubmissionResult } from '@/lib/api/types';
import { TestResults } from './TestResults';

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
});
