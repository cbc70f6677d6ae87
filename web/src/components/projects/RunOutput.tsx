//! The output of a project run (editor, shared view, showcase): status, streams, timings.

import type { ExecutionResult } from '@/lib/api/types';
import { LimitNote, RunningTimer } from '@/components/run/limits';

const STATUS: Record<string, { label: string; tone: 'ok' | 'bad' | 'warn' }> = {
  ok: { label: 'Finished', tone: 'ok' },
  compile_error: { label: 'Compile error', tone: 'bad' },
  runtime_error: { label: 'Runtime error', tone: 'bad' },
  timeout: { label: 'Time limit exceeded', tone: 'warn' },
  memory_limit: { label: 'Memory limit exceeded', tone: 'warn' },
  output_limit: { label: 'Output limit exceeded', tone: 'warn' },
  internal_error: { label: 'Internal error', tone: 'bad' },
};

const tones = {
  ok: 'bg-green-100 text-green-900 dark:bg-green-900 dark:text-green-100',
  bad: 'bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100',
  warn: 'bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100',
};

function Stream({ title, text, error = false }: { title: string; text: string; error?: boolean }) {
  return (
    <section aria-label={title}>
      <h3 className="mb-1 text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400">{title}</h3>
      <pre
        data-testid={`output-${title.toLowerCase().replace(/\s+/g, '-')}`}
        className={`max-h-72 overflow-auto rounded-md p-3 font-mono text-sm break-words whitespace-pre-wrap ${
          error
            ? 'bg-red-50 text-red-900 dark:bg-red-950 dark:text-red-100'
            : 'bg-slate-100 text-slate-900 dark:bg-slate-950 dark:text-slate-100'
        }`}
      >
        {text}
      </pre>
    </section>
  );
}

export function RunOutput({ result, running, error }: { result: ExecutionResult | null; running: boolean; error: string | null }) {
  const status = result ? (STATUS[result.status] ?? { label: result.status, tone: 'bad' as const }) : null;
  return (
    <div className="flex min-h-0 flex-col gap-3" aria-live="polite" aria-busy={running}>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <h2 className="mr-auto text-base font-semibold">Output</h2>
        <RunningTimer running={running} />
        {!running && status && result && (
          <>
            <span
              data-testid="run-status"
              data-status={result.status}
              className={`rounded px-2 py-0.5 text-xs font-semibold ${tones[status.tone]}`}
            >
              {status.label}
              {result.status === 'runtime_error' && result.exitCode != null ? ` (exit ${result.exitCode})` : ''}
            </span>
            <span className="text-slate-600 dark:text-slate-400">{result.executionTimeMs} ms</span>
          </>
        )}
      </div>
      {error && (
        <div
          role="alert"
          data-testid="run-error"
          className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
        >
          {error}
        </div>
      )}
      {!result && !error && !running && (
        <p className="text-sm text-slate-600 dark:text-slate-400">Run the project to see its output here.</p>
      )}
      {result && (
        <div className="space-y-3">
          <LimitNote status={result.status} />
          {result.compileOutput ? <Stream title="Compile output" text={result.compileOutput} error /> : null}
          <Stream title="Stdout" text={result.stdout || '(no output)'} />
          {result.stderr ? <Stream title="Stderr" text={result.stderr} error /> : null}
        </div>
      )}
    </div>
  );
}
