import type { SubmissionResult, TestResult } from '@/lib/api/types';
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

/** Expected and actual output of a failed visible test, side by side (stacked on narrow screens). */
function OutputDiff({ test }: { test: TestResult }) {
  if (test.expected == null || test.actual == null) return null;
  const block =
    'mt-1 max-h-48 overflow-auto rounded bg-white p-2 font-mono text-xs whitespace-pre-wrap break-words text-slate-900 dark:bg-slate-900 dark:text-slate-100';
  return (
    <div className="mt-2 grid gap-2 sm:grid-cols-2" data-testid="output-diff">
      <div>
        <h4 className="text-xs font-semibold text-slate-700 dark:text-slate-300">Expected output</h4>
        <pre className={block} data-testid="expected-output">
          {test.expected || '(nothing)'}
        </pre>
      </div>
      <div>
        <h4 className="text-xs font-semibold text-slate-700 dark:text-slate-300">Your output</h4>
        <pre className={block} data-testid="actual-output">
          {test.actual || '(nothing)'}
        </pre>
      </div>
      {test.clipped && <p className="text-xs text-slate-600 sm:col-span-2 dark:text-slate-400">Long output is cut at 4 KiB.</p>}
    </div>
  );
}

/** The one explanation when the program did not run at all, with a jump to the error's line. */
function DidNotRun({ info, onJumpToLine }: { info: NonNullable<SubmissionResult['didNotRun']>; onJumpToLine?: (line: number) => void }) {
  return (
    <div
      data-testid="did-not-run"
      data-reason={info.reason}
      className="rounded-md border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
    >
      <h3 className="font-semibold">Your program did not run</h3>
      <p className="mt-1">{info.message}</p>
      <pre className="mt-2 overflow-auto rounded bg-white p-2 font-mono text-xs whitespace-pre-wrap text-red-900 dark:bg-slate-900 dark:text-red-100">
        {info.error}
      </pre>
      {info.line != null && onJumpToLine && (
        <button
          type="button"
          onClick={() => onJumpToLine(info.line!)}
          className="mt-2 rounded px-2 py-1 font-medium underline hover:bg-red-100 focus-visible:outline-2 focus-visible:outline-red-700 dark:hover:bg-red-900"
          data-testid="did-not-run-line"
        >
          Go to line {info.line}
        </button>
      )}
    </div>
  );
}

const NOT_RUN_REASON: Record<string, string> = {
  syntax_error: 'syntax error',
  compile_error: 'compile error',
};

/**
 * The results' one-line summary. A program that never started (it did not parse or compile)
 * says so, with no status badge or run time beside it: the sandbox's "Runtime error · 23 ms" would
 * describe an interpreter that stopped at the parse, not a run of the learner's program.
 */
export function resultsSummary(result: SubmissionResult): { verdict: string; status: string | null } {
  const ex = result.execution;
  const notRun = result.didNotRun;
  if (notRun) {
    const what = NOT_RUN_REASON[notRun.reason] ?? notRun.reason.replace(/_/g, ' ');
    return { verdict: `Did not run: ${what}${notRun.line != null ? ` on line ${notRun.line}` : ''}.`, status: null };
  }
  const status = `${STATUS_LABEL[ex.status] ?? ex.status} · ${ex.executionTimeMs} ms`;
  if (result.tests.length === 0) return { verdict: 'No test could run.', status };
  const passed = result.tests.filter((t) => t.passed).length;
  return { verdict: `${passed} of ${result.tests.length} test${result.tests.length === 1 ? '' : 's'} passed.`, status };
}

/**
 * Per-test verdicts (name, and on failure the learner-facing message and, for a visible test,
 * expected against actual output), then what the program printed. A program that did not run
 * gets one explanation and its tests are listed as not run.
 */
export function TestResults({ result, onJumpToLine }: { result: SubmissionResult; onJumpToLine?: (line: number) => void }) {
  const summary = resultsSummary(result);
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
        {summary.verdict}
        {summary.status && (
          <>
            {' '}
            <span className="text-slate-600 dark:text-slate-400">{summary.status}</span>
          </>
        )}
      </p>
      <LimitNote status={ex.status} />
      {result.didNotRun && <DidNotRun info={result.didNotRun} onJumpToLine={onJumpToLine} />}
      {result.tests.length > 0 && (
        <ul className="space-y-2" data-testid="test-results">
          {result.tests.map((t) =>
            t.notRun ? (
              <li
                key={t.name}
                data-testid="test-result"
                data-passed={false}
                data-not-run
                className="rounded-md border border-slate-300 bg-slate-50 px-3 py-2 text-sm text-slate-700 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-300"
              >
                <span aria-hidden="true">–</span> <span className="sr-only">Not run:</span> {t.name}
                <span className="ml-2 text-xs">(not run)</span>
              </li>
            ) : (
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
                {!t.passed && <OutputDiff test={t} />}
              </li>
            ),
          )}
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
