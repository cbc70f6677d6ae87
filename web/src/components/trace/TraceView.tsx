//! The step-through view (issue 12 item 2), the way Python Tutor shows a run: one step at a time,
//! forwards and back, with the variables of that step (changes marked in words, not colour alone),
//! the output printed so far and the exception where the program stopped. The page highlights the
//! step's line in its editor (`CodeEditor`'s `highlightLine`) and keeps the editor read-only while
//! the view is open.

import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { Button, type ButtonProps } from '@/components/ui/Button';
import { Spinner } from '@/components/ui/Spinner';
import { announcement, changesAt, frameIds, isTraceable, noValue, NOT_TRACEABLE_MESSAGE, outputUpTo, placeOf, topLevelEnd } from './steps';
import type { TraceRun } from './useTraceRun';

/**
 * "Step through" beside Run. For a language without a tracer it is a plain sentence instead: a
 * button that could only ever show an empty trace would be a broken promise.
 */
export function StepThroughButton({
  language,
  onClick,
  loading,
  disabled,
}: {
  language: string;
  onClick(): void;
  loading?: boolean;
  disabled?: boolean;
}) {
  if (!isTraceable(language))
    return (
      <p className="text-xs text-slate-600 dark:text-slate-300" data-testid="step-through-unavailable">
        {NOT_TRACEABLE_MESSAGE}
      </p>
    );
  return (
    <Button variant="secondary" onClick={onClick} loading={loading} disabled={disabled} title="Run the program one line at a time">
      Step through
    </Button>
  );
}

/** A bar and a triangle: ⏮ and ⏭ are missing from many system fonts (a box on Debian's Chromium). */
function EndIcon({ to }: { to: 'first' | 'last' }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" className="h-4 w-4" fill="currentColor">
      {to === 'first' ? <path d="M3 3h2v10H3zM13 3v10L6 8z" /> : <path d="M11 3h2v10h-2zM3 3v10l7-5z" />}
    </svg>
  );
}

/** `label` is the accessible name; any visible word in `children` must be part of it (WCAG 2.5.3). */
function StepButton({ label, onClick, atEnd, children, ...rest }: { label: string; atEnd: boolean } & ButtonProps) {
  // aria-disabled rather than disabled: a disabled button drops the focus, and with it the
  // keyboard shortcuts, the moment the learner reaches the first or last step.
  return (
    <Button
      variant="secondary"
      aria-label={label}
      title={label}
      aria-disabled={atEnd || undefined}
      onClick={atEnd ? undefined : onClick}
      className={`min-w-11 ${atEnd ? 'opacity-60' : ''}`}
      {...rest}
    >
      {children}
    </Button>
  );
}

export interface TraceViewProps {
  trace: TraceRun;
  language: string;
  /**
   * The text of the file the current step is in, when the page has it: its line is quoted under
   * the controls, so on a phone (editor above, view below) the learner reads it without scrolling.
   */
  source?: string | null;
  /** Leave the step-through (the page gives the editor its focus back). */
  onClose(): void;
}

export function TraceView({ trace, language, source, onClose }: TraceViewProps) {
  const { steps, step, current, result } = trace;
  const total = steps.length;
  const frames = useMemo(() => frameIds(steps), [steps]);
  const changes = useMemo(() => changesAt(steps, frames, step), [steps, frames, step]);
  const output = useMemo(() => outputUpTo(steps, step), [steps, step]);
  const root = useRef<HTMLElement>(null);
  const ready = total > 0;

  // The keys work as soon as the trace is on screen: focus goes to "Next step".
  useEffect(() => {
    if (ready) root.current?.querySelector<HTMLButtonElement>('[data-step="next"]')?.focus();
    else if (!trace.loading) root.current?.focus();
  }, [ready, trace.loading]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
      return;
    }
    // The slider moves itself on these keys; a text field keeps them for its cursor.
    const target = e.target as HTMLElement;
    if (!ready || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return;
    const action = { ArrowRight: trace.next, ArrowLeft: trace.previous, Home: trace.first, End: trace.last }[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  };

  const exception = current?.event === 'exception' ? current.exception : null;
  const atLast = ready && step === total - 1;
  const finalException = atLast ? result?.trace?.exception : null;
  const variables = current ? Object.entries(current.locals) : [];
  const lineText = current && source ? source.split('\n')[current.line - 1]?.trim() : null;

  return (
    <section
      ref={root}
      tabIndex={-1}
      aria-labelledby="trace-heading"
      onKeyDown={onKeyDown}
      data-testid="trace-view"
      className="flex min-w-0 flex-col gap-3 rounded-md border border-slate-300 p-3 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-600 dark:border-slate-700"
    >
      <div className="flex flex-wrap items-center gap-2">
        <h2 id="trace-heading" className="mr-auto text-base font-semibold">
          Step through
        </h2>
        <Button variant="ghost" onClick={onClose} aria-keyshortcuts="Escape" title="Back to editing (Esc)">
          Back to editing
        </Button>
      </div>

      {trace.loading && <Spinner label="Running your program step by step…" />}
      {trace.error && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-900 dark:bg-red-950 dark:text-red-100">
          {trace.error}
        </p>
      )}
      {result && !ready && (
        <NoSteps language={language} traced={!!result.trace} message={result.crash?.message ?? (result.stderr || null)} />
      )}

      {ready && current && (
        <>
          <div role="group" aria-label="Step controls" className="flex flex-wrap items-center gap-2">
            <StepButton label="First step" atEnd={step === 0} onClick={trace.first} aria-keyshortcuts="Home">
              <EndIcon to="first" />
            </StepButton>
            <StepButton label="Previous step" atEnd={step === 0} onClick={trace.previous} aria-keyshortcuts="ArrowLeft">
              <span aria-hidden="true">◀</span>
              <span className="hidden sm:inline">Previous</span>
            </StepButton>
            <StepButton data-step="next" label="Next step" atEnd={atLast} onClick={trace.next} aria-keyshortcuts="ArrowRight">
              <span className="hidden sm:inline">Next</span>
              <span aria-hidden="true">▶</span>
            </StepButton>
            <StepButton label="Last step" atEnd={atLast} onClick={trace.last} aria-keyshortcuts="End">
              <EndIcon to="last" />
            </StepButton>
            <p className="text-sm font-medium tabular-nums" data-testid="trace-counter">
              Step {step + 1} of {total}
            </p>
          </div>
          <label className="flex items-center gap-2 text-sm">
            <span className="sr-only">Step</span>
            <input
              type="range"
              min={1}
              max={total}
              value={step + 1}
              onChange={(e) => trace.go(Number(e.target.value) - 1)}
              aria-valuetext={`Step ${step + 1} of ${total}, ${placeOf(current).toLowerCase()}`}
              className="w-full accent-indigo-600"
            />
          </label>
          {/* Announced on every move; the visible line below says the same for sighted learners. */}
          <p aria-live="polite" className="sr-only" data-testid="trace-announcement">
            {announcement(current, step, total, language)}
          </p>
          <p className="text-sm" data-testid="trace-position">
            <StepSentence step={current} language={language} />
          </p>
          {lineText && (
            <pre
              className="overflow-x-auto rounded-md border-l-4 border-yellow-700 bg-yellow-50 px-3 py-1 font-mono text-sm text-slate-900 dark:border-yellow-400 dark:bg-slate-900 dark:text-slate-100"
              data-testid="trace-line"
            >
              <span className="sr-only">Line {current.line}: </span>
              {lineText}
            </pre>
          )}
          {exception && (
            <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-100">
              <strong>Exception raised:</strong> <code>{exception}</code>
            </p>
          )}
          {finalException && (
            <p
              className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-900 dark:bg-red-950 dark:text-red-100"
              data-testid="trace-exception"
            >
              <strong>The program stopped with an error</strong>
              {finalException.line != null ? ` on line ${finalException.line}` : ''}: <code>{finalException.message}</code>
            </p>
          )}

          <section aria-labelledby="trace-variables-heading">
            <h3
              id="trace-variables-heading"
              className="mb-1 text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400"
            >
              {current.function ? `Variables in ${current.function}` : 'Variables'}
            </h3>
            {variables.length === 0 ? (
              <p className="text-sm text-slate-600 dark:text-slate-300">No variables yet.</p>
            ) : (
              <table className="w-full table-fixed border-collapse text-sm" data-testid="trace-variables">
                <thead>
                  <tr className="border-b border-slate-300 text-left dark:border-slate-700">
                    <th scope="col" className="w-1/4 py-1 pr-2 font-medium">
                      Name
                    </th>
                    <th scope="col" className="py-1 pr-2 font-medium">
                      Value
                    </th>
                    <th scope="col" className="w-1/4 py-1 font-medium">
                      Change
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {variables.map(([name, value]) => {
                    const change = changes.get(name);
                    return (
                      <tr
                        key={name}
                        data-variable={name}
                        data-change={change?.kind}
                        className={`border-b border-slate-200 align-top dark:border-slate-800 ${
                          change ? 'bg-amber-50 font-semibold dark:bg-amber-950' : ''
                        }`}
                      >
                        <th scope="row" className="py-1 pr-2 text-left font-mono break-all">
                          {name}
                        </th>
                        <td className="py-1 pr-2 font-mono break-all" data-testid="trace-value">
                          {value}
                        </td>
                        <td className="py-1 text-xs break-words">
                          {change?.kind === 'new' && <span>★ new</span>}
                          {change?.kind === 'changed' && (
                            <span>
                              ✎ changed, was <code className="break-all">{change.was}</code>
                            </span>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            )}
          </section>

          <section aria-labelledby="trace-output-heading">
            <h3 id="trace-output-heading" className="mb-1 text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400">
              Output so far
            </h3>
            <pre
              data-testid="trace-output"
              className="max-h-48 overflow-auto rounded-md bg-slate-100 p-3 font-mono text-sm break-words whitespace-pre-wrap text-slate-900 dark:bg-slate-950 dark:text-slate-100"
            >
              {output || '(nothing printed yet)'}
            </pre>
          </section>

          {result?.trace?.truncated && (
            <p className="text-sm text-amber-900 dark:text-amber-100" data-testid="trace-truncated">
              The trace was truncated at {total} steps: the program ran on to its end without being recorded, so the last step shown is not
              where it finished.
            </p>
          )}
          <p className="text-xs text-slate-600 dark:text-slate-400">
            Keys: ← and → move one step, Home and End go to the first and last step, Esc goes back to editing.
          </p>
        </>
      )}
    </section>
  );
}

function StepSentence({ step, language }: { step: NonNullable<TraceRun['current']>; language: string }) {
  const where = placeOf(step);
  const inFn = step.function ? ` in ${step.function}` : '';
  if (step.event === 'return' && !step.function)
    return (
      <>
        {where}: {topLevelEnd(language)} here.
      </>
    );
  if (step.event === 'return')
    return (
      <>
        {where}
        {inFn}: <strong>{step.function}</strong> returns <code>{step.returnValue ?? noValue(language)}</code>.
      </>
    );
  if (step.event === 'exception')
    return (
      <>
        {where}
        {inFn} raised an exception.
      </>
    );
  return (
    <>
      Next to run: <strong>{where.toLowerCase()}</strong>
      {inFn} (highlighted in the editor).
    </>
  );
}

function NoSteps({ language, traced, message }: { language: string; traced: boolean; message: string | null }) {
  if (!traced || !isTraceable(language)) return <p className="text-sm">{NOT_TRACEABLE_MESSAGE} This run came back without a trace.</p>;
  return (
    <div className="space-y-2 text-sm">
      <p>The program stopped before its first line ran, so there is nothing to step through.</p>
      {message && (
        <pre className="max-h-48 overflow-auto rounded-md bg-red-50 p-3 font-mono break-words whitespace-pre-wrap text-red-900 dark:bg-red-950 dark:text-red-100">
          {message}
        </pre>
      )}
    </div>
  );
}
