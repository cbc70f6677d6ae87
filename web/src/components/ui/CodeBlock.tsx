//! A fenced code block rendered from Markdown: the (highlighted) `<pre>`, a Copy button in its
//! corner, and room for more actions underneath (a lesson's "Open in playground").

import { useEffect, useState, type ReactNode } from 'react';

/** The hast shape react-markdown hands to `components.pre`. */
export interface HastNode {
  type: string;
  value?: string;
  tagName?: string;
  properties?: { className?: unknown };
  children?: HastNode[];
}

export function hastText(node: HastNode | undefined): string {
  if (!node) return '';
  if (node.type === 'text') return node.value ?? '';
  return (node.children ?? []).map(hastText).join('');
}

/** The source text of a `<pre>` node, without the newline Markdown leaves at the end. */
export function codeOf(pre: HastNode | undefined): string {
  const code = pre?.children?.find((c) => c.tagName === 'code') ?? pre;
  return hastText(code).replace(/\n$/, '');
}

export function CopyButton({ text }: { text: () => string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const t = window.setTimeout(() => setState('idle'), 2000);
    return () => window.clearTimeout(t);
  }, [state]);
  const copy = () => {
    const clip = navigator.clipboard;
    if (!clip) return setState('failed');
    clip.writeText(text()).then(
      () => setState('copied'),
      () => setState('failed'),
    );
  };
  return (
    <button
      type="button"
      onClick={copy}
      title="Copy this code"
      className="absolute top-1 right-1 rounded-md border border-slate-300 bg-white px-2 py-0.5 text-xs font-medium text-slate-800 opacity-90 hover:bg-slate-50 focus:opacity-100 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800"
    >
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy'}
    </button>
  );
}

export function CodeBlock({ node, children, actions }: { node?: HastNode; children?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="code-block">
      <div className="relative">
        {/* Focusable so a keyboard alone can scroll a long line sideways (axe's
            scrollable-region-focusable); the arrow keys scroll it once it has focus. */}
        <pre tabIndex={0}>{children}</pre>
        <CopyButton text={() => codeOf(node)} />
      </div>
      {actions}
    </div>
  );
}
