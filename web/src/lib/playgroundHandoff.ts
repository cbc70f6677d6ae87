//! Code handed from another page (a lesson's example) to the playground. It goes through
//! sessionStorage rather than router state so it survives the detour through the login page.

const KEY = 'codestead.playground.handoff';

export interface Handoff {
  language: string;
  code: string;
}

/** The path to open after `handToPlayground`: the query tells the playground to look for the code. */
export const PLAYGROUND_WITH_HANDOFF = '/playground?from=handoff';

export function handToPlayground(h: Handoff): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(h));
  } catch {
    // storage disabled: the playground opens with its usual program
  }
}

/** The handed-over code, if any. Reading does not consume it (render may run twice); `clearHandoff` does. */
export function peekHandoff(): Handoff | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const h = JSON.parse(raw) as Partial<Handoff>;
    return typeof h.language === 'string' && typeof h.code === 'string' ? { language: h.language, code: h.code } : null;
  } catch {
    return null;
  }
}

export function clearHandoff(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // nothing to clear
  }
}

/** The API language id for a fenced code block's info string, or null when it is not runnable. */
export function runnableLanguage(info: string | undefined): string | null {
  switch ((info ?? '').toLowerCase()) {
    case 'python':
    case 'py':
    case 'python3':
      return 'python';
    case 'javascript':
    case 'js':
    case 'node':
      return 'javascript';
    case 'java':
      return 'java';
    case 'cpp':
    case 'c++':
    case 'cxx':
      return 'cpp';
    default:
      return null;
  }
}
