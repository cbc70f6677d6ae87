//! What a learner is told when a run stops at a limit, and the timer shown while a run is going.
//! Shared by the playground, the project editor and the exercise results, so the same limit
//! reads the same everywhere.

import { useEffect, useState } from 'react';

/** Why a run stopped at a limit, in words a beginner can act on; null for every other status. */
export function limitExplanation(status: string): string | null {
  switch (status) {
    case 'timeout':
      return 'Your program was stopped because it ran longer than the time limit. A loop whose condition never becomes false runs forever: check that something inside the loop moves it towards its end. A program that reads input waits for it, so type the input in the input box before running.';
    case 'memory_limit':
      return 'Your program was stopped because it used more memory than allowed. A list or string that grows inside a loop that never ends, or a recursion without a base case, are the usual causes.';
    case 'output_limit':
      return 'Your program was stopped because it printed more than the output limit. A print inside a loop that never ends is the usual cause.';
    default:
      return null;
  }
}

/** The explanation as a note under the status, or nothing. */
export function LimitNote({ status }: { status: string }) {
  const text = limitExplanation(status);
  if (!text) return null;
  return (
    <p
      data-testid="limit-note"
      className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
    >
      {text}
    </p>
  );
}

/** "Running… 3 s": the learner sees that a long run is still going. */
export function RunningTimer({ running }: { running: boolean }) {
  return running ? <Ticker /> : null;
}

/** Mounted when a run starts, so its first render is the start time. */
function Ticker() {
  const [started] = useState(() => Date.now());
  const [now, setNow] = useState(started);
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), 250);
    return () => window.clearInterval(id);
  }, []);
  return (
    <span role="status" data-testid="run-timer">
      Running… {Math.floor((now - started) / 1000)} s
    </span>
  );
}
