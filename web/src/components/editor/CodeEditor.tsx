//! Monaco, bundled with the app (never fetched from a CDN) and loaded only with the pages that edit
//! code (playground, exercises): always import it with `lazy()`, never statically.

import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import Editor, { loader, type OnMount } from '@monaco-editor/react';
import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import TsWorker from 'monaco-editor/language/typescript/ts.worker?worker';

self.MonacoEnvironment = {
  getWorker(_id: string, label: string) {
    // JavaScript gets the TypeScript service (completion, Format Document); the rest need only the base worker.
    if (label === 'typescript' || label === 'javascript') return new TsWorker();
    return new EditorWorker();
  },
};
loader.config({ monaco });

/**
 * Monaco's dark theme with comments lightened: its #6A9955 on #1E1E1E is 4.2:1, below the
 * 4.5:1 that WCAG AA asks of text (axe flags a learner's `# comment`). The light theme passes.
 */
export const DARK_THEME = 'codestead-dark';
monaco.editor.defineTheme(DARK_THEME, {
  base: 'vs-dark',
  inherit: true,
  rules: [{ token: 'comment', foreground: '8FBC7A' }],
  colors: {},
});

/** A problem to underline: 1-based line, and column when the tool gave one. */
export interface EditorMarker {
  line: number;
  column?: number;
  message: string;
  severity: 'error' | 'warning' | 'info';
}

export interface EditorHandle {
  focus(): void;
  revealLine(line: number, column?: number): void;
  format(): Promise<void>;
}

/**
 * A live document that owns the editor's text (a shared project file): it binds to the editor and
 * its model, and undo/redo are its own (per person) instead of Monaco's.
 */
export interface LiveEditorBinding {
  bind(editor: monaco.editor.IStandaloneCodeEditor, model: monaco.editor.ITextModel): { undo(): void; redo(): void; dispose(): void };
}

export interface CodeEditorProps {
  value: string;
  language: string;
  dark: boolean;
  markers?: EditorMarker[];
  onChange(value: string): void;
  onRun(): void;
  onSave?(): void;
  onReady?(handle: EditorHandle): void;
  /** Monaco's model name: one per document, so undo history does not leak between them. */
  path?: string;
  ariaLabel?: string;
  /** The line a step-through is on (1-based): highlighted, marked in the margin, scrolled into view. */
  highlightLine?: number | null;
  /** While a step-through is open the code must stay the code that was traced. */
  readOnly?: boolean;
  /**
   * Set for a live file: the editor is not controlled by `value` any more (it starts from it), and
   * the binding, once there (`null` while the document syncs), keeps the text.
   */
  live?: LiveEditorBinding | null;
  /** What Monaco says when someone types into a read-only editor. */
  readOnlyMessage?: string;
}

const NO_MARKERS: EditorMarker[] = [];

const severity = {
  error: monaco.MarkerSeverity.Error,
  warning: monaco.MarkerSeverity.Warning,
  info: monaco.MarkerSeverity.Info,
};

/** A marker spans the word at its column, or the whole line when the tool gave no column. */
export function toMonacoMarker(model: monaco.editor.ITextModel, m: EditorMarker): monaco.editor.IMarkerData {
  const line = Math.min(Math.max(1, m.line), model.getLineCount());
  const maxCol = model.getLineMaxColumn(line);
  let startColumn = model.getLineFirstNonWhitespaceColumn(line) || 1;
  let endColumn = maxCol;
  if (m.column !== undefined) {
    const col = Math.min(Math.max(1, m.column), maxCol);
    const word = model.getWordAtPosition({ lineNumber: line, column: col });
    startColumn = word ? word.startColumn : col;
    endColumn = word ? word.endColumn : Math.min(col + 1, maxCol);
    if (endColumn <= startColumn) {
      // The column is past the end of the line (g++'s "expected ';'"): mark the line's last character.
      startColumn = Math.max(1, maxCol - 1);
      endColumn = maxCol;
    }
  }
  return {
    startLineNumber: line,
    endLineNumber: line,
    startColumn,
    endColumn,
    message: m.message,
    severity: severity[m.severity],
    source: 'run',
  };
}

export default function CodeEditor({
  value,
  language,
  dark,
  markers = NO_MARKERS,
  onChange,
  onRun,
  onSave,
  onReady,
  path,
  highlightLine = null,
  readOnly = false,
  live,
  readOnlyMessage = 'Go back to editing (Esc, or “Back to editing”) to change the code.',
  ariaLabel = 'Code editor. Press Ctrl+Enter to run, Ctrl+S to save a draft, Ctrl+M to let Tab move focus.',
}: CodeEditorProps) {
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const stepLine = useRef<monaco.editor.IEditorDecorationsCollection | null>(null);
  // Monaco mounts after the first render (lazy chunk, async model): effects that need the
  // editor re-run once it is there.
  const [mounted, setMounted] = useState(false);
  // Monaco commands are registered once; refs keep them calling the latest handlers.
  const runRef = useRef(onRun);
  const saveRef = useRef(onSave);
  useLayoutEffect(() => {
    runRef.current = onRun;
    saveRef.current = onSave;
  });

  const onMount: OnMount = (editor, m) => {
    editorRef.current = editor;
    stepLine.current = editor.createDecorationsCollection();
    setMounted(true);
    editor.addCommand(m.KeyMod.CtrlCmd | m.KeyCode.Enter, () => runRef.current());
    editor.addCommand(m.KeyMod.CtrlCmd | m.KeyCode.KeyS, () => saveRef.current?.());
    onReady?.({
      focus: () => editor.focus(),
      revealLine: (lineNumber, column = 1) => {
        editor.revealLineInCenter(lineNumber);
        editor.setPosition({ lineNumber, column });
        editor.focus();
      },
      format: async () => {
        await editor.getAction('editor.action.formatDocument')?.run();
      },
    });
  };

  useEffect(() => {
    const editor = editorRef.current;
    const model = editor?.getModel();
    if (!live || !editor || !model) return;
    const attached = live.bind(editor, model);
    // Undo and redo are the binding's: Monaco's own would also undo what collaborators typed.
    // Actions outrank the editor's built-in keybindings, and go with the binding.
    const { KeyMod, KeyCode } = monaco;
    const actions = [
      editor.addAction({
        id: 'codestead.live.undo',
        label: 'Undo my last edit',
        keybindings: [KeyMod.CtrlCmd | KeyCode.KeyZ],
        run: () => attached.undo(),
      }),
      editor.addAction({
        id: 'codestead.live.redo',
        label: 'Redo my last edit',
        keybindings: [KeyMod.CtrlCmd | KeyMod.Shift | KeyCode.KeyZ, KeyMod.CtrlCmd | KeyCode.KeyY],
        run: () => attached.redo(),
      }),
    ];
    return () => {
      for (const a of actions) a.dispose();
      attached.dispose();
    };
  }, [live, mounted]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    monaco.editor.setModelMarkers(
      model,
      'codestead',
      markers.map((m) => toMonacoMarker(model, m)),
    );
  }, [markers, language]);

  useEffect(() => {
    const editor = editorRef.current;
    const model = editor?.getModel();
    if (!editor || !model || !stepLine.current) return;
    if (highlightLine == null) {
      stepLine.current.clear();
      return;
    }
    const line = Math.min(Math.max(1, highlightLine), model.getLineCount());
    stepLine.current.set([
      {
        range: new monaco.Range(line, 1, line, 1),
        options: {
          isWholeLine: true,
          // A tinted line and an arrow in the margin: the position is not told by colour alone.
          className: 'codestead-step-line',
          linesDecorationsClassName: 'codestead-step-arrow',
          overviewRuler: { color: '#ca8a04', position: monaco.editor.OverviewRulerLane.Full },
        },
      },
    ]);
    editor.revealLineInCenterIfOutsideViewport(line);
  }, [highlightLine, mounted, value]);

  return (
    <Editor
      height="100%"
      language={language}
      path={path ?? `playground/main.${language}`}
      // A live file's text is the document's: passing `value` would make the wrapper write the
      // (older) React state back over edits that arrived in between.
      value={live === undefined ? value : undefined}
      defaultValue={value}
      theme={dark ? DARK_THEME : 'vs'}
      onChange={(v) => onChange(v ?? '')}
      onMount={onMount}
      loading={<div className="p-4 text-sm text-slate-600 dark:text-slate-300">Loading editor…</div>}
      options={{
        ariaLabel,
        readOnly,
        readOnlyMessage: { value: readOnlyMessage },
        automaticLayout: true,
        fontSize: 14,
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        tabSize: 4,
        wordWrap: 'on',
        fixedOverflowWidgets: true,
        // Monaco dims the number of the empty line after a final newline below the contrast minimum.
        renderFinalNewline: 'on',
      }}
    />
  );
}
