//! The state of one step-through: the traced run it asked for and the step on screen. The run is
//! `POST /executions` with `trace: true` and otherwise what Run sends (code or project, stdin).

import { useCallback, useMemo, useRef, useState } from 'react';
import { api } from '@/lib/api/client';
import { errorMessage } from '@/lib/api/forms';
import { isApiError } from '@/lib/api/problem';
import type { ExecutionRequest, ExecutionResult, TraceStep } from '@/lib/api/types';

export const createTracedExecution = (req: ExecutionRequest) => api.post<ExecutionResult>('/executions', { ...req, trace: true });

interface Session {
  /** What was traced (the page's own key for its code): the session only shows while it matches. */
  source: string;
  result: ExecutionResult | null;
  error: string | null;
  step: number;
}

export interface TraceRun {
  /** A step-through is open for the code on screen: loading, showing a trace, or showing why not. */
  active: boolean;
  loading: boolean;
  error: string | null;
  result: ExecutionResult | null;
  steps: readonly TraceStep[];
  /** Index of the step on screen (0-based). */
  step: number;
  current: TraceStep | null;
  start(req: ExecutionRequest, source: string): void;
  /** Leaves the step-through; a run still in flight is ignored when it answers. */
  stop(): void;
  go(index: number): void;
  next(): void;
  previous(): void;
  first(): void;
  last(): void;
}

const NO_STEPS: readonly TraceStep[] = [];

/**
 * `source` is the page's key for the code now in the editor (language and text, or the entry
 * file's path and text). A session belongs to the source it traced: once the code on screen
 * differs (a language switch, a reset, a draft from another browser) the step-through is over,
 * because its lines no longer match what the learner sees.
 */
export function useTraceRun(source: string): TraceRun {
  const [session, setSession] = useState<Session | null>(null);
  const [loading, setLoading] = useState(false);
  // Answers to a request that was stopped or replaced are dropped.
  const generation = useRef(0);

  const start = useCallback((req: ExecutionRequest, traced: string) => {
    const mine = ++generation.current;
    setSession({ source: traced, result: null, error: null, step: 0 });
    setLoading(true);
    createTracedExecution(req).then(
      (result) => {
        if (generation.current !== mine) return;
        setLoading(false);
        setSession((s) => (s ? { ...s, result } : s));
      },
      (err: unknown) => {
        if (generation.current !== mine) return;
        setLoading(false);
        const message =
          isApiError(err) && err.status === 429 ? `${err.message} You can try again in ${err.retryAfter ?? 60} s.` : errorMessage(err);
        setSession((s) => (s ? { ...s, error: message } : s));
      },
    );
  }, []);

  const stop = useCallback(() => {
    generation.current++;
    setLoading(false);
    setSession(null);
  }, []);

  const active = session !== null && session.source === source;
  const steps = (active && session.result?.trace?.steps) || NO_STEPS;
  const total = steps.length;

  // Functional updates: two key presses before a render move two steps, never past either end.
  const move = useCallback(
    (to: (step: number) => number) =>
      setSession((s) => (s ? { ...s, step: Math.min(Math.max(0, to(s.step)), Math.max(0, total - 1)) } : s)),
    [total],
  );
  const stepIndex = active ? Math.min(session.step, Math.max(0, total - 1)) : 0;

  return useMemo(
    () => ({
      active,
      loading: active && loading,
      error: active ? session.error : null,
      result: active ? session.result : null,
      steps,
      step: stepIndex,
      current: steps[stepIndex] ?? null,
      start,
      stop,
      go: (index: number) => move(() => index),
      next: () => move((i) => i + 1),
      previous: () => move((i) => i - 1),
      first: () => move(() => 0),
      last: () => move(() => total - 1),
    }),
    [active, loading, session, steps, stepIndex, start, stop, move, total],
  );
}
