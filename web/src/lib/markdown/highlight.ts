//! Syntax highlighting of fenced code blocks in Markdown (lessons and tutor answers), done on the
//! hast tree by lowlight so nothing is ever injected as HTML. Only the languages the platform
//! teaches are registered: highlight.js's full set would add ~300 KB to every Markdown page.
//! Runs after rehype-sanitize, so the `hljs-*` classes it adds are not stripped.

import { createLowlight } from 'lowlight';
import bash from 'highlight.js/lib/languages/bash';
import cpp from 'highlight.js/lib/languages/cpp';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import python from 'highlight.js/lib/languages/python';
import type { Element, ElementContent, Root, RootContent } from 'hast';

/** The one lowlight instance: Markdown code blocks and the read-only file view (lib/codeLines). */
export const lowlight = createLowlight({ bash, cpp, java, javascript, python });
// Names the content and the tutor use that highlight.js does not know as aliases.
lowlight.registerAlias({ python: ['python3'], javascript: ['node', 'nodejs'], bash: ['shell', 'console'] });

/** The registered language for a fence's info string (`py`, `c++`, `JS`…), if any. */
export function highlightLanguage(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const lang = name.toLowerCase();
  return lowlight.registered(lang) ? lang : undefined;
}

function classesOf(el: Element): string[] {
  const c: unknown = el.properties?.className;
  return Array.isArray(c) ? c.map(String) : typeof c === 'string' ? c.split(/\s+/) : [];
}

function textOf(node: ElementContent | RootContent): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') return node.children.map(textOf).join('');
  return '';
}

function highlightCode(code: Element) {
  const classes = classesOf(code);
  const lang = highlightLanguage(classes.find((c) => c.startsWith('language-'))?.slice('language-'.length));
  if (!lang) return;
  const text = code.children.map(textOf).join('');
  try {
    code.children = lowlight.highlight(lang, text).children as ElementContent[];
    code.properties = { ...code.properties, className: [...classes, 'hljs'] };
  } catch {
    // A grammar that throws leaves the block plain rather than breaking the page.
  }
}

function walk(node: Root | Element) {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    if (child.tagName === 'pre') {
      for (const c of child.children) if (c.type === 'element' && c.tagName === 'code') highlightCode(c);
    } else walk(child);
  }
}

/** The rehype plugin: highlights `<pre><code class="language-x">` blocks in place. */
export function rehypeHighlightCode() {
  return (tree: Root) => walk(tree);
}
