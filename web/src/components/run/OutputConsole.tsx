//! A run's status, timings, problems and streams. Shared by the playground, the exercise
//! page's Run, the project editor and the showcase, so a run reads the same everywhere.

import type { ExecutionResult, ExecutionStatus } from '@/lib/api/types';
import type { ErrorMarker } from '@/lib/errorMarkers';
import { LimitNote, RunningTimer } from '@/components/run/limits';
import { LiveConsole, Transcript, type LiveConsoleProps } from '@/components/run/LiveConsole';

const STATUS: Partial<Record<ExecutionStatus, { label: string; tone: 'ok' | 'bad' | 'warn' }>> = {
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

export function formatBytes(bytes: number | null | undefined): string | null {
  if (bytes == null) return null;
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function Stream({ title, text, tone }: { title: string; text: string; tone?: 'error' }) {
  return (
    <section aria-label={title}>
      <h3 className="mb-1 text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400">{title}</h3>
      <pre
        data-testid={`output-${title.toLowerCase().replace(/\s+/g, '-')}`}
        className={`max-h-72 overflow-auto rounded-md p-3 font-mono text-sm whitespace-pre-wrap break-words ${
          tone === 'error'
            ? 'bg-red-50 text-red-900 dark:bg-red-950 dark:text-red-100'
            : 'bg-slate-100 text-slate-900 dark:bg-slate-900 dark:text-slate-100'
        }`}
      >
        {text}
      </pre>
    </section>
  );
}

export interface OutputConsoleProps {
  result: ExecutionResult | null;
  running: boolean;
  error: string | null;
  /** Problems parsed from the run's output, each a button that jumps to its line. */
  markers?: ErrorMarker[];
  onJump?(marker: ErrorMarker): void;
  /** What to say before the first run. */
  idleHint?: string;
  /** An interactive run: while it runs, its console (output as it comes, an input line, Stop). */
  live?: LiveConsoleProps;
}

export function OutputConsole({
  result,
  running,
  error,
  markers = [],
  onJump,
  idleHint = 'Run your program to see its output here.',
  live,
}: OutputConsoleProps) {
  const liveRunning = !!live && (live.state.phase === 'connecting' || live.state.phase === 'running');
  // A status this app does not know yet still shows, by its raw name.
  const stoppedByLearner = !!live && live.state.stopped && !!result && live.state.result?.id === result.id;
  const status = !result
    ? null
    : stoppedByLearner
      ? { label: 'Stopped', tone: 'warn' as const }
      : (STATUS[result.status as ExecutionStatus] ?? { label: result.status, tone: 'bad' as const });
  const mem = formatBytes(result?.memoryBytes);
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
              {!stoppedByLearner && result.status === 'runtime_error' && result.exitCode != null ? ` (exit ${result.exitCode})` : ''}
            </span>
            <span className="text-slate-600 dark:text-slate-400" title="Wall-clock time">
              {result.executionTimeMs} ms
            </span>
            {mem && (
              <span className="text-slate-600 dark:text-slate-400" title="Peak memory">
                {mem}
              </span>
            )}
            {result.cached && (
              <span className="text-slate-600 dark:text-slate-400" title="The same program and input ran before; this is that result">
                cached
              </span>
            )}
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

      {live && liveRunning && <LiveConsole {...live} />}

      {!result && !error && !running && !liveRunning && <p className="text-sm text-slate-600 dark:text-slate-400">{idleHint}</p>}

      {result && !liveRunning && (
        <div className="space-y-3">
          <LimitNote status={result.status} />
          {markers.length > 0 && (
            <section aria-label="Problems">
              <h3 className="mb-1 text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400">Problems</h3>
              <ul className="space-y-1" data-testid="problems">
                {markers.map((m, i) => (
                  <li key={i}>
                    <button
                      type="button"
                      onClick={() => onJump?.(m)}
                      className="w-full rounded px-2 py-1 text-left text-sm hover:bg-slate-100 dark:hover:bg-slate-800"
                    >
                      <span
                        className={`font-semibold ${m.severity === 'error' ? 'text-red-700 dark:text-red-300' : m.severity === 'warning' ? 'text-amber-800 dark:text-amber-300' : ''}`}
                      >
                        Line {m.line}
                        {m.column !== undefined ? `:${m.column}` : ''}
                      </span>{' '}
                      {m.message}
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {live && live.state.typed > 0 ? (
            <section aria-label="Console">
              <h3 className="mb-1 text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400">Console</h3>
              <Transcript state={live.state} />
            </section>
          ) : null}
          {result.compileOutput ? <Stream title="Compile output" text={result.compileOutput} tone="error" /> : null}
          <Stream title="Stdout" text={result.stdout || '(no output)'} />
          {result.stderr ? <Stream title="Stderr" text={result.stderr} tone="error" /> : null}
        </div>
      )}
    </div>
  );
}
