import { lazy, Suspense, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { Button } from '@/components/ui/Button';
import { NeedsNetworkNote } from '@/components/offline/OfflineBanner';
import { useOnline } from '@/lib/offline/network';
import { PageLoading } from '@/components/ui/Spinner';
import { OutputConsole } from '@/components/run/OutputConsole';
import { StepThroughButton, TraceView } from '@/components/trace/TraceView';
import { isTraceable } from '@/components/trace/steps';
import { useTraceRun } from '@/components/trace/useTraceRun';
// Type only (erased): Monaco itself stays in the lazy chunk.
import type { EditorHandle } from '@/components/editor/CodeEditor';
import { canFormat } from '@/components/editor/formatting';
import { GetHelpButton, HELP_QUERY, TutorPanel } from '@/components/tutor/TutorPanel';
import { useTutorChat } from '@/components/tutor/useTutorChat';
import { errorMessage } from '@/lib/api/forms';
import { parseErrorMarkers, type ErrorMarker } from '@/lib/errorMarkers';
import { isApiError } from '@/lib/api/problem';
import type { ContentDetail, ExecutionResult, SubmissionResult, TutorContext } from '@/lib/api/types';
import { useTheme } from '@/lib/theme';
import { exerciseDraftKey, useDraftSync } from '@/lib/serverDraft';
import { useNext } from '../api/content';
import { useProgress } from '../api/progress';
import { exerciseRunRequest, runsLearnerFileAsEntry, useRunExercise } from '../api/run';
import { useSubmitSolution } from '../api/submissions';
import { clearExerciseDraft, loadExerciseDraft, saveExerciseDraft } from '../lib/exerciseDraft';
import { useReadingProgress } from '../lib/useReadingProgress';
import { Attempts } from './Attempts';
import { Hints } from './Hints';
import { LessonMarkdown } from './Markdown';
import { NextLink } from './NextLink';
import { TestResults } from './TestResults';

// Monaco loads in its own chunk, only when an exercise opens.
const CodeEditor = lazy(() => import('@/components/editor/CodeEditor'));

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = isMac ? '⌘' : 'Ctrl';
const LANGUAGE_NAMES: Record<string, string> = { python: 'Python', javascript: 'JavaScript', java: 'Java', cpp: 'C++' };
const EXT: Record<string, string> = { python: 'py', javascript: 'js', java: 'java', cpp: 'cpp' };

function pickLanguage(item: ContentDetail): string {
  const offered = Object.keys(item.starterCode ?? {});
  if (offered.includes(item.track)) return item.track;
  return offered[0] ?? item.track;
}

export function ExerciseView({ item, loggedIn }: { item: ContentDetail; loggedIn: boolean }) {
  const { resolved } = useTheme();
  const online = useOnline();
  const starters = item.starterCode ?? {};
  const languages = Object.keys(starters);
  const [language, setLanguage] = useState(() => pickLanguage(item));
  const [code, setCode] = useState(() => loadExerciseDraft(item.slug, language) ?? starters[language] ?? '');
  const [result, setResult] = useState<SubmissionResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Error lines of the last check, underlined until the code changes (then the lines may not match).
  const [markedCode, setMarkedCode] = useState<string | null>(null);
  const submit = useSubmitSolution(item.slug);
  const next = useNext(item.slug);
  const progress = useProgress(loggedIn);
  const stored = progress.data?.find((p) => p.contentId === item.id);
  useReadingProgress({
    contentId: item.id,
    enabled: loggedIn && progress.isSuccess && !item.completed,
    baseSeconds: stored?.timeSpentSeconds ?? 0,
    basePercent: stored?.progressPercentage ?? item.progressPercentage,
  });

  const latest = useRef({ language, code });
  // Run and Step through use input the learner types (not the tests'). Run lays the files out
  // as a submission does (beside the driver, if any); Step through runs the learner's file alone.
  const [traceInput, setTraceInput] = useState('');
  const runner = useRunExercise();
  const [runResult, setRunResult] = useState<ExecutionResult | null>(null);
  const [runError, setRunError] = useState<string | null>(null);
  const [ranCode, setRanCode] = useState<string | null>(null);
  const runInFlight = useRef(false);
  const trace = useTraceRun(`${language}\n${code}`);
  const stopTrace = trace.stop;
  const editor = useRef<EditorHandle | null>(null);
  useLayoutEffect(() => {
    latest.current = { language, code };
  });
  // The server's copy of the draft follows the learner to any browser; it replaces the
  // browser's copy when it arrives, unless the learner has typed since.
  const drafts = useDraftSync(exerciseDraftKey(item.slug, language), language, loggedIn, (remote) => {
    if (remote === latest.current.code) return;
    setCode(remote);
    latest.current = { ...latest.current, code: remote };
    saveExerciseDraft(item.slug, latest.current.language, remote);
  });
  const inFlight = useRef(false);
  const chat = useTutorChat();
  const [tutorOpen, setTutorOpen] = useState(false);
  const closeTutor = useCallback(() => setTutorOpen(false), []);
  const tutorContext = useCallback((): TutorContext => {
    const failed = result && !result.passed ? result : null;
    return {
      contentId: item.id,
      language: latest.current.language,
      code: latest.current.code,
      errorMessage: failed ? failed.execution.compileOutput || failed.execution.stderr || null : null,
      failingTests: failed ? failed.tests.filter((t) => !t.passed).map((t) => (t.message ? `${t.name}: ${t.message}` : t.name)) : null,
    };
  }, [result, item.id]);
  const getHelp = () => {
    setTutorOpen(true);
    chat.reset();
    chat.ask(HELP_QUERY, { ...tutorContext(), code: markedCode ?? latest.current.code });
  };

  const check = useCallback(() => {
    if (!loggedIn || inFlight.current) return;
    inFlight.current = true;
    stopTrace();
    setError(null);
    const sent = latest.current;
    submit.mutate(sent, {
      onSettled: () => {
        inFlight.current = false;
      },
      onSuccess: (res) => {
        setResult(res);
        setMarkedCode(sent.code);
      },
      onError: (err) => {
        setResult(null);
        if (isApiError(err) && err.status === 429) {
          setError(`${err.message} You can check again in ${err.retryAfter ?? 60} s.`);
        } else if (isApiError(err) && err.fields) {
          setError(`${err.message} (${Object.values(err.fields).join('; ')})`);
        } else setError(errorMessage(err));
      },
    });
  }, [loggedIn, submit, stopTrace]);

  // Ctrl/Cmd+Enter also works with focus outside the editor.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || !(e.ctrlKey || e.metaKey) || e.key !== 'Enter') return;
      e.preventDefault();
      check();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [check]);

  const onChange = (c: string) => {
    setCode(c);
    // A Ctrl+Enter right after the last keystroke may come before React re-renders: check must
    // send what is in the editor now, not what the last render saw.
    latest.current = { ...latest.current, code: c };
    saveExerciseDraft(item.slug, latest.current.language, c);
    drafts.changed(c);
  };

  const runOwn = () => {
    if (!loggedIn || runInFlight.current) return;
    runInFlight.current = true;
    stopTrace();
    setRunError(null);
    const { language: lang, code: c } = latest.current;
    setRanCode(`${lang}\n${c}`);
    runner.mutate(exerciseRunRequest(item, lang, c, traceInput), {
      onSettled: () => {
        runInFlight.current = false;
      },
      onSuccess: (res) => setRunResult(res),
      onError: (err) => {
        setRunResult(null);
        if (isApiError(err) && (err.status === 429 || err.status === 503)) {
          setRunError(`${err.message} You can run again in ${err.retryAfter ?? (err.status === 429 ? 60 : 5)} s.`);
        } else setRunError(errorMessage(err));
      },
    });
  };
  const jumpTo = (line: number, column?: number) => {
    editor.current?.revealLine(line, column);
    editor.current?.focus();
  };
  // Run's problems are the learner's lines only while the code is the code that ran.
  const runMarkers = useMemo<ErrorMarker[]>(
    () => (runResult && runsLearnerFileAsEntry(item) && ranCode === `${language}\n${code}` ? parseErrorMarkers(language, runResult) : []),
    [runResult, ranCode, language, code, item],
  );

  const stepThrough = () => {
    const { language: lang, code: c } = latest.current;
    trace.start({ language: lang, code: c, stdin: traceInput }, `${lang}\n${c}`);
  };
  const closeTrace = () => {
    trace.stop();
    editor.current?.focus();
  };

  const switchLanguage = (lang: string) => {
    setLanguage(lang);
    setCode(loadExerciseDraft(item.slug, lang) ?? starters[lang] ?? '');
    setResult(null);
  };

  const reset = () => {
    if (!window.confirm('Replace your code with the starter code? Your draft for this exercise will be deleted.')) return;
    clearExerciseDraft(item.slug, language);
    drafts.remove();
    setCode(starters[language] ?? '');
    setResult(null);
  };

  const markers = useMemo((): ErrorMarker[] => {
    if (!result || result.passed || markedCode !== code) return [];
    // The server located the error in the learner's own file, beside a driver too.
    const notRun = result.didNotRun;
    if (notRun) return notRun.line != null ? [{ line: notRun.line, message: notRun.error, severity: 'error' }] : [];
    return parseErrorMarkers(language, result.execution);
  }, [result, markedCode, code, language]);
  const passedNow = result?.passed === true;
  const nextItem = result?.next ?? next.data;

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
      <div className="min-w-0 space-y-6">
        <section aria-label="Task">
          <LessonMarkdown>{item.body}</LessonMarkdown>
        </section>
        {item.testNames && item.testNames.length > 0 && !result && (
          <section aria-labelledby="tests-heading">
            <h2 id="tests-heading" className="text-base font-semibold">
              Tests your code must pass
            </h2>
            <ul className="mt-1 list-disc pl-6 text-sm">
              {item.testNames.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          </section>
        )}
        <Hints hints={item.hints ?? []} />
      </div>
      <div className="min-w-0 space-y-4">
        <div className="flex flex-wrap items-center gap-3">
          {languages.length > 1 ? (
            <label className="text-sm font-medium">
              Language{' '}
              <select
                value={language}
                onChange={(e) => switchLanguage(e.target.value)}
                className="ml-1 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-900"
              >
                {languages.map((l) => (
                  <option key={l} value={l}>
                    {LANGUAGE_NAMES[l] ?? l}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <span className="text-sm font-medium">{LANGUAGE_NAMES[language] ?? language}</span>
          )}
          {!loggedIn && !online ? (
            // Offline after a reload the app cannot ask who is signed in: no "Log in" it cannot keep.
            <NeedsNetworkNote what="Checking your code" />
          ) : loggedIn ? (
            <Button
              onClick={check}
              loading={submit.isPending}
              disabled={!online}
              aria-keyshortcuts="Control+Enter Meta+Enter"
              title={`Check (${MOD}+Enter)`}
            >
              Check
              <kbd className="hidden rounded bg-indigo-800 px-1 text-xs text-white sm:inline">{MOD}+Enter</kbd>
            </Button>
          ) : (
            <Link
              to={`/login?next=${encodeURIComponent(`/learn/${item.slug}`)}`}
              className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-700"
            >
              Log in to check your code
            </Link>
          )}
          {loggedIn && (
            <Button
              variant="secondary"
              onClick={runOwn}
              loading={runner.isPending}
              disabled={!online}
              title="Run your program with the input you type below"
            >
              Run
            </Button>
          )}
          {loggedIn && <StepThroughButton language={language} onClick={stepThrough} loading={trace.loading} disabled={!online} />}
          {canFormat(language) && (
            <Button variant="secondary" onClick={() => void editor.current?.format()} title="Format Document (Shift+Alt+F)">
              Format
            </Button>
          )}
          <Button variant="ghost" onClick={reset}>
            Reset
          </Button>
          {loggedIn && (
            <Button variant="ghost" onClick={() => setTutorOpen(true)} aria-expanded={tutorOpen}>
              Tutor
            </Button>
          )}
          {loggedIn && <NeedsNetworkNote what="Checking or running your code" />}
          <p className="ml-auto text-xs text-slate-600 dark:text-slate-400">Your code is kept in this browser.</p>
        </div>
        <div className="h-[45vh] min-h-72 overflow-hidden rounded-md border border-slate-300 dark:border-slate-700" data-testid="editor">
          <Suspense fallback={<PageLoading label="Loading editor…" />}>
            <CodeEditor
              key={language}
              value={code}
              language={language}
              dark={resolved === 'dark'}
              markers={markers}
              onChange={onChange}
              onRun={check}
              onSave={() => saveExerciseDraft(item.slug, latest.current.language, latest.current.code)}
              path={`exercise/${item.slug}/main.${EXT[language] ?? 'txt'}`}
              ariaLabel={`Code editor for ${item.title}. Press Ctrl+Enter to check, Ctrl+M to let Tab move focus.`}
              onReady={(h) => (editor.current = h)}
              readOnly={trace.active}
              highlightLine={trace.current && !trace.current.file ? trace.current.line : null}
            />
          </Suspense>
        </div>
        {loggedIn && (
          <details className="text-sm">
            <summary className="cursor-pointer font-medium">
              {isTraceable(language) ? 'Input for Run and Step through' : 'Input for Run'}
            </summary>
            <label htmlFor="trace-stdin" className="mt-2 block text-slate-700 dark:text-slate-300">
              Standard input (stdin) your program reads when you {isTraceable(language) ? 'run or step through it' : 'run it'}. The tests
              use their own input.
            </label>
            <textarea
              id="trace-stdin"
              rows={3}
              value={traceInput}
              onChange={(e) => setTraceInput(e.target.value)}
              className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm dark:border-slate-600 dark:bg-slate-900"
            />
          </details>
        )}
        {loggedIn && (runResult || runError || runner.isPending) && (
          <section
            aria-label="Run output"
            className="rounded-md border border-slate-200 p-3 dark:border-slate-700"
            data-testid="exercise-run"
          >
            <OutputConsole
              result={runResult}
              running={runner.isPending}
              error={runError}
              markers={runMarkers}
              onJump={(m) => jumpTo(m.line, m.column)}
            />
          </section>
        )}
        {trace.active && <TraceView trace={trace} language={language} source={code} onClose={closeTrace} />}
        <div aria-live="polite" aria-busy={submit.isPending} className="space-y-4">
          {error && (
            <p
              role="alert"
              className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
              data-testid="check-error"
            >
              {error}
            </p>
          )}
          {(passedNow || (item.completed && !result)) && (
            <div
              className="flex flex-wrap items-center gap-3 rounded-md border border-green-300 bg-green-50 px-4 py-3 text-green-900 dark:border-green-800 dark:bg-green-950 dark:text-green-100"
              data-testid="completion-banner"
            >
              <p className="font-medium">{passedNow ? 'All tests pass. Exercise complete!' : 'You already completed this exercise.'}</p>
              <span className="ml-auto">
                <NextLink next={nextItem} primary />
              </span>
            </div>
          )}
          {result && !result.passed && !submit.isPending && (
            <div className="flex flex-wrap items-center gap-2">
              <GetHelpButton onClick={getHelp} disabled={chat.streaming || !online} />
              <span className="text-xs text-slate-600 dark:text-slate-300">The tutor explains what fails and helps you find the fix.</span>
            </div>
          )}
          {result && <TestResults result={result} onJumpToLine={(line) => jumpTo(line)} />}
        </div>
        {loggedIn && <Attempts slug={item.slug} onRestore={onChange} />}
      </div>
      {loggedIn && <TutorPanel chat={chat} open={tutorOpen} onClose={closeTutor} context={tutorContext} />}
    </div>
  );
}
