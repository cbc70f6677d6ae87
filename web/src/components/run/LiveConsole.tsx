//! The console of an interactive run: the program's output and the learner's typed lines in
//! order, an input line while the program runs (Enter sends it), and Stop. Rendered inside
//! `OutputConsole`, whose aria-live region announces what the program writes.

import { useState } from 'react';
import { acceptsInput, type ConsoleState } from './interactive';

export interface LiveConsoleProps {
  state: ConsoleState;
  onSend(line: string): void;
  onStop(): void;
  /** Ends the program's input; also Ctrl+D in the input line, as in a terminal. */
  onEndInput(): void;
}

const partClass = {
  stdout: 'text-slate-900 dark:text-slate-100',
  stderr: 'text-red-800 dark:text-red-300',
  stdin: 'font-semibold text-blue-800 dark:text-blue-300',
};

export function Transcript({ state }: { state: ConsoleState }) {
  return (
    <pre
      data-testid="console-transcript"
      className="max-h-72 overflow-auto rounded-md bg-slate-100 p-3 font-mono text-sm whitespace-pre-wrap break-words dark:bg-slate-900"
    >
      {state.parts.map((part, i) => (
        <span key={i} className={partClass[part.kind]} data-kind={part.kind}>
          {part.kind === 'stdin' ? <span className="sr-only">You typed: </span> : null}
          {part.text}
        </span>
      ))}
    </pre>
  );
}

export function LiveConsole({ state, onSend, onStop, onEndInput }: LiveConsoleProps) {
  const [line, setLine] = useState('');
  const open = acceptsInput(state);
  return (
    <section aria-label="Console" className="space-y-2" data-testid="live-console" data-phase={state.phase}>
      <Transcript state={state} />
      <form
        className="flex items-center gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (!open) return;
          onSend(line);
          setLine('');
        }}
      >
        <label htmlFor="console-input" className="sr-only">
          Input for the running program
        </label>
        <input
          id="console-input"
          data-testid="console-input"
          autoComplete="off"
          spellCheck={false}
          value={line}
          disabled={!open}
          onChange={(e) => setLine(e.target.value)}
          aria-keyshortcuts="Control+D"
          onKeyDown={(e) => {
            if (e.key === 'd' && e.ctrlKey && open) {
              e.preventDefault();
              if (line) onSend(line);
              setLine('');
              onEndInput();
            }
          }}
          placeholder={open ? 'Type a line for the program, then press Enter' : 'Starting…'}
          className="block min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-3 py-1.5 font-mono text-sm dark:border-slate-600 dark:bg-slate-900"
        />
        <button
          type="button"
          data-testid="console-eof"
          onClick={onEndInput}
          disabled={!open}
          title="End of input (Ctrl+D): for a program that reads until its input ends"
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50 disabled:opacity-60 dark:border-slate-600 dark:hover:bg-slate-800"
        >
          End input
        </button>
        <button
          type="button"
          data-testid="console-stop"
          onClick={onStop}
          disabled={state.stopping}
          className="rounded-md border border-red-300 px-3 py-1.5 text-sm font-medium text-red-800 hover:bg-red-50 disabled:opacity-60 dark:border-red-700 dark:text-red-200 dark:hover:bg-red-950"
        >
          {state.stopping ? 'Stopping…' : 'Stop'}
        </button>
      </form>
    </section>
  );
}
