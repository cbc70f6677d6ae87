//! Light/dark theme: an explicit choice saved in localStorage, otherwise the OS preference.
// public/theme-init.js applies the same rule before first paint; keep the key and class in sync.

import { useEffect, useSyncExternalStore } from 'react';

export type ThemeChoice = 'light' | 'dark' | 'system';
export const THEME_KEY = 'codestead.theme';

const media = () => window.matchMedia('(prefers-color-scheme: dark)');
const listeners = new Set<() => void>();

export function getThemeChoice(): ThemeChoice {
  try {
    const v = localStorage.getItem(THEME_KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

export function resolveTheme(choice: ThemeChoice): 'light' | 'dark' {
  if (choice === 'system') return media().matches ? 'dark' : 'light';
  return choice;
}

export function applyTheme(): void {
  document.documentElement.classList.toggle('dark', resolveTheme(getThemeChoice()) === 'dark');
}

export function setThemeChoice(choice: ThemeChoice): void {
  try {
    if (choice === 'system') localStorage.removeItem(THEME_KEY);
    else localStorage.setItem(THEME_KEY, choice);
  } catch {
    // private mode: the choice lasts for this page only
  }
  applyTheme();
  for (const l of listeners) l();
}

function subscribe(l: () => void) {
  listeners.add(l);
  const m = media();
  const onOs = () => {
    applyTheme();
    l();
  };
  m.addEventListener('change', onOs);
  return () => {
    listeners.delete(l);
    m.removeEventListener('change', onOs);
  };
}

/** The current choice and the theme actually shown. */
export function useTheme(): { choice: ThemeChoice; resolved: 'light' | 'dark'; setChoice: (c: ThemeChoice) => void } {
  const choice = useSyncExternalStore(subscribe, getThemeChoice, () => 'system' as ThemeChoice);
  const resolved = useSyncExternalStore(
    subscribe,
    () => resolveTheme(getThemeChoice()),
    () => 'light' as const,
  );
  useEffect(applyTheme, [choice]);
  return { choice, resolved, setChoice: setThemeChoice };
}
