//! Playground drafts in localStorage: one per language, plus the stdin and the chosen language.

const PREFIX = 'codestead.playground';

export interface Draft {
  code: string;
  savedAt: string;
}

export function loadDraft(language: string): Draft | null {
  try {
    const raw = localStorage.getItem(`${PREFIX}.draft.${language}`);
    if (!raw) return null;
    const d = JSON.parse(raw) as Partial<Draft>;
    return typeof d.code === 'string' ? { code: d.code, savedAt: String(d.savedAt ?? '') } : null;
  } catch {
    return null;
  }
}

/** Returns false when storage is full or disabled, so the page can say the draft was not kept. */
export function saveDraft(language: string, code: string, now: Date = new Date()): boolean {
  try {
    localStorage.setItem(`${PREFIX}.draft.${language}`, JSON.stringify({ code, savedAt: now.toISOString() } satisfies Draft));
    return true;
  } catch {
    return false;
  }
}

export function clearDraft(language: string): void {
  try {
    localStorage.removeItem(`${PREFIX}.draft.${language}`);
  } catch {
    // nothing to clear
  }
}

export function loadString(key: 'language' | 'stdin'): string | null {
  try {
    return localStorage.getItem(`${PREFIX}.${key}`);
  } catch {
    return null;
  }
}

export function saveString(key: 'language' | 'stdin', value: string): void {
  try {
    localStorage.setItem(`${PREFIX}.${key}`, value);
  } catch {
    // best effort
  }
}
