import type { Root } from 'hast';
import { describe, expect, it } from 'vitest';
import { highlightLanguage, rehypeHighlightCode } from './highlight';

const block = (lang: string | null, text: string): Root => ({
  type: 'root',
  children: [
    {
      type: 'element',
      tagName: 'pre',
      properties: {},
      children: [
        {
          type: 'element',
          tagName: 'code',
          properties: lang ? { className: [`language-${lang}`] } : {},
          children: [{ type: 'text', value: text }],
        },
      ],
    },
  ],
});

const classesIn = (tree: Root): string[] => JSON.stringify(tree).match(/hljs-[a-z_]+/g) ?? [];
const textIn = (n: unknown): string => {
  const node = n as { type: string; value?: string; children?: unknown[] };
  return node.type === 'text' ? (node.value ?? '') : (node.children ?? []).map(textIn).join('');
};

describe('rehypeHighlightCode', () => {
  it('knows the taught languages under the names fences use, and nothing else', () => {
    for (const name of ['python', 'py', 'Python3', 'javascript', 'js', 'node', 'java', 'cpp', 'c++', 'bash', 'sh', 'shell'])
      expect(highlightLanguage(name), name).toBeDefined();
    for (const name of ['rust', 'haskell', '', undefined, 'language-python']) expect(highlightLanguage(name)).toBeUndefined();
  });

  it.each([
    ['python', 'def f(x):\n    return x  # c\n', ['hljs-keyword', 'hljs-comment']],
    ['js', 'const s = "a"; // c\n', ['hljs-keyword', 'hljs-string', 'hljs-comment']],
    ['java', 'public class Main { int n = 4; }\n', ['hljs-keyword', 'hljs-number']],
    ['c++', '#include <iostream>\nint main() { return 0; }\n', ['hljs-meta', 'hljs-type']],
    ['bash', 'echo "$HOME" # c\n', ['hljs-built_in', 'hljs-string', 'hljs-comment']],
  ])('highlights %s and keeps the text as it was', (lang, text, expected) => {
    const tree = block(lang, text);
    rehypeHighlightCode()(tree);
    const found = classesIn(tree);
    for (const c of expected) expect(found, `${lang}: ${found.join(' ')}`).toContain(c);
    expect(textIn(tree)).toBe(text);
    expect(JSON.stringify(tree)).toContain('"hljs"');
  });

  it('leaves unknown and unlabelled blocks alone', () => {
    for (const lang of ['rust', null]) {
      const tree = block(lang, 'fn main() {}\n');
      const before = JSON.stringify(tree);
      rehypeHighlightCode()(tree);
      expect(JSON.stringify(tree)).toBe(before);
    }
  });
});
