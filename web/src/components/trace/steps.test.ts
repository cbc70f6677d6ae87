import { describe, expect, it } from 'vitest';
import { CALLS_TRACE, JS_CALLS_TRACE, LOOP_TRACE } from './__fixtures__/traces';
import { announcement, changesAt, frameIds, isTraceable, outputUpTo } from './steps';

const loop = LOOP_TRACE.steps;
const calls = CALLS_TRACE.steps;

describe('the output so far', () => {
  it('is what every step up to this one printed, not only this step', () => {
    // square(0) prints at step 6, square(1) at step 11.
    expect(outputUpTo(calls, 5)).toBe('');
    expect(outputUpTo(calls, 6)).toBe('0\n');
    expect(outputUpTo(calls, 10)).toBe('0\n');
    expect(outputUpTo(calls, 11)).toBe('0\n1\n');
    expect(outputUpTo(calls, 999)).toBe('0\n1\n');
  });
});

describe('calls inferred from a trace', () => {
  it('gives each call of a function its own frame and returns to the caller after a return step', () => {
    const frames = frameIds(calls);
    const module = frames[0];
    const firstCall = frames[3];
    const secondCall = frames[8];
    expect(firstCall).not.toBe(module);
    expect(secondCall).not.toBe(firstCall);
    expect(frames[5]).toBe(firstCall); // square's return step
    expect(frames[6]).toBe(module); // back at `for k in range(2):`
  });
});

describe('changed variables', () => {
  const loopFrames = frameIds(loop);

  it('marks a variable whose value differs from the step before, with the old value', () => {
    // Step 6 is `for i in range(3):` after `total += i` ran with i = 1.
    expect(changesAt(loop, loopFrames, 5)).toEqual(new Map([['total', { kind: 'changed', was: '0' }]]));
    expect(changesAt(loop, loopFrames, 4)).toEqual(new Map([['i', { kind: 'changed', was: '0' }]]));
  });

  it('marks a variable seen for the first time as new, and nothing when nothing changed', () => {
    expect(changesAt(loop, loopFrames, 1)).toEqual(new Map([['total', { kind: 'new' }]]));
    expect(changesAt(loop, loopFrames, 3).size).toBe(0);
    expect(changesAt(loop, loopFrames, 0).size).toBe(0);
  });

  it('compares a call with its own earlier steps, not with the caller or the previous call', () => {
    const frames = frameIds(calls);
    // The second call of square starts with n = 1: new (its own parameter), not "changed, was 0".
    expect(changesAt(calls, frames, 8)).toEqual(new Map([['n', { kind: 'new' }]]));
    // Back in the loop after square(0) returned: k has not changed, though square's n and result vanished.
    expect(changesAt(calls, frames, 6).size).toBe(0);
    expect(changesAt(calls, frames, 7)).toEqual(new Map([['k', { kind: 'changed', was: '0' }]]));
  });
});

describe('the announcement', () => {
  it('names the line and the step', () => {
    expect(announcement(loop[2]!, 2, loop.length)).toBe('Line 3, step 3 of 10');
  });

  it('says what a return or an exception step does', () => {
    expect(announcement(calls[5]!, 5, calls.length)).toBe('Line 3, step 6 of 15: square returns 0');
    expect(announcement(calls[13]!, 13, calls.length)).toBe('Line 7, step 14 of 15: ZeroDivisionError: division by zero');
    expect(announcement(calls[14]!, 14, calls.length)).toBe('Line 7, step 15 of 15: the program ends');
  });

  it('names the file of a step outside the entry', () => {
    expect(announcement({ ...loop[0]!, file: 'helpers.py' }, 0, 1)).toBe('Line 1 of helpers.py, step 1 of 1');
  });
});

it('Python and JavaScript are traceable, Java and C++ are not', () => {
  expect(isTraceable('python')).toBe(true);
  expect(isTraceable('javascript')).toBe(true);
  for (const l of ['java', 'cpp']) expect(isTraceable(l)).toBe(false);
});

describe('a JavaScript trace', () => {
  const js = JS_CALLS_TRACE.steps;
  const frames = frameIds(js);

  it('gives each call of a function its own frame, as in Python', () => {
    // Steps 3-5 are the first call of square (its return step is 5), 8-10 the second.
    expect(frames[3]).not.toBe(frames[0]);
    expect(frames[5]).toBe(frames[3]);
    expect(frames[8]).not.toBe(frames[3]);
    expect(frames[6]).toBe(frames[0]);
  });

  it('marks the loop variable changing and a new parameter in the second call', () => {
    // Step 6 is the loop's test `k < 2` after k++ ran.
    expect(changesAt(js, frames, 6)).toEqual(new Map([['k', { kind: 'changed', was: '0' }]]));
    expect(changesAt(js, frames, 8)).toEqual(new Map([['n', { kind: 'new' }]]));
  });

  it('accumulates console.log output and announces returns and the TypeError', () => {
    expect(outputUpTo(js, 11)).toBe('0\n1\n');
    expect(announcement(js[5]!, 5, js.length, 'javascript')).toBe(`Line 3, step 6 of ${js.length}: square returns 0`);
    expect(announcement({ ...js[5]!, returnValue: undefined }, 5, js.length, 'javascript')).toBe(
      `Line 3, step 6 of ${js.length}: square returns undefined`,
    );
    expect(announcement(js[14]!, 14, js.length)).toBe(
      `Line 9, step 15 of ${js.length}: TypeError: Cannot read properties of null (reading 'length')`,
    );
  });
});
