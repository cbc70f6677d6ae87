//! A read-only look at a project's files (shared link, portfolio showcase): the tree on the left,
//! the chosen file as numbered, syntax-coloured lines (lowlight, the grammars the Markdown pages
//! already load). No Monaco: visitors get a light page.

import { useMemo, useState } from 'react';
import { grammarFor, highlightLines } from '@/lib/codeLines';
import { FileTreeView } from './FileTreeView';
import { languageOf } from './fileTree';

export interface BrowsedFile {
  path: string;
  content: string;
}

function pickFirst(files: readonly BrowsedFile[], entry?: string | null): string | null {
  return (files.find((f) => f.path === entry) ?? files.find((f) => !/\.md$/i.test(f.path)) ?? files[0])?.path ?? null;
}

export function CodeView({ path, content }: { path: string; content: string }) {
  const language = languageOf(path);
  const lines = useMemo(() => highlightLines(content, language), [content, language]);
  return (
    <figure className="min-w-0">
      <figcaption className="border-b border-slate-200 px-3 py-2 font-mono text-xs text-slate-700 dark:border-slate-700 dark:text-slate-300">
        {path}
      </figcaption>
      <pre
        className="max-h-[60vh] overflow-auto bg-slate-50 py-2 font-mono text-sm leading-6 text-slate-900 dark:bg-slate-950 dark:text-slate-100"
        data-testid="code-view"
        data-language={grammarFor(language) ?? 'plain'}
        tabIndex={0}
      >
        <code className="hljs grid grid-cols-[auto_1fr]">
          {lines.map((tokens, i) => (
            <span key={i} className="contents">
              <span aria-hidden="true" className="pr-3 pl-3 text-right text-slate-600 select-none dark:text-slate-400">
                {i + 1}
              </span>
              <span className="pr-3 whitespace-pre">
                {tokens.length === 0
                  ? ' '
                  : tokens.map((t, j) =>
                      t.className ? (
                        <span key={j} className={t.className}>
                          {t.text}
                        </span>
                      ) : (
                        t.text
                      ),
                    )}
              </span>
            </span>
          ))}
        </code>
      </pre>
    </figure>
  );
}

export function ProjectBrowser({ files, entry }: { files: readonly BrowsedFile[]; entry?: string | null }) {
  const [chosen, setChosen] = useState<string | null>(null);
  const selected = chosen ?? pickFirst(files, entry);
  const withIds = useMemo(() => files.map((f) => ({ id: f.path, path: f.path })), [files]);
  const file = files.find((f) => f.path === selected);
  return (
    <div className="grid gap-3 rounded-md border border-slate-200 p-2 md:grid-cols-[13rem_minmax(0,1fr)] dark:border-slate-800">
      <FileTreeView files={withIds} selectedPath={selected} onOpen={(f) => setChosen(f.path)} />
      <div className="min-w-0 overflow-hidden rounded border border-slate-200 dark:border-slate-800">
        {file ? <CodeView path={file.path} content={file.content} /> : <p className="p-3 text-sm">This project has no files.</p>}
      </div>
    </div>
  );
}

/** The project's README (any folder-less README.md), for rendering above the files. */
export function readmeOf(files: readonly BrowsedFile[]): string | null {
  return files.find((f) => /^readme\.md$/i.test(f.path))?.content ?? null;
}

/** A README that starts with the project's own title would repeat the page heading: drop that line. */
export function readmeBody(readme: string, title: string): string {
  const m = /^\s*#\s+([^\n]*)\n+/.exec(readme);
  return m && m[1]!.trim().toLowerCase() === title.trim().toLowerCase() ? readme.slice(m[0].length) : readme;
}
