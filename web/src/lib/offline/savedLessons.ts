//! The lesson cache belongs to one user: the curriculum responses in it carry that user's
//! progress and bookmarks. This browser remembers whose they are and deletes them when that
//! changes (logout, account deletion, another account signing in), so the next person on a shared
//! computer never reads someone else's progress, online or offline. The shell and Monaco caches
//! hold no user data and stay.

import { LESSON_CACHE } from './cacheRules';

// Under the `codestead.` prefix, so `forgetLocalWork` (logout) forgets the owner too.
const OWNER_KEY = 'codestead.offline.owner';
const ANONYMOUS = 'anonymous';

/** Deletes every saved lesson. Harmless where there is no Cache Storage (tests, plain HTTP). */
export async function forgetSavedLessons(): Promise<void> {
  if (typeof caches === 'undefined') return;
  try {
    await caches.delete(LESSON_CACHE);
  } catch {
    // A browser that refuses storage access has nothing saved to forget.
  }
}

/**
 * Called whenever the server has said who is signed in (`null`: nobody). A different answer from
 * the last one deletes the saved lessons first. A failed `me` (offline) says nothing: not called.
 */
export async function noteSignedInUser(userId: string | null, storage: Storage = localStorage): Promise<void> {
  const owner = userId ?? ANONYMOUS;
  let previous: string | null = null;
  try {
    previous = storage.getItem(OWNER_KEY);
  } catch {
    // Unknown owner: treat as changed.
  }
  if (previous === owner) return;
  await forgetSavedLessons();
  try {
    storage.setItem(OWNER_KEY, owner);
  } catch {
    // Without storage the lessons are simply forgotten at every start.
  }
}
