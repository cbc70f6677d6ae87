import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { applyTheme, getThemeChoice, setThemeChoice, THEME_KEY } from './theme';

function osPrefersDark(dark: boolean) {
  vi.stubGlobal('matchMedia', (q: string) => ({
    matches: dark && q.includes('dark'),
    media: q,
    addEventListener() {},
    removeEventListener() {},
  }));
}

beforeEach(() => document.documentElement.classList.remove('dark'));
afterEach(() => vi.unstubAllGlobals());

describe('theme', () => {
  it('follows the OS when nothing was chosen', () => {
    osPrefersDark(true);
    applyTheme();
    expect(getThemeChoice()).toBe('system');
    expect(document.documentElement.classList.contains('dark')).toBe(true);
  });

  it('keeps an explicit choice in localStorage over the OS preference', () => {
    osPrefersDark(true);
    setThemeChoice('light');
    expect(localStorage.getItem(THEME_KEY)).toBe('light');
    expect(document.documentElement.classList.contains('dark')).toBe(false);
  });

  it('forgets the choice when set back to system', () => {
    osPrefersDark(false);
    setThemeChoice('dark');
    expect(document.documentElement.classList.contains('dark')).toBe(true);
    setThemeChoice('system');
    expect(localStorage.getItem(THEME_KEY)).toBeNull();
    expect(document.documentElement.classList.contains('dark')).toBe(false);
  });

  it('uses the same key as the pre-paint script in public/theme-init.js', async () => {
    const { readFileSync } = await import('node:fs');
    const script = readFileSync(`${process.cwd()}/public/theme-init.js`, 'utf8');
    expect(script).toContain(`'${THEME_KEY}'`);
  });
});
