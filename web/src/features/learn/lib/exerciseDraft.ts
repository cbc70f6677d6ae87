//! The learner's code for an exercise, kept in localStorage per exercise and language.

const PREFIX = 'codestead.learn.draft';

const key = (slug: string, language: string) => `${PREFIX}.${slug}.${language}`;

export function loadExerciseDraft(slug: string, language: string): string | null {
  try {
    return localStorage.getItem(key(slug, language));
  } catch {
    return null;
  }
}

/** Returns false when storage is full or disabled. */
export function saveExerciseDraft(slug: string, language: string, code: string): boolean {
  try {
    localStorage.setItem(key(slug, language), code);
    return true;
  } catch {
    return false;
  }
}

export function clearExerciseDraft(slug: string, language: string): void {
  try {
    localStorage.removeItem(key(slug, language));
  } catch {
    // nothing to clear
  }
}
