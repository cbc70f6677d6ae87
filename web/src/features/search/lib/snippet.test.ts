import { describe, expect, it } from 'vitest';
import { decodeEntities, snippetParts } from './snippet';

describe('snippetParts', () => {
  it('cuts a snippet into text and marked runs', () => {
    expect(snippetParts('A <mark>recursive</mark> function calls <mark>itself</mark>.')).toEqual([
      { text: 'A ', mark: false },
      { text: 'recursive', mark: true },
      { text: ' function calls ', mark: false },
      { text: 'itself', mark: true },
      { text: '.', mark: false },
    ]);
  });

  it('decodes the escaped text, so `<` in code reads as `<` and not as a tag', () => {
    expect(snippetParts('if a &lt; b &amp;&amp; <mark>c</mark> &gt; 0: print(&quot;x&#39;s&quot;)')).toEqual([
      { text: 'if a < b && ', mark: false },
      { text: 'c', mark: true },
      { text: ' > 0: print("x\'s")', mark: false },
    ]);
  });

  it('keeps any other markup as literal text (React escapes it)', () => {
    const parts = snippetParts('<img src=x onerror=alert(1)><MARK>hit</MARK><script>x</script>');
    expect(parts).toEqual([
      { text: '<img src=x onerror=alert(1)>', mark: false },
      { text: 'hit', mark: true },
      { text: '<script>x</script>', mark: false },
    ]);
  });

  it('survives unbalanced marks and empty input', () => {
    expect(snippetParts('')).toEqual([]);
    expect(snippetParts('<mark>open')).toEqual([{ text: 'open', mark: true }]);
    expect(snippetParts('close</mark> end')).toEqual([{ text: 'close end', mark: false }]);
  });

  it('decodes numeric entities but leaves invalid ones alone', () => {
    expect(decodeEntities('&#x41;&#66;&#0;&#xD800;&bogus;')).toBe('AB&#0;&#xD800;&bogus;');
  });
});
