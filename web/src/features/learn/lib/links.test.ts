import { describe, expect, it } from 'vitest';
import { appHref, isExternal } from './links';

describe('links in lesson Markdown', () => {
  it('map content-repository paths to the item pages', () => {
    expect(appHref('../exercises/python-ex-greeting/')).toBe('/learn/python-ex-greeting');
    expect(appHref('../lessons/python-loops.md')).toBe('/learn/python-loops');
    expect(appHref('python-loops.md')).toBe('/learn/python-loops');
    expect(appHref('./python-loops.md#for-loops')).toBe('/learn/python-loops#for-loops');
  });

  it('leave other links alone', () => {
    expect(appHref('https://docs.python.org/3/')).toBe('https://docs.python.org/3/');
    expect(appHref('/playground')).toBe('/playground');
    expect(appHref('#output')).toBe('#output');
    expect(isExternal('mailto:a@example.com')).toBe(true);
    expect(isExternal('../exercises/x/')).toBe(false);
  });
});
