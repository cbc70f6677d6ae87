//! Traces as the sandbox's tracers (crates/sandbox/src/trace/tracer.py and tracer.js) recorded
//! them for small programs, so the view is tested on the real shape rather than on a hand-made one.

import type { Trace } from '@/lib/api/types';

/** `total = 0` / `for i in range(3):` / `    total += i` / `print(total)` */
export const LOOP_CODE = 'total = 0\nfor i in range(3):\n    total += i\nprint(total)\n';
export const LOOP_TRACE: Trace = {
  steps: [
    {
      line: 1,
      locals: {},
      stdout: '',
      event: 'line',
    },
    {
      line: 2,
      locals: {
        total: '0',
      },
      stdout: '',
      event: 'line',
    },
    {
      line: 3,
      locals: {
        total: '0',
        i: '0',
      },
      stdout: '',
      event: 'line',
    },
    {
      line: 2,
      locals: {
        total: '0',
        i: '0',
      },
      stdout: '',
      event: 'line',
    },
    {
      line: 3,
      locals: {
        total: '0',
        i: '1',
      },
      stdout: '',
      event: 'line',
    },
    {
      line: 2,
      locals: {
        total: '1',
        i: '1',
      },
      stdout: '',
      event: 'line',
    },
    {
      line: 3,
      locals: {
        total: '1',
        i: '2',
      },
      stdout: '',
      event: 'line',
    },
    {
      line: 2,
      locals: {
        total: '3',
        i: '2',
      },
      stdout: '',
      event: 'line',
    },
    {
      line: 4,
      locals: {
        total: '3',
        i: '2',
      },
      stdout: '',
      event: 'line',
    },
    {
      line: 4,
      locals: {
        total: '3',
        i: '2',
      },
      stdout: '3\n',
      event: 'return',
    },
  ],
  truncated: false,
};

/** A function called twice from a loop, then a division by zero on line 7. */
export const CALLS_CODE = 'def square(n):\n    result = n * n\n    return result\n\nfor k in range(2):\n    print(square(k))\nx = 1 / 0\n';
export const CALLS_TRACE: Trace = {
  steps: [
    {
      line: 1,
      locals: {},
      stdout: '',
      event: 'line',
    },
    {
      line: 5,
      locals: {},
      stdout: '',
      event: 'line',
    },
    {
      line: 6,
      locals: {
        k: '0',
      },
      stdout: '',
      event: 'line',
    },
    {
      line: 2,
      locals: {
        n: '0',
      },
      stdout: '',
      event: 'line',
      function: 'square',
    },
    {
      line: 3,
      locals: {
        n: '0',
        result: '0',
      },
      stdout: '',
      event: 'line',
      function: 'square',
    },
    {
      line: 3,
      locals: {
        n: '0',
        result: '0',
      },
      stdout: '',
      event: 'return',
      function: 'square',
      returnValue: '0',
    },
    {
      line: 5,
      locals: {
        k: '0',
      },
      stdout: '0\n',
      event: 'line',
    },
    {
      line: 6,
      locals: {
        k: '1',
      },
      stdout: '',
      event: 'line',
    },
    {
      line: 2,
      locals: {
        n: '1',
      },
      stdout: '',
      event: 'line',
      function: 'square',
    },
    {
      line: 3,
      locals: {
        n: '1',
        result: '1',
      },
      stdout: '',
      event: 'line',
      function: 'square',
    },
    {
      line: 3,
      locals: {
        n: '1',
        result: '1',
      },
      stdout: '',
      event: 'return',
      function: 'square',
      returnValue: '1',
    },
    {
      line: 5,
      locals: {
        k: '1',
      },
      stdout: '1\n',
      event: 'line',
    },
    {
      line: 7,
      locals: {
        k: '1',
      },
      stdout: '',
      event: 'line',
    },
    {
      line: 7,
      locals: {
        k: '1',
      },
      stdout: '',
      event: 'exception',
      exception: 'ZeroDivisionError: division by zero',
    },
    {
      line: 7,
      locals: {
        k: '1',
      },
      stdout: '',
      event: 'return',
    },
  ],
  truncated: false,
  exception: {
    message: 'ZeroDivisionError: division by zero',
    line: 7,
  },
};

/** A JavaScript program with a function called twice in a loop, then a TypeError (tracer.js). */
export const JS_CALLS_CODE =
  'function square(n) {\n  const result = n * n;\n  return result;\n}\nfor (let k = 0; k < 2; k++) {\n  console.log(square(k));\n}\nconst x = null;\nconsole.log(x.length);\n';
export const JS_CALLS_TRACE: Trace = {
  steps: [
    {
      line: 5,
      locals: {},
      stdout: '',
      event: 'line',
    },
    {
      line: 5,
      locals: {
        k: '0',
      },
      stdout: '',
      event: 'line',
    },
    {
      line: 6,
      locals: {
        k: '0',
      },
      stdout: '',
      event: 'line',
    },
    {
      line: 2,
      locals: {
        n: '0',
      },
      stdout: '',
      event: 'line',
      function: 'square',
    },
    {
      line: 3,
      locals: {
        n: '0',
        result: '0',
      },
      stdout: '',
      event: 'line',
      function: 'square',
    },
    {
      line: 3,
      locals: {
        n: '0',
        result: '0',
      },
      stdout: '',
      event: 'return',
      function: 'square',
      returnValue: '0',
    },
    {
      line: 5,
      locals: {
        k: '1',
      },
      stdout: '0\n',
      event: 'line',
    },
    {
      line: 6,
      locals: {
        k: '1',
      },
      stdout: '',
      event: 'line',
    },
    {
      line: 2,
      locals: {
        n: '1',
      },
      stdout: '',
      event: 'line',
      function: 'square',
    },
    {
      line: 3,
      locals: {
        n: '1',
        result: '1',
      },
      stdout: '',
      event: 'line',
      function: 'square',
    },
    {
      line: 3,
      locals: {
        n: '1',
        result: '1',
      },
      stdout: '',
      event: 'return',
      function: 'square',
      returnValue: '1',
    },
    {
      line: 5,
      locals: {
        k: '2',
      },
      stdout: '1\n',
      event: 'line',
    },
    {
      line: 8,
      locals: {},
      stdout: '',
      event: 'line',
    },
    {
      line: 9,
      locals: {
        x: 'null',
      },
      stdout: '',
      event: 'line',
    },
    {
      line: 9,
      locals: {
        x: 'null',
      },
      stdout: '',
      event: 'exception',
      exception: "TypeError: Cannot read properties of null (reading 'length')",
    },
  ],
  truncated: false,
  exception: {
    message: "TypeError: Cannot read properties of null (reading 'length')",
    line: 9,
  },
};
