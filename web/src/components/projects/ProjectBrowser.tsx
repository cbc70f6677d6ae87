//! A read-only look at a project's files (shared link, portfolio showcase): the tree on the left,
//! the chosen file as numbered lines. No Monaco: visitors get a light page.

import { useMemo, useState } from 'react';
import { FileTreeView } from './FileTreeView';

export interface BrowsedFile {
  path: string;
  content: string;
}

function pickFirst(files: readonly BrowsedFile[], entry?: string | null): string | null {
  return (files.find((f) => f.path === entry) ?? files.find((f) => !/\.md$/i.test(f.path)) ?? files[0])?.path ?? null;
}

export function CodeView({ path, content }: { path: string; content: string }) {
  const lines = content.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return (
    <figure className="min-w-0">
      <figcaption className="border-b border-slate-200 px-3 py-2 font-mono text-xs text-slate-700 dark:border-slate-700 dark:text-slate-300">
        {path}
      </figcaption>
      <pre
        className="max-h-[60vh] overflow-auto bg-slate-50 py-2 font-mono text-sm leading-6 dark:bg-slate-950"
        data-testid="code-view"
        tabIndex={0}
      >
        <code className="grid grid-cols-[auto_1fr]">
          {lines.map((l, i) => (
            <span key={i} className="contents">
              <span aria-hidden="true" className="pr-3 pl-3 text-right text-slate-600 select-none dark:text-slate-400">
                {i + 1}
              </span>
              <span className="pr-3 whitespace-pre">{l || ' '}</span>
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
