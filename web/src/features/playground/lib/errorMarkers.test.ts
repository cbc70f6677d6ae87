// The fixtures are the exact output of the real toolchains on the broken programs next to them
// (regenerate with `bash web/scripts/gen-error-fixtures.sh`; versions in __fixtures__/VERSIONS.txt).
import { describe, expect, it } from 'vitest';
import { parseErrorMarkers, parseGcc, parseJavac, parseJavaStack, parseNode, parsePython } from './errorMarkers';

const fixtures = import.meta.glob<string>('./__fixtures__/*.txt', { query: '?raw', import: 'default', eager: true });
const fixture = (name: string) => {
  const text = fixtures[`./__fixtures__/${name}.txt`];
  if (text === undefined) throw new Error(`no fixture ${name}`);
  return text;
};

describe('python tracebacks', () => {
  it('marks the innermost frame in main.py with the exception line', () => {
    expect(parsePython(fixture('py_type_error'))).toEqual([
      { line: 2, message: 'TypeError: can only concatenate str (not "int") to str', severity: 'error' },
    ]);
  });

  it('marks the line of a syntax error, which has no Traceback header', () => {
    expect(parsePython(fixture('py_syntax_error'))).toEqual([{ line: 2, message: "SyntaxError: expected ':'", severity: 'error' }]);
  });

  it('follows a call chain three frames deep to the failing line', () => {
    expect(parsePython(fixture('py_name_error_nested'))).toEqual([
      { line: 2, message: "NameError: name 'undefined_name' is not defined", severity: 'error' },
    ]);
  });

  it('ignores frames in other files', () => {
    const text = 'Traceback (most recent call last):\n  File "/usr/lib/python3.11/json/decoder.py", line 353, in raw_decode\nValueError: x';
    expect(parsePython(text)).toEqual([]);
  });
});

describe('node errors', () => {
  it('marks the throwing line and takes the column from the first stack frame', () => {
    expect(parseNode(fixture('js_type_error'))).toEqual([
      { line: 2, column: 15, message: "TypeError: Cannot read properties of undefined (reading 'toUpperCase')", severity: 'error' },
    ]);
  });

  it('marks a syntax error from the header line even though the stack is all node internals', () => {
    expect(parseNode(fixture('js_syntax_error'))).toEqual([{ line: 2, message: "SyntaxError: Unexpected token '{'", severity: 'error' }]);
  });

  it('marks an assignment to a constant', () => {
    expect(parseNode(fixture('js_const_assign'))).toEqual([
      { line: 2, column: 3, message: 'TypeError: Assignment to constant variable.', severity: 'error' },
    ]);
  });

  it('falls back to the first frame in main.js when the throw happened inside V8', () => {
    const text = [
      'undefined:1',
      '{',
      ' ',
      '',
      "SyntaxError: Expected property name or '}' in JSON at position 1",
      '    at JSON.parse (<anonymous>)',
      '    at Object.<anonymous> (/sandbox/main.js:3:6)',
    ].join('\n');
    expect(parseNode(text)).toEqual([
      { line: 3, column: 6, message: "SyntaxError: Expected property name or '}' in JSON at position 1", severity: 'error' },
    ]);
  });
});

describe('javac diagnostics', () => {
  it('marks a missing semicolon with the caret column', () => {
    expect(parseJavac(fixture('java_syntax_error'))).toEqual([{ line: 4, column: 30, message: "';' expected", severity: 'error' }]);
  });

  it('marks every error of a multi-error compile and keeps the symbol detail', () => {
    expect(parseJavac(fixture('java_type_errors'))).toEqual([
      { line: 5, column: 17, message: 'incompatible types: String cannot be converted to int', severity: 'error' },
      { line: 7, column: 16, message: 'incompatible types: int cannot be converted to String', severity: 'error' },
      { line: 8, column: 28, message: 'cannot find symbol (symbol: variable y; location: class Main)', severity: 'error' },
    ]);
  });
});

describe('java exceptions', () => {
  it('marks the innermost frame of Main.java', () => {
    expect(parseJavaStack(fixture('java_arith_exception'))).toEqual([
      { line: 3, message: 'java.lang.ArithmeticException: / by zero', severity: 'error' },
    ]);
  });

  it('marks a NullPointerException', () => {
    expect(parseJavaStack(fixture('java_npe'))).toEqual([
      { line: 5, message: 'java.lang.NullPointerException: Cannot invoke "String.length()" because "<local1>" is null', severity: 'error' },
    ]);
  });
});

describe('g++ diagnostics', () => {
  it('marks a missing semicolon at its line and column', () => {
    expect(parseGcc(fixture('cpp_missing_semicolon'))).toEqual([
      { line: 5, column: 32, message: 'expected ‘;’ before ‘return’', severity: 'error' },
    ]);
  });

  it('marks two errors on two lines', () => {
    const markers = parseGcc(fixture('cpp_two_errors'));
    expect(markers.map((m) => [m.line, m.column, m.severity])).toEqual([
      [5, 21, 'error'],
      [6, 5, 'error'],
    ]);
    expect(markers[1]!.message).toBe('‘undeclared’ was not declared in this scope');
  });

  it('skips notes in system headers and keeps repeated template errors once', () => {
    expect(parseGcc(fixture('cpp_template_notes')).map((m) => [m.line, m.column, m.severity])).toEqual([
      [5, 16, 'error'],
      [5, 17, 'error'],
    ]);
  });

  it('reports warnings as warnings', () => {
    expect(parseGcc(fixture('cpp_warnings')).map((m) => [m.line, m.severity])).toEqual([
      [5, 'warning'],
      [3, 'warning'],
    ]);
  });
});

describe('parseErrorMarkers', () => {
  it('reads javac output from compileOutput and a java exception from stderr', () => {
    expect(parseErrorMarkers('java', { compileOutput: fixture('java_syntax_error') })).toHaveLength(1);
    expect(parseErrorMarkers('java', { stderr: fixture('java_npe') })[0]!.line).toBe(5);
  });

  it('finds nothing in clean output and for unknown languages', () => {
    expect(parseErrorMarkers('python', { stderr: '', compileOutput: null })).toEqual([]);
    expect(parseErrorMarkers('cobol', { stderr: fixture('cpp_missing_semicolon') })).toEqual([]);
  });

  it('finds the g++ error whether the sandbox put it in compileOutput or stderr', () => {
    expect(parseErrorMarkers('cpp', { compileOutput: fixture('cpp_missing_semicolon') })[0]!.line).toBe(5);
    expect(parseErrorMarkers('cpp', { stderr: fixture('cpp_missing_semicolon') })[0]!.line).toBe(5);
  });
});

describe('on the sandbox’s own output', () => {
  // Recorded from the real server by scripts/record-sandbox-fixtures.mjs: same programs, but the
  // sandbox's paths (/box/main.py) and flags. The markers must match those from the bare toolchains.
  const sandbox = import.meta.glob<{ language: string; status: string; stderr: string; compileOutput: string | null }>(
    './__fixtures__/sandbox/*.json',
    {
      import: 'default',
      eager: true,
    },
  );

  it('has recordings to check', () => {
    expect(Object.keys(sandbox).length).toBeGreaterThanOrEqual(13);
  });

  for (const [path, run] of Object.entries(sandbox)) {
    const name = path.replace(/^.*\/(.*)\.json$/, '$1');
    if (run.status === 'ok') continue;
    it(`finds the same lines for ${name}`, () => {
      const fromSandbox = parseErrorMarkers(run.language, run);
      const fromToolchain = parseErrorMarkers(run.language, { stderr: fixture(name) });
      expect(fromSandbox.length).toBeGreaterThan(0);
      expect(fromSandbox.map((m) => [m.line, m.message])).toEqual(fromToolchain.map((m) => [m.line, m.message]));
    });
  }
});
