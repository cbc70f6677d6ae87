//! Monaco's side-by-side diff, read-only, bundled like the editor: import it with `lazy()` only.

import { useEffect, useRef } from 'react';
import { DiffEditor, type MonacoDiffEditor } from '@monaco-editor/react';
// The editor module configures the bundled Monaco and its workers; the diff needs the same set-up.
import { DARK_THEME } from './CodeEditor';

export default function DiffView({
  original,
  modified,
  language,
  dark,
  originalLabel,
  modifiedLabel,
}: {
  original: string;
  modified: string;
  language: string;
  dark: boolean;
  originalLabel: string;
  modifiedLabel: string;
}) {
  // The wrapper disposes the models before the diff widget lets go of them, which Monaco reports as
  // an error: keep the models through the unmount and dispose of them once the widget is gone.
  const modelsRef = useRef<ReturnType<MonacoDiffEditor['getModel']>>(null);
  useEffect(
    () => () => {
      const models = modelsRef.current;
      if (!models) return;
      window.setTimeout(() => {
        models.original.dispose();
        models.modified.dispose();
      }, 0);
    },
    [],
  );
  return (
    <div className="flex h-full flex-col">
      <div className="grid grid-cols-2 border-b border-slate-200 text-xs font-semibold text-slate-600 dark:border-slate-700 dark:text-slate-300">
        <span className="px-2 py-1">{originalLabel}</span>
        <span className="px-2 py-1">{modifiedLabel}</span>
      </div>
      <div className="min-h-0 flex-1">
        <DiffEditor
          height="100%"
          original={original}
          modified={modified}
          language={language}
          theme={dark ? DARK_THEME : 'vs'}
          keepCurrentOriginalModel
          keepCurrentModifiedModel
          onMount={(editor) => {
            modelsRef.current = editor.getModel();
          }}
          loading={<div className="p-4 text-sm text-slate-600 dark:text-slate-300">Loading the comparison…</div>}
          options={{
            readOnly: true,
            originalEditable: false,
            renderSideBySide: true,
            automaticLayout: true,
            minimap: { enabled: false },
            scrollBeyondLastLine: false,
            fontSize: 13,
          }}
        />
      </div>
    </div>
  );
}
