//! The curriculum item the current page is about, so the header's Feedback dialog can tie
//! what the learner writes to it. The lesson/exercise page sets it while it is shown; the
//! dialog reads it. A tiny store outside React state: the two live in different features.

import { useEffect, useSyncExternalStore } from 'react';

export interface PageSubject {
  type: 'lesson' | 'exercise';
  id: string;
  title: string;
}

let current: PageSubject | null = null;
const listeners = new Set<() => void>();

function set(subject: PageSubject | null) {
  current = subject;
  for (const l of listeners) l();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Marks the page as being about `subject` while the calling component is mounted. */
export function usePageSubject(subject: PageSubject | null) {
  const type = subject?.type;
  const id = subject?.id;
  const title = subject?.title;
  useEffect(() => {
    if (!type || !id || title === undefined) return undefined;
    set({ type, id, title });
    return () => {
      if (current?.id === id) set(null);
    };
  }, [type, id, title]);
}

/** The item the current page is about, if any. */
export function useCurrentPageSubject(): PageSubject | null {
  return useSyncExternalStore(subscribe, () => current);
}
