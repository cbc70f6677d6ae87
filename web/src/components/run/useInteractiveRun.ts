//! The console state of one interactive run at a time, for a page with a Run button.

import { useCallback, useEffect, useReducer, useRef } from 'react';
import { api } from '@/lib/api/client';
import type { ExecutionResult } from '@/lib/api/types';
import {
  consoleReducer,
  initialConsole,
  openInteractiveRun,
  type ConsoleEvent,
  type InteractiveProblem,
  type InteractiveRun,
  type InteractiveStart,
} from './interactive';

/** How a run ended: its result (the exit frame), or the problem that kept it from one. */
export interface RunEnd {
  result: ExecutionResult | null;
  problem: InteractiveProblem | null;
}

/** `onEnd` is called once per run, when it ends (the page shows the result, marks problems). */
export function useInteractiveRun(onEnd: (end: RunEnd) => void) {
  const [state, dispatch] = useReducer(consoleReducer, initialConsole);
  const current = useRef<InteractiveRun | null>(null);
  const ended = useRef(onEnd);
  useEffect(() => {
    ended.current = onEnd;
  });

  const start = useCallback((request: InteractiveStart) => {
    current.current?.close();
    let retried = false;
    let problem: InteractiveProblem | null = null;
    const report = (event: ConsoleEvent) => {
      dispatch(event);
      if (event.type === 'exit') ended.current({ result: event.result, problem });
      else if (event.type === 'problem') {
        problem = event.problem;
        // Anything but a bad message ends the run here; a bad message is followed by the exit.
        if (event.problem.code !== 'validation_failed') ended.current({ result: null, problem });
      } else if (event.type === 'closed') {
        ended.current({
          result: null,
          problem: problem ?? {
            status: 0,
            code: 'connection_lost',
            detail: 'The connection to the server was lost before the program finished.',
          },
        });
      }
    };
    const open = () => {
      current.current = openInteractiveRun(request, report, undefined, () => {
        // A socket refused before it opened is most often an expired access token: one
        // request through the API client refreshes it (or sends the learner to log in).
        if (retried) {
          report({ type: 'closed' });
          return;
        }
        retried = true;
        api.get('/me').then(open, () => report({ type: 'closed' }));
      });
    };
    open();
  }, []);

  const send = useCallback((line: string) => current.current?.send(line), []);
  const stop = useCallback(() => current.current?.stop(), []);
  const endInput = useCallback(() => current.current?.endInput(), []);

  // Leaving the page stops the program.
  useEffect(() => () => current.current?.close(), []);

  return { state, start, send, stop, endInput };
}
