import { describe, expect, it } from 'vitest';
import { HIGHLIGHT_MAX_CHARS, grammarFor, highlightLines } from './codeLines';

const text = (line: { text: string }[]) => line.map((t) => t.text).join('');

describe('highlightLines', () => {
  it('colours a file and keeps its lines, a comment spanning two of them coloured on both', () => {
    const lines = highlightLines('/* one\n   two */\nint main() { return 0; }\n', 'cpp');
    expect(lines.map(text)).toEqual(['/* one', '   two */', 'int main() { return 0; }']);
    expect(lines[0]).toEqual([{ text: '/* one', className: 'hljs-comment' }]);
    expect(lines[1]).toEqual([{ text: '   two */', className: 'hljs-comment' }]);
    expect(lines[2]!.find((t) => t.text === 'return')?.className).toBe('hljs-keyword');
  });

  it('keeps empty lines, and shows text and unknown languages plain', () => {
    expect(highlightLines('a\n\nb', 'plaintext')).toEqual([[{ text: 'a' }], [], [{ text: 'b' }]]);
    expect(highlightLines('', 'python')).toEqual([[]]);
  });

  it('leaves very large files plain', () => {
    const big = 'x = 1\n'.repeat(HIGHLIGHT_MAX_CHARS / 6 + 1);
    const lines = highlightLines(big, 'python');
    expect(lines[0]).toEqual([{ text: 'x = 1' }]);
  });

  it('maps Monaco language ids to the registered grammars', () => {
    expect(grammarFor('python')).toBe('python');
    expect(grammarFor('shell')).toBe('bash');
    expect(grammarFor('c')).toBe('cpp');
    expect(grammarFor('markdown')).toBeUndefined();
    expect(grammarFor(undefined)).toBeUndefined();
  });
});
