import { describe, expect, it } from 'vitest';
import { forgetLocalWork } from './localWork';
import { THEME_KEY } from './theme';

describe('forgetLocalWork', () => {
  it('removes drafts but keeps the theme and other sites’ keys', () => {
    localStorage.clear();
    localStorage.setItem('codestead.playground.draft.python', '{"code":"print(1)"}');
    localStorage.setItem('codestead.learn.draft.hello.python', 'print(2)');
    localStorage.setItem(THEME_KEY, 'dark');
    localStorage.setItem('other.app', 'x');
    forgetLocalWork();
    expect(localStorage.getItem('codestead.playground.draft.python')).toBeNull();
    expect(localStorage.getItem('codestead.learn.draft.hello.python')).toBeNull();
    expect(localStorage.getItem(THEME_KEY)).toBe('dark');
    expect(localStorage.getItem('other.app')).toBe('x');
  });
});
