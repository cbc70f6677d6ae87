import { lazy, Suspense, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Button } from '@/components/ui/Button';
import { EmptyState } from '@/components/ui/EmptyState';
import { Page } from '@/components/ui/Page';
import { GetHelpButton, HELP_QUERY, TutorPanel } from '@/components/tutor/TutorPanel';
import { useTutorChat } from '@/components/tutor/useTutorChat';
import { PageLoading } from '@/components/ui/Spinner';
import { StepThroughButton, TraceView } from '@/components/trace/TraceView';
import { useTraceRun } from '@/components/trace/useTraceRun';
import { canFormat } from '@/components/editor/formatting';
import { errorMessage } from '@/lib/api/forms';
import type { ExecutionResult, TutorContext } from '@/lib/api/types';
import { clearHandoff, peekHandoff } from '@/lib/playgroundHandoff';
import { useTheme } from '@/lib/theme';
import { useSearchParams } from 'react-router';
import { useLanguages } from '../api/languages';
import { clearDraft, loadDraft, loadString, saveDraft, saveString } from '../lib/draft';
import { playgroundDraftKey, useDraftSync } from '@/lib/serverDraft';
import { parseErrorMarkers, type ErrorMarker } from '../lib/errorMarkers';
import { monacoLanguage, starterFor } from '../lib/starters';
import type { EditorHandle } from './CodeEditor';
import { OutputConsole } from '@/components/run/OutputConsole';
import { useInteractiveRun } from '@/components/run/useInteractiveRun';
import { NeedsNetworkNote } from '@/components/offline/OfflineBanner';
import { useOnline } from '@/lib/offline/network';

// Monaco is several MB: it loads in its own chunk when this page opens, never on first paint.
const CodeEditor = lazy(() => import('./CodeEditor'));

const AUTOSAVE_MS = 30_000;
const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = isMac ? '⌘' : 'Ctrl';

function initialCode(language: string): string {
  return loadDraft(language)?.code ?? starterFor(language);
}

export function PlaygroundPage() {
  const languages = useLanguages();
  const { resolved } = useTheme();

  const [searchParams, setSearchParams] = useSearchParams();
  // Code a lesson handed over (`?from=handoff`) opens instead of the draft, which stays untouched
  // until the learner changes the code.
  const [handoff] = useState(() => (searchParams.get('from') === 'handoff' ? peekHandoff() : null));
  const [language, setLanguage] = useState<string>(() => handoff?.language ?? loadString('language') ?? 'python');
  const [code, setCode] = useState(() => handoff?.code ?? initialCode(language));
  const [stdin, setStdin] = useState(() => loadString('stdin') ?? '');
  const [result, setResult] = useState<ExecutionResult | null>(null);
  const [runError, setRunError] = useState<string | null>(null);
  const [markers, setMarkers] = useState<ErrorMarker[]>([]);
  const [retryUntil, setRetryUntil] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const [saveFailed, setSaveFailed] = useState(false);
  const editor = useRef<EditorHandle | null>(null);
  const chat = useTutorChat();
  const [tutorOpen, setTutorOpen] = useState(false);
  // The program the last result belongs to: the tutor explains that run, not later edits.
  const ranCode = useRef({ language, code });
  const inFlight = useRef(false);
  const lastSaved = useRef(code);
  const latest = useRef({ language, code, stdin });
  // A step-through belongs to the program it traced: it closes once the code on screen differs.
  const trace = useTraceRun(`${language}\n${code}`);
  const stopTrace = trace.stop;
  // Handlers (Monaco commands, timers) read the latest values without re-subscribing.
  useLayoutEffect(() => {
    latest.current = { language, code, stdin };
  });
  // The server's copy of this language's draft follows the learner to any browser. Code a
  // lesson handed over stays on screen instead (the draft is kept, untouched).
  const drafts = useDraftSync(playgroundDraftKey(language), language, true, (remote) => {
    if (handoff && handoff.language === latest.current.language && latest.current.code === handoff.code) return;
    if (remote === latest.current.code) return;
    setCode(remote);
    latest.current = { ...latest.current, code: remote };
    saveDraft(latest.current.language, remote);
    lastSaved.current = remote;
  });

  // Forget the handed-over code once it is on screen: a reload shows the learner's draft again.
  useEffect(() => {
    if (searchParams.get('from') !== 'handoff') return;
    clearHandoff();
    setSearchParams({}, { replace: true });
  }, [searchParams, setSearchParams]);

  // Once the list arrives, make sure the chosen language is one the server offers (adjusting
  // state during render, as React recommends over an effect).
  const list = languages.data;
  if (list && list.length > 0 && !list.some((l) => l.id === language)) {
    const first = list.find((l) => l.available) ?? list[0]!;
    setLanguage(first.id);
    setCode(initialCode(first.id));
  }

  const save = useCallback(() => {
    const { language: lang, code: c } = latest.current;
    const ok = saveDraft(lang, c);
    setSaveFailed(!ok);
    if (ok) {
      lastSaved.current = c;
      setSavedAt(new Date());
    }
  }, []);

  // Autosave: every 30 s when something changed, and when the page is left.
  useEffect(() => {
    const id = window.setInterval(() => {
      if (latest.current.code !== lastSaved.current) save();
    }, AUTOSAVE_MS);
    const onHide = () => {
      if (latest.current.code !== lastSaved.current) save();
    };
    window.addEventListener('pagehide', onHide);
    return () => {
      window.clearInterval(id);
      window.removeEventListener('pagehide', onHide);
      onHide();
    };
  }, [save]);

  const waiting = retryUntil > now;
  useEffect(() => {
    if (!waiting) return;
    const id = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(id);
  }, [waiting]);
  const secondsLeft = Math.max(0, Math.ceil((retryUntil - now) / 1000));

  // The run's end: its result (with problems marked in the editor), or why it did not run.
  const interactive = useInteractiveRun(({ result: res, problem }) => {
    inFlight.current = false;
    if (res) {
      setResult(res);
      setMarkers(parseErrorMarkers(ranCode.current.language, res));
    }
    if (problem && (problem.status === 429 || problem.status === 503)) {
      const wait = problem.retryAfterSecs ?? (problem.status === 429 ? 60 : 5);
      setRetryUntil(Date.now() + wait * 1000);
      setNow(Date.now());
      setRunError(
        problem.status === 429
          ? `${problem.detail} You can run again in ${wait} s.`
          : `The server is busy running other programs (${problem.detail}). Try again in ${wait} s.`,
      );
    } else if (problem) {
      setRunError(problem.detail);
    }
  });
  const running = interactive.state.phase === 'connecting' || interactive.state.phase === 'running';
  const startRun = interactive.start;
  const selected = list?.find((l) => l.id === language);
  const online = useOnline();
  const canRun = !!selected?.available && !running && !waiting && online;

  const doRun = useCallback(() => {
    const { language: lang, code: c, stdin: input } = latest.current;
    // A ref, not the console's phase: two shortcuts in one tick (editor and window) must start one run.
    if (inFlight.current || Date.now() < retryUntil) return;
    inFlight.current = true;
    stopTrace();
    setRunError(null);
    setMarkers([]);
    setResult(null);
    ranCode.current = { language: lang, code: c };
    // Over the WebSocket: output shows as it comes, and a program that reads more input than
    // the stdin box holds gets the console's input line.
    startRun({ language: lang, code: c, stdin: input });
  }, [startRun, retryUntil, stopTrace]);

  // Ctrl/Cmd+Enter and Ctrl/Cmd+S also work with focus outside the editor (stdin, buttons).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || !(e.ctrlKey || e.metaKey)) return;
      if (e.key === 'Enter') {
        e.preventDefault();
        doRun();
      } else if (e.key === 's' || e.key === 'S') {
        e.preventDefault();
        save();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [doRun, save]);

  const stepThrough = () => {
    const { language: lang, code: c, stdin: input } = latest.current;
    setMarkers([]);
    trace.start({ language: lang, code: c, stdin: input }, `${lang}\n${c}`);
  };
  const closeTrace = () => {
    trace.stop();
    editor.current?.focus();
  };

  const switchLanguage = (next: string) => {
    if (latest.current.code !== lastSaved.current) save();
    setLanguage(next);
    saveString('language', next);
    const c = initialCode(next);
    setCode(c);
    lastSaved.current = c;
    setResult(null);
    setRunError(null);
    setMarkers([]);
  };

  const onCodeChange = (c: string) => {
    setCode(c);
    drafts.changed(c);
    // Line numbers of the last run no longer match once the code changes.
    if (markers.length > 0) setMarkers([]);
  };

  const resetToStarter = () => {
    if (!window.confirm('Replace your code with the starter program? Your draft for this language will be deleted.')) return;
    clearDraft(language);
    drafts.remove();
    const c = starterFor(language);
    setCode(c);
    lastSaved.current = c;
    setMarkers([]);
  };

  const failed = !!result && result.status !== 'ok';
  const tutorContext = useCallback((): TutorContext => {
    const { language: lang, code: c } = latest.current;
    const errorText = result && result.status !== 'ok' ? result.compileOutput || result.stderr || `Status: ${result.status}` : null;
    // The run is named only while the editor still holds the code that ran: the server then
    // reruns it (crash location, trace) for facts that match what the learner sees.
    const sameCode = !!result && ranCode.current.code === c && ranCode.current.language === lang;
    return {
      language: lang,
      code: c,
      errorMessage: errorText,
      executionId: sameCode ? result.id : null,
      actualOutput: sameCode ? result.stdout : null,
    };
  }, [result]);
  const getHelp = () => {
    if (!result) return;
    setTutorOpen(true);
    chat.reset();
    chat.ask(HELP_QUERY, {
      ...tutorContext(),
      language: ranCode.current.language,
      code: ranCode.current.code,
      executionId: result.id,
      actualOutput: result.stdout,
    });
  };
  const closeTutor = useCallback(() => setTutorOpen(false), []);

  const statusText = useMemo(() => {
    if (saveFailed) return 'Draft not saved: browser storage is full or disabled.';
    if (savedAt) return `Draft saved at ${savedAt.toLocaleTimeString()}`;
    if (handoff && code === handoff.code) return 'Example from a lesson: edit it to keep it as your draft';
    return 'Drafts save every 30 s';
  }, [savedAt, saveFailed, handoff, code]);

  if (languages.isPending) return <PageLoading label="Loading languages…" />;
  if (languages.isError || !list)
    return (
      <Page title="Playground">
        <EmptyState
          title="Could not load the list of languages"
          action={<Button onClick={() => void languages.refetch()}>Try again</Button>}
        >
          {errorMessage(languages.error)}
        </EmptyState>
      </Page>
    );
  if (list.length === 0)
    return (
      <Page title="Playground">
        <EmptyState title="No languages are set up on this server">An administrator needs to install at least one toolchain.</EmptyState>
      </Page>
    );

  return (
    <Page title="Playground" description="Write a program, give it input, and run it in a sandbox." wide>
      <div className="mb-3 flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="language" className="block text-sm font-medium">
            Language
          </label>
          <select
            id="language"
            value={language}
            onChange={(e) => switchLanguage(e.target.value)}
            className="mt-1 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-600 dark:bg-slate-900"
          >
            {list.map((l) => (
              <option key={l.id} value={l.id} disabled={!l.available}>
                {l.name} {l.version}
                {l.available ? '' : ' (unavailable)'}
              </option>
            ))}
          </select>
        </div>
        <Button
          onClick={doRun}
          disabled={!canRun}
          loading={running}
          aria-keyshortcuts="Control+Enter Meta+Enter"
          title={`Run (${MOD}+Enter)`}
        >
          {waiting ? `Run (wait ${secondsLeft} s)` : 'Run'}
          <kbd className="hidden rounded bg-indigo-800 px-1 text-xs text-white sm:inline">{MOD}+Enter</kbd>
        </Button>
        <StepThroughButton language={language} onClick={stepThrough} loading={trace.loading} disabled={!canRun} />
        <NeedsNetworkNote what="Running code" />
        {canFormat(language) && (
          <Button variant="secondary" onClick={() => void editor.current?.format()} title="Format Document (Shift+Alt+F)">
            Format
          </Button>
        )}
        <Button variant="secondary" onClick={save} aria-keyshortcuts="Control+S Meta+S" title={`Save draft (${MOD}+S)`}>
          Save draft
        </Button>
        <Button variant="ghost" onClick={resetToStarter}>
          Reset
        </Button>
        <Button variant="ghost" onClick={() => setTutorOpen(true)} aria-expanded={tutorOpen}>
          Tutor
        </Button>
        <p className="ml-auto text-xs text-slate-600 dark:text-slate-400" role="status" data-testid="draft-status">
          {statusText}
        </p>
      </div>
      {selected && !selected.available && (
        <p role="alert" className="mb-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100">
          {selected.name} is not available on this server right now. Pick another language.
        </p>
      )}
      <div className="grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="h-[55vh] min-h-80 overflow-hidden rounded-md border border-slate-300 dark:border-slate-700" data-testid="editor">
          <Suspense fallback={<PageLoading label="Loading editor…" />}>
            <CodeEditor
              value={code}
              language={monacoLanguage(language)}
              dark={resolved === 'dark'}
              markers={markers}
              onChange={onCodeChange}
              onRun={doRun}
              onSave={save}
              onReady={(h) => (editor.current = h)}
              readOnly={trace.active}
              highlightLine={trace.current && !trace.current.file ? trace.current.line : null}
            />
          </Suspense>
        </div>
        {trace.active ? (
          <TraceView trace={trace} language={language} source={code} onClose={closeTrace} />
        ) : (
          <div className="flex min-w-0 flex-col gap-4">
            <div>
              <label htmlFor="stdin" className="block text-sm font-medium">
                Standard input (stdin)
              </label>
              <textarea
                id="stdin"
                rows={4}
                value={stdin}
                onChange={(e) => {
                  setStdin(e.target.value);
                  saveString('stdin', e.target.value);
                }}
                placeholder="Input your program reads"
                className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm dark:border-slate-600 dark:bg-slate-900"
              />
            </div>
            {failed && !running && (
              <div className="flex flex-wrap items-center gap-2">
                <GetHelpButton onClick={getHelp} disabled={chat.streaming} />
                <span className="text-xs text-slate-600 dark:text-slate-300">The tutor explains the error and helps you find the fix.</span>
              </div>
            )}
            <OutputConsole
              result={result}
              running={running}
              error={runError}
              live={{ state: interactive.state, onSend: interactive.send, onStop: interactive.stop, onEndInput: interactive.endInput }}
              markers={markers}
              onJump={(m) => editor.current?.revealLine(m.line, m.column ?? 1)}
            />
          </div>
        )}
      </div>
      <TutorPanel chat={chat} open={tutorOpen} onClose={closeTutor} context={tutorContext} />
    </Page>
  );
}
