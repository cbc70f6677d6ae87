//! Finds the line (and column, when the tool says) of a compiler or runtime error in the output of
//! python3, node, javac, java and g++, so the editor can mark it. Only frames in the learner's own
//! file count: a traceback through the standard library still points at the learner's line.

export type MarkerSeverity = 'error' | 'warning' | 'info';

export interface ErrorMarker {
  line: number;
  column?: number;
  message: string;
  severity: MarkerSeverity;
}

export interface RunOutput {
  stderr?: string | null;
  compileOutput?: string | null;
}

/** The file name each language's program is stored as in the sandbox. */
export const ENTRY_FILE: Record<string, string> = {
  python: 'main.py',
  javascript: 'main.js',
  java: 'Main.java',
  cpp: 'main.cpp',
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Matches the file whether printed bare (`main.cpp`) or with any directory (`/tmp/x/main.cpp`). */
const fileRe = (file: string) => `(?:[^\\s"'()]*[\\\\/])?${escape(file)}`;
const lines = (text: string) => text.replace(/\r\n?/g, '\n').split('\n');

/**
 * Python tracebacks list frames outermost first; the last frame in the learner's file is where it
 * went wrong. The exception (`NameError: …`) is the last unindented line. Syntax errors have no
 * "Traceback" header but the same `File "…", line N` shape.
 */
export function parsePython(text: string, file = ENTRY_FILE.python!): ErrorMarker[] {
  const frame = new RegExp(`^\\s*File "${fileRe(file)}", line (\\d+)`);
  const ls = lines(text);
  let at = -1;
  let line = 0;
  ls.forEach((l, i) => {
    const m = frame.exec(l);
    if (m) {
      at = i;
      line = Number(m[1]);
    }
  });
  if (at < 0) return [];
  let message = '';
  for (let i = ls.length - 1; i > at; i--) {
    const l = ls[i]!;
    if (l.trim() !== '' && !/^\s/.test(l)) {
      message = l.trim();
      break;
    }
  }
  return [{ line, message: message || 'Error', severity: 'error' }];
}

/**
 * An uncaught Node error starts with `…/main.js:N` (the throwing line), then the source line, a
 * caret, a blank line, `TypeError: …` and the stack. When the throw happened inside Node or V8
 * (`JSON.parse`), the first stack frame in the learner's file is the place to mark.
 */
export function parseNode(text: string, file = ENTRY_FILE.javascript!): ErrorMarker[] {
  const ls = lines(text);
  const header = new RegExp(`^${fileRe(file)}:(\\d+)$`);
  const stackFrame = new RegExp(`^\\s+at (?:.*\\()?${fileRe(file)}:(\\d+):(\\d+)\\)?$`);
  const errorLine = /^(?:Uncaught\s+)?([A-Z][\w$]*(?:Error|Exception)|Error)\b.*$/;

  let line: number | undefined;
  let column: number | undefined;
  const h = ls.findIndex((l) => header.test(l));
  if (h >= 0) line = Number(header.exec(ls[h]!)![1]);

  for (const l of ls) {
    const m = stackFrame.exec(l);
    if (!m) continue;
    const frameLine = Number(m[1]);
    if (line === undefined) line = frameLine;
    if (frameLine === line) column = Number(m[2]);
    break;
  }
  if (line === undefined) return [];

  const msg = ls.slice(Math.max(h, 0)).find((l) => errorLine.test(l.trim()) && !/^\s+at /.test(l));
  const marker: ErrorMarker = { line, message: msg?.trim() ?? 'Uncaught exception', severity: 'error' };
  if (column !== undefined) marker.column = column;
  return [marker];
}

/**
 * javac: `Main.java:N: error: message`, the source line, a caret under the column, then optional
 * detail lines (`symbol: variable y`) until the next diagnostic or the `N errors` summary.
 */
export function parseJavac(text: string, file = ENTRY_FILE.java!): ErrorMarker[] {
  const ls = lines(text);
  const head = new RegExp(`^${fileRe(file)}:(\\d+): (error|warning): (.*)$`);
  const anyHead = /^\S.*\.java:\d+: (error|warning|Note):/;
  const out: ErrorMarker[] = [];
  for (let i = 0; i < ls.length; i++) {
    const m = head.exec(ls[i]!);
    if (!m) continue;
    const marker: ErrorMarker = { line: Number(m[1]), message: m[3]!.trim(), severity: m[2] === 'warning' ? 'warning' : 'error' };
    const details: string[] = [];
    for (let j = i + 1; j < ls.length; j++) {
      const l = ls[j]!;
      if (anyHead.test(l) || /^\d+ (errors?|warnings?)$/.test(l) || /^Note: /.test(l) || l.trim() === '') break;
      if (/^\s*\^\s*$/.test(l) && marker.column === undefined) marker.column = l.indexOf('^') + 1;
      else if (j > i + 1 && /^\s+\S+:\s/.test(l)) details.push(l.trim().replace(/\s+/g, ' '));
    }
    if (details.length > 0) marker.message += ` (${details.join('; ')})`;
    out.push(marker);
  }
  return out;
}

/**
 * A Java exception: `Exception in thread "main" java.lang.X: msg` then `at Class.method(Main.java:N)`
 * frames, innermost first. The first frame in the learner's file is the line to mark.
 */
export function parseJavaStack(text: string, file = ENTRY_FILE.java!): ErrorMarker[] {
  const ls = lines(text);
  const start = ls.findIndex((l) => /^Exception in thread "[^"]*" /.test(l) || /^Caused by: /.test(l));
  if (start < 0) return [];
  const message = ls[start]!.replace(/^Exception in thread "[^"]*" /, '')
    .replace(/^Caused by: /, '')
    .trim();
  const frame = new RegExp(`^\\s+at .*\\(${escape(file)}:(\\d+)\\)$`);
  for (let i = start + 1; i < ls.length; i++) {
    const m = frame.exec(ls[i]!);
    if (m) return [{ line: Number(m[1]), message, severity: 'error' }];
  }
  return [];
}

/**
 * g++: `main.cpp:N:C: error: message` (also `fatal error`, `warning`, `note`). Notes inside system
 * headers are skipped; template errors repeat themselves, so identical diagnostics are kept once.
 */
export function parseGcc(text: string, file = ENTRY_FILE.cpp!): ErrorMarker[] {
  const head = new RegExp(`^${fileRe(file)}:(\\d+):(?:(\\d+):)? (fatal error|error|warning|note): (.*)$`);
  const seen = new Set<string>();
  const out: ErrorMarker[] = [];
  for (const l of lines(text)) {
    const m = head.exec(l);
    if (!m) continue;
    const severity: MarkerSeverity = m[3] === 'warning' ? 'warning' : m[3] === 'note' ? 'info' : 'error';
    const marker: ErrorMarker = { line: Number(m[1]), message: m[4]!.trim(), severity };
    if (m[2]) marker.column = Number(m[2]);
    const key = `${marker.line}:${marker.column}:${severity}:${marker.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(marker);
  }
  return out;
}

/** All markers for one run of the playground's single-file program. */
export function parseErrorMarkers(language: string, output: RunOutput): ErrorMarker[] {
  const text = [output.compileOutput, output.stderr].filter((s): s is string => !!s).join('\n');
  if (!text) return [];
  switch (language) {
    case 'python':
      return parsePython(text);
    case 'javascript':
      return parseNode(text);
    case 'java':
      return [...parseJavac(text), ...parseJavaStack(text)];
    case 'cpp':
      return parseGcc(text);
    default:
      return [];
  }
}
