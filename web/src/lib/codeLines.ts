//! A whole source file highlighted by lowlight (the grammar sees the file at once, so a string or
//! comment spanning lines is coloured right), cut into lines of plain tokens for a numbered view.
//! Tokens are text and class names only: nothing is ever injected as HTML.

import type { ElementContent, RootContent } from 'hast';
import { highlightLanguage, lowlight } from '@/lib/markdown/highlight';

export interface Token {
  text: string;
  /** `hljs-…` classes, space-separated; absent for plain text. */
  className?: string;
}

/** Larger files are shown plain: highlighting them would hold up the page for little use. */
export const HIGHLIGHT_MAX_CHARS = 200_000;

/** Monaco's language ids (components/projects/fileTree `languageOf`) that lowlight does not know by that name. */
const ALIASES: Record<string, string> = { c: 'cpp', shell: 'bash' };

/** The registered grammar for a Monaco language id, if there is one. */
export function grammarFor(language: string | undefined): string | undefined {
  if (!language) return undefined;
  return highlightLanguage(ALIASES[language] ?? language);
}

function classesOf(node: ElementContent): string[] {
  if (node.type !== 'element') return [];
  const c: unknown = node.properties?.className;
  return Array.isArray(c) ? c.map(String) : typeof c === 'string' ? c.split(/\s+/) : [];
}

function collect(nodes: readonly (ElementContent | RootContent)[], classes: string[], lines: Token[][]) {
  for (const node of nodes) {
    if (node.type === 'text') {
      const parts = node.value.split('\n');
      parts.forEach((part, i) => {
        if (i > 0) lines.push([]);
        if (part) lines[lines.length - 1]!.push(classes.length ? { text: part, className: classes.join(' ') } : { text: part });
      });
    } else if (node.type === 'element') {
      collect(node.children, [...classes, ...classesOf(node)], lines);
    }
  }
}

/**
 * The file's lines as tokens: coloured when `language` has a grammar and the file is not too
 * large, else one plain token per line. A trailing newline adds no empty last line.
 */
export function highlightLines(code: string, language: string | undefined): Token[][] {
  const grammar = code.length <= HIGHLIGHT_MAX_CHARS ? grammarFor(language) : undefined;
  let lines: Token[][] | null = null;
  if (grammar) {
    try {
      const out: Token[][] = [[]];
      collect(lowlight.highlight(grammar, code).children, [], out);
      lines = out;
    } catch {
      // A grammar that throws leaves the file plain rather than breaking the page.
    }
  }
  lines ??= code.split('\n').map((l) => (l ? [{ text: l }] : []));
  if (lines.length > 1 && lines[lines.length - 1]!.length === 0) lines.pop();
  return lines;
}
