//! Code this browser keeps for the signed-in learner (playground and exercise drafts).
// Drafts live in localStorage, which every account on the browser shares: they are cleared
// when the learner logs out or deletes the account, so the next person never sees them.

import { THEME_KEY } from '@/lib/theme';

const PREFIX = 'codestead.';

/** Removes every Codestead key except the theme, which belongs to the device, not the user. */
export function forgetLocalWork(storage: Storage = localStorage): void {
  try {
    const keys: string[] = [];
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (key && key.startsWith(PREFIX) && key !== THEME_KEY) keys.push(key);
    }
    for (const key of keys) storage.removeItem(key);
  } catch {
    // Storage can be unavailable (private mode, quota); there is then nothing to forget.
  }
}
