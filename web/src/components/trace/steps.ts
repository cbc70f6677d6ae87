//! What a trace means for the step-through view: the output printed so far at a step, which
//! variables a step changed, and the sentence announced for it. Plain functions over the API's
//! trace, so the view stays thin and the rules are tested on their own.

import type { TraceStep } from '@/lib/api/types';

/**
 * Languages the sandbox can trace: `traceable()` in `crates/sandbox/src/trace/mod.rs`. The server
 * runs any other language without a trace, so the app says so instead of offering a button that
 * would show nothing.
 */
export const TRACEABLE_LANGUAGES: readonly string[] = ['python', 'javascript'];

export const isTraceable = (language: string) => TRACEABLE_LANGUAGES.includes(language);

/** What a function returns when it returns nothing: Python's `None`, JavaScript's `undefined`. */
export const noValue = (language: string) => (language === 'python' ? 'None' : 'undefined');

/**
 * The top level's own return step. In JavaScript it is not the end of the program: timers and
 * promise callbacks queued by the top level run after it, and their steps follow.
 */
export const topLevelEnd = (language: string) => (language === 'python' ? 'the program ends' : 'the top-level code ends');

export const NOT_TRACEABLE_MESSAGE = 'Step-through is available for Python and JavaScript.';

/**
 * The output printed before `index` runs. A step carries only what was printed since the one
 * before it (the server keeps the trace linear in the output), so the output so far is the
 * concatenation over steps `0..=index`.
 */
export function outputUpTo(steps: readonly TraceStep[], index: number): string {
  let out = '';
  for (let i = 0; i <= index && i < steps.length; i++) out += steps[i]!.stdout;
  return out;
}

/**
 * The call each step belongs to, as a number: steps of one call of a function share it, a new
 * call gets a new one. The trace has no call events, so calls are inferred: a step in a function
 * that is not on the stack is a call, a step in one further down is a return to it, and a
 * `return` step ends its call. A recursive call looks like the same call (same function, no
 * event between); its variables are then compared with the caller's, which is the best the
 * trace allows.
 */
export function frameIds(steps: readonly TraceStep[]): number[] {
  let next = 1;
  // Module level is frame 0 and is never popped.
  const stack: { fn: string; id: number }[] = [{ fn: '', id: 0 }];
  const frameOf = (s: TraceStep) => `${s.file ?? ''}\u0000${s.function ?? ''}`;
  return steps.map((s) => {
    const fn = s.function ? frameOf(s) : '';
    let depth = -1;
    for (let d = stack.length - 1; d >= 0; d--)
      if (stack[d]!.fn === fn) {
        depth = d;
        break;
      }
    if (depth >= 0) stack.length = depth + 1;
    else stack.push({ fn, id: next++ });
    const id = stack[stack.length - 1]!.id;
    if (s.event === 'return' && stack.length > 1) stack.pop();
    return id;
  });
}

export type Change = { kind: 'new' } | { kind: 'changed'; was: string };

/**
 * How the variables at `index` differ from the previous step of the same call: `new` for a
 * variable that call did not have yet, `changed` with the old value for one whose value differs.
 * The first step of a call marks everything it has as new (a function's parameters).
 */
export function changesAt(steps: readonly TraceStep[], frames: readonly number[], index: number): Map<string, Change> {
  const changes = new Map<string, Change>();
  const step = steps[index];
  if (!step) return changes;
  let prev: TraceStep | undefined;
  for (let j = index - 1; j >= 0; j--)
    if (frames[j] === frames[index]) {
      prev = steps[j];
      break;
    }
  for (const [name, value] of Object.entries(step.locals)) {
    const was = prev?.locals[name];
    if (was === undefined) changes.set(name, { kind: 'new' });
    else if (was !== value) changes.set(name, { kind: 'changed', was });
  }
  return changes;
}

/** Where a step is, in words: `Line 4`, or `Line 2 of helpers.py` outside the entry file. */
export function placeOf(step: TraceStep): string {
  return step.file ? `Line ${step.line} of ${step.file}` : `Line ${step.line}`;
}

/** What the live region says at a step: "Line 4, step 3 of 17", and what the step does if it is more than running a line. */
export function announcement(step: TraceStep, index: number, total: number, language = 'python'): string {
  let text = `${placeOf(step)}, step ${index + 1} of ${total}`;
  if (step.event === 'return' && !step.function) text += `: ${topLevelEnd(language)}`;
  else if (step.event === 'return') text += `: ${step.function} returns ${step.returnValue ?? noValue(language)}`;
  else if (step.event === 'exception' && step.exception) text += `: ${step.exception}`;
  return text;
}
