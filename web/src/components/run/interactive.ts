//! Interactive runs over the WebSocket `/api/v1/executions/interactive` (protocol in
//! docs/interactive.md): the console's state as a reducer, and the socket that feeds it.
//! Shared by the playground and the project editor.

import type { ExecutionResult } from '@/lib/api/types';
import type { ErrorCode } from '@/lib/api/problem';

export interface InteractiveStart {
  language: string;
  code?: string;
  files?: { path: string; content: string }[];
  entry?: string;
  /** The stdin box: sent before anything typed into the console. */
  stdin?: string;
  projectId?: string;
}

/** One piece of the console: what the program wrote, or a line the learner typed. */
export interface ConsolePart {
  kind: 'stdout' | 'stderr' | 'stdin';
  text: string;
}

/** A refusal or a bad message, as the server's `error` frame says it. */
export interface InteractiveProblem {
  status: number;
  code: ErrorCode;
  detail: string;
  fields?: Record<string, string>;
  retryAfterSecs?: number;
}

export interface ConsoleState {
  phase: 'idle' | 'connecting' | 'running' | 'done';
  parts: ConsolePart[];
  /** Lines typed into the console during this run (the stdin box is not among them). */
  typed: number;
  result: ExecutionResult | null;
  stopped: boolean;
  problem: InteractiveProblem | null;
  /** Stop was pressed and the exit frame has not arrived yet. */
  stopping: boolean;
  /** End of input was sent: the program reads no more. */
  inputClosed: boolean;
}

export type ConsoleEvent =
  | { type: 'connecting' }
  | { type: 'open' }
  | { type: 'output'; stream: 'stdout' | 'stderr'; data: string }
  | { type: 'typed'; line: string }
  | { type: 'stopping' }
  | { type: 'eof' }
  | { type: 'exit'; result: ExecutionResult; stopped: boolean }
  | { type: 'problem'; problem: InteractiveProblem }
  | { type: 'closed' };

export const initialConsole: ConsoleState = {
  phase: 'idle',
  parts: [],
  typed: 0,
  result: null,
  stopped: false,
  problem: null,
  stopping: false,
  inputClosed: false,
};

/** Appends `text` to the last part when it is of the same kind, so the console stays a few runs of text. */
function append(parts: ConsolePart[], kind: ConsolePart['kind'], text: string): ConsolePart[] {
  if (!text) return parts;
  const last = parts[parts.length - 1];
  if (last && last.kind === kind) return [...parts.slice(0, -1), { kind, text: last.text + text }];
  return [...parts, { kind, text }];
}

export function consoleReducer(state: ConsoleState, event: ConsoleEvent): ConsoleState {
  switch (event.type) {
    case 'connecting':
      return { ...initialConsole, phase: 'connecting' };
    case 'open':
      return state.phase === 'connecting' ? { ...state, phase: 'running' } : state;
    case 'output':
      if (state.phase === 'done') return state;
      return { ...state, phase: 'running', parts: append(state.parts, event.stream, event.data) };
    case 'typed':
      if (state.phase !== 'running') return state;
      return { ...state, parts: append(state.parts, 'stdin', `${event.line}\n`), typed: state.typed + 1 };
    case 'eof':
      return state.phase === 'running' ? { ...state, inputClosed: true } : state;
    case 'stopping':
      return state.phase === 'running' || state.phase === 'connecting' ? { ...state, stopping: true } : state;
    case 'exit':
      return { ...state, phase: 'done', result: event.result, stopped: event.stopped, stopping: false };
    case 'problem':
      // A bad message is followed by the run's exit frame (or, for a bad start, by the close);
      // any other problem (rate limit, full queue) ends the run here.
      return event.problem.code === 'validation_failed'
        ? { ...state, problem: event.problem }
        : { ...state, phase: 'done', problem: event.problem, stopping: false };
    case 'closed':
      if (state.phase === 'done') return state;
      return {
        ...state,
        phase: 'done',
        stopping: false,
        problem: state.problem ?? {
          status: 0,
          code: 'connection_lost',
          detail: 'The connection to the server was lost before the program finished.',
        },
      };
  }
}

/** Whether the console should offer its input line: the program runs and may read more. */
export function acceptsInput(state: ConsoleState): boolean {
  return state.phase === 'running' && !state.stopping && !state.inputClosed;
}

/** The address of the interactive endpoint on this page's own origin (ws: or wss:). */
export function interactiveUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/api/v1/executions/interactive`;
}

export interface InteractiveRun {
  /** Sends one typed line (a newline is added). */
  send(line: string): void;
  /** Ends the program's input (Ctrl+D in a terminal): a program reading to the end goes on. */
  endInput(): void;
  stop(): void;
  /** Closes the socket (the server stops the program). */
  close(): void;
}

/** The parts of `WebSocket` used here, so tests can hand in a fake. */
export interface SocketLike {
  readyState: number;
  onopen: ((ev: Event) => void) | null;
  onmessage: ((ev: MessageEvent) => void) | null;
  onclose: ((ev: CloseEvent) => void) | null;
  onerror: ((ev: Event) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/**
 * Opens a socket, sends `start`, and reports every frame to `dispatch` as console events.
 * `onFailedOpen` is called instead of a `closed` event when the socket closed before it opened
 * (an expired session: the caller refreshes it and tries once more).
 */
export function openInteractiveRun(
  start: InteractiveStart,
  dispatch: (event: ConsoleEvent) => void,
  makeSocket: (url: string) => SocketLike = (url) => new WebSocket(url),
  onFailedOpen?: () => void,
): InteractiveRun {
  const socket = makeSocket(interactiveUrl(window.location));
  let opened = false;
  let finished = false;
  const sendJson = (message: unknown) => {
    if (socket.readyState === 1) socket.send(JSON.stringify(message));
  };
  dispatch({ type: 'connecting' });
  socket.onopen = () => {
    opened = true;
    dispatch({ type: 'open' });
    // The stdin box holds lines, as if typed: its last one ends with Enter too.
    const stdin = start.stdin && !start.stdin.endsWith('\n') ? `${start.stdin}\n` : start.stdin;
    sendJson({ type: 'start', ...start, ...(stdin === undefined ? {} : { stdin }) });
  };
  socket.onmessage = (ev) => {
    let frame: { type?: string; [key: string]: unknown };
    try {
      frame = JSON.parse(String(ev.data));
    } catch {
      return;
    }
    switch (frame.type) {
      case 'stdout':
      case 'stderr':
        dispatch({ type: 'output', stream: frame.type, data: String(frame.data ?? '') });
        break;
      case 'exit': {
        finished = true;
        const { stopped, ...result } = frame;
        delete result.type;
        dispatch({ type: 'exit', result: result as unknown as ExecutionResult, stopped: stopped === true });
        break;
      }
      case 'error':
        if (frame.code !== 'validation_failed') finished = true;
        dispatch({ type: 'problem', problem: frame as unknown as InteractiveProblem });
        break;
    }
  };
  socket.onclose = () => {
    if (!opened && onFailedOpen) {
      onFailedOpen();
      return;
    }
    if (!finished) dispatch({ type: 'closed' });
  };
  socket.onerror = () => {
    // Always followed by `close`, which says what happened.
  };
  return {
    send(line) {
      dispatch({ type: 'typed', line });
      sendJson({ type: 'stdin', data: `${line}\n` });
    },
    endInput() {
      dispatch({ type: 'eof' });
      sendJson({ type: 'stdin', data: '', eof: true });
    },
    stop() {
      dispatch({ type: 'stopping' });
      sendJson({ type: 'stop' });
    },
    close() {
      finished = true;
      socket.close(1000, 'left');
    },
  };
}
