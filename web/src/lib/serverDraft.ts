//! Drafts kept on the server (`/api/v1/drafts`), so the code a learner is writing follows
//! them to another browser and survives logout. The browser's own copy (localStorage) is
//! only a cache that shows at once; the server's copy wins when it arrives, unless the
//! learner has typed since the page opened.

import { useCallback, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { api } from '@/lib/api/client';
import { isApiError } from '@/lib/api/problem';
import type { Draft } from '@/lib/api/types';

export type ServerDraft = Draft;

/** How long after the last keystroke the draft is sent. */
export const DRAFT_DEBOUNCE_MS = 800;

const path = (key: string) => `/drafts/${encodeURIComponent(key)}`;

/** The draft under `key`, or null when there is none. */
export async function fetchDraft(key: string): Promise<ServerDraft | null> {
  try {
    return await api.get<ServerDraft>(path(key), { on401: 'throw' });
  } catch (err) {
    if (isApiError(err) && err.status === 404) return null;
    throw err;
  }
}

export function putDraft(key: string, language: string, code: string, keepalive = false): Promise<ServerDraft> {
  return api.put<ServerDraft>(path(key), { language, code }, { on401: 'throw', keepalive });
}

/** Deletes the draft; a draft that was never saved is not an error. */
export async function deleteDraft(key: string): Promise<void> {
  try {
    await api.delete<void>(path(key), { on401: 'throw' });
  } catch (err) {
    if (!(isApiError(err) && err.status === 404)) throw err;
  }
}

export const exerciseDraftKey = (slug: string, language: string) => `exercise:${slug}.${language}`;
export const playgroundDraftKey = (language: string) => `playground:${language}`;
/** A project file's unsaved edits: one draft per file, whatever its path becomes. */
export const projectFileDraftKey = (projectId: string, fileId: string) => `project:${projectId}.${fileId}`;

const DRAFT_LANGUAGES = new Set(['python', 'javascript', 'java', 'cpp']);
/** What a draft records as its language: one the sandbox runs, else `text` (project files only). */
export const draftLanguage = (language: string) => (DRAFT_LANGUAGES.has(language) ? language : 'text');

export interface DraftSync {
  /** Call on every edit: the draft is sent once the learner pauses. */
  changed(code: string): void;
  /** Forget the server's copy (a reset to the starter code). */
  remove(): void;
}

/**
 * Keeps the draft under `key` on the server while `enabled` (a signed-in learner). When the
 * key changes (another exercise or language) the server's copy is fetched and handed to
 * `onRemote` if the learner has not typed meanwhile; edits are sent after a pause, and a
 * pending edit is sent when the key changes, the page unmounts or the tab is hidden.
 */
export function useDraftSync(key: string, language: string, enabled: boolean, onRemote: (code: string) => void): DraftSync {
  const pending = useRef<{ key: string; language: string; code: string } | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const typedSinceLoad = useRef(false);
  const remoteHandler = useRef(onRemote);
  useEffect(() => {
    remoteHandler.current = onRemote;
  });

  const flush = useRef((keepalive: boolean) => {
    window.clearTimeout(timer.current);
    const p = pending.current;
    pending.current = null;
    if (p) void putDraft(p.key, p.language, p.code, keepalive).catch(() => {});
  });

  useEffect(() => {
    if (!enabled) return;
    typedSinceLoad.current = false;
    let cancelled = false;
    fetchDraft(key)
      .then((draft) => {
        if (!cancelled && draft && !typedSinceLoad.current) remoteHandler.current(draft.code);
      })
      .catch(() => {
        // Offline or the server is down: the browser's copy stays on screen.
      });
    const onHide = () => {
      if (document.visibilityState === 'hidden') flush.current(true);
    };
    document.addEventListener('visibilitychange', onHide);
    return () => {
      cancelled = true;
      document.removeEventListener('visibilitychange', onHide);
      flush.current(true);
    };
  }, [key, enabled]);

  const current = useRef({ key, language, enabled });
  useLayoutEffect(() => {
    current.current = { key, language, enabled };
  });
  const changed = useCallback((code: string) => {
    const { key, language, enabled } = current.current;
    if (!enabled) return;
    typedSinceLoad.current = true;
    pending.current = { key, language, code };
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => flush.current(false), DRAFT_DEBOUNCE_MS);
  }, []);
  const remove = useCallback(() => {
    const { key, enabled } = current.current;
    if (!enabled) return;
    window.clearTimeout(timer.current);
    pending.current = null;
    void deleteDraft(key).catch(() => {});
  }, []);
  return useMemo(() => ({ changed, remove }), [changed, remove]);
}
