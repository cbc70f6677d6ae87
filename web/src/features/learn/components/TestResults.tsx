import type { SubmissionResult } from '@/lib/api/types';
import { InlineCode } from './InlineCode';
import { LimitNote } from '@/components/run/limits';

const STATUS_LABEL: Record<string, string> = {
  ok: 'Ran to the end',
  compile_error: 'Compile error',
  runtime_error: 'Runtime error',
  timeout: 'Time limit exceeded',
  memory_limit: 'Memory limit exceeded',
  output_limit: 'Too much output',
  internal_error: 'Internal error',
};

/** Per-test verdicts (name, and on failure the learner-facing message), then what the program printed. */
export function TestResults({ result }: { result: SubmissionResult }) {
  const passed = result.tests.filter((t) => t.passed).length;
  const ex = result.execution;
  const problems = [
    ex.compileOutput?.trim() ? { label: 'Compiler output', text: ex.compileOutput } : null,
    ex.stderr.trim() ? { label: 'Errors (stderr)', text: ex.stderr } : null,
  ].filter((p): p is { label: string; text: string } => p !== null);
  return (
    <section aria-labelledby="results-heading" className="space-y-3">
      <h2 id="results-heading" className="text-base font-semibold">
        Results
      </h2>
      <p className="text-sm" data-testid="tests-summary">
        {result.tests.length === 0
          ? 'No test could run.'
          : `${passed} of ${result.tests.length} test${result.tests.length === 1 ? '' : 's'} passed.`}{' '}
        <span className="text-slate-600 dark:text-slate-400">
          {STATUS_LABEL[ex.status] ?? ex.status} · {ex.executionTimeMs} ms
        </span>
      </p>
      <LimitNote status={ex.status} />
      {result.tests.length > 0 && (
        <ul className="space-y-2" data-testid="test-results">
          {result.tests.map((t) => (
            <li
              key={t.name}
              data-testid="test-result"
              data-passed={t.passed}
              className={`rounded-md border px-3 py-2 text-sm ${
                t.passed
                  ? 'border-green-300 bg-green-50 dark:border-green-800 dark:bg-green-950'
                  : 'border-red-300 bg-red-50 dark:border-red-800 dark:bg-red-950'
              }`}
            >
              <p className={`font-medium ${t.passed ? 'text-green-900 dark:text-green-100' : 'text-red-900 dark:text-red-100'}`}>
                <span aria-hidden="true">{t.passed ? '✓' : '✗'}</span> <span className="sr-only">{t.passed ? 'Passed:' : 'Failed:'}</span>{' '}
                {t.name}
              </p>
              {!t.passed && t.message && (
                <p className="mt-1 whitespace-pre-wrap text-slate-800 dark:text-slate-200">
                  <InlineCode text={t.message} />
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      {problems.map((p) => (
        <div key={p.label}>
          <h3 className="text-sm font-medium">{p.label}</h3>
          <pre
            className="mt-1 max-h-64 overflow-auto rounded-md bg-slate-900 p-3 font-mono text-xs whitespace-pre-wrap text-slate-100"
            data-testid={p.label === 'Compiler output' ? 'compile-output' : 'stderr'}
          >
            {p.text}
          </pre>
        </div>
      ))}
    </section>
  );
}
