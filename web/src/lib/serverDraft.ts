//! Drafts kept on the server (`/api/v1/drafts`), so the code a learner is writing follows
//! them to another browser and survives logout. The browser's own copy (localStorage) shows at
//! once; the server's copy replaces it when it arrives, unless the learner has typed since the
//! page opened or this browser holds an edit the server has not acknowledged yet.
//!
//! An edit is a *pending write* from the moment it is typed: kept in localStorage until a PUT
//! of it succeeds. A save that fails (offline, 503, 429) is retried with backoff, when the
//! browser comes back online, and on the next page load, so code typed offline reaches the
//! server. A pending write remembers which server copy it was built on (`base`, the server's
//! `updatedAt`): a server copy no newer than that is older than the edit and never replaces it.

import { useCallback, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { api } from '@/lib/api/client';
import { isApiError } from '@/lib/api/problem';
import type { Draft } from '@/lib/api/types';

export type ServerDraft = Draft;

/** How long after the last keystroke the draft is sent. */
export const DRAFT_DEBOUNCE_MS = 800;
/** Retries of failed saves wait 1 s, 2 s, 4 s, … up to this. */
export const DRAFT_RETRY_MAX_MS = 60_000;

const path = (key: string) => `/drafts/${encodeURIComponent(key)}`;

// Under the `codestead.` prefix, so logout's `forgetLocalWork` forgets it with the other local work
// (logout sends what is pending first). Pending writes name the account they were typed under
// (the lesson cache's owner key), and are sent only while that account is the one signed in.
const PENDING_KEY = 'codestead.drafts.pending';
const OWNER_KEY = 'codestead.offline.owner';

interface PendingWrite {
  language: string;
  code: string;
  /** When it was typed (this browser's clock, ms). */
  editedAt: number;
  /** The server's `updatedAt` of the copy this edit replaces, when known. */
  base: string | null;
  owner: string | null;
}

type PendingMap = Record<string, PendingWrite>;

function owner(): string | null {
  try {
    return localStorage.getItem(OWNER_KEY);
  } catch {
    return null;
  }
}

function readPending(): PendingMap {
  try {
    const raw = localStorage.getItem(PENDING_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    return parsed && typeof parsed === 'object' ? (parsed as PendingMap) : {};
  } catch {
    return {};
  }
}

function writePending(map: PendingMap): void {
  try {
    if (Object.keys(map).length === 0) localStorage.removeItem(PENDING_KEY);
    else localStorage.setItem(PENDING_KEY, JSON.stringify(map));
  } catch {
    // Storage full or unavailable: the edit stays only in memory (and on screen).
  }
}

/** The newest server `updatedAt` seen per key in this page (fetched or acknowledged). */
const seen = new Map<string, string>();
function noteSeen(key: string, updatedAt: string): void {
  const known = seen.get(key);
  if (!known || Date.parse(updatedAt) > Date.parse(known)) seen.set(key, updatedAt);
}

/** The edit under `key` this browser has not had acknowledged, if any. */
export function pendingDraft(key: string): PendingWrite | undefined {
  return readPending()[key];
}

function recordPending(key: string, language: string, code: string): void {
  const map = readPending();
  const base = map[key]?.base ?? seen.get(key) ?? null;
  map[key] = { language, code, editedAt: Date.now(), base, owner: owner() };
  writePending(map);
}

function forgetPending(key: string, onlyIf?: PendingWrite): void {
  const map = readPending();
  const entry = map[key];
  if (!entry) return;
  if (onlyIf && (entry.editedAt !== onlyIf.editedAt || entry.code !== onlyIf.code)) return;
  delete map[key];
  writePending(map);
}

/** The draft under `key`, or null when there is none. */
export async function fetchDraft(key: string): Promise<ServerDraft | null> {
  try {
    const draft = await api.get<ServerDraft>(path(key), { on401: 'throw' });
    noteSeen(key, draft.updatedAt);
    return draft;
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
  forgetPending(key);
  try {
    await api.delete<void>(path(key), { on401: 'throw' });
  } catch (err) {
    if (!(isApiError(err) && err.status === 404)) throw err;
  }
}

/**
 * Whether a failed save is worth sending again: it never reached the server (status 0), the
 * server was unavailable or busy (5xx, 429, 408), or the session needs a refresh (401). Other
 * refusals (a 422, the 409 draft limit) would be refused again.
 */
function retryable(err: unknown): boolean {
  if (!isApiError(err)) return true;
  return err.status === 0 || err.status >= 500 || err.status === 429 || err.status === 408 || err.status === 401;
}

/**
 * Sends the pending write under `key`. True once the server holds it (or it was refused for
 * good and dropped); false when it failed and stays pending.
 */
async function sendPending(key: string, keepalive = false): Promise<boolean> {
  const entry = readPending()[key];
  if (!entry) return true;
  if (entry.owner !== owner()) return false;
  try {
    const saved = await putDraft(key, entry.language, entry.code, keepalive);
    noteSeen(key, saved.updatedAt);
    forgetPending(key, entry);
    // An edit typed while this one was in flight now builds on what the server holds.
    const later = readPending();
    if (later[key]) {
      later[key] = { ...later[key], base: saved.updatedAt };
      writePending(later);
    }
    return true;
  } catch (err) {
    if (retryable(err)) return false;
    forgetPending(key, entry);
    return true;
  }
}

let retryTimer: number | undefined;
let retryDelay = 1000;
let flushing: Promise<boolean> | null = null;

/**
 * Sends every pending write of the signed-in account; true when none is left. One flush runs
 * at a time. A failure schedules the next attempt (1 s, doubling, at most a minute).
 */
export function flushPendingDrafts(): Promise<boolean> {
  if (!flushing) {
    flushing = (async () => {
      const me = owner();
      const keys = Object.entries(readPending())
        .filter(([, p]) => p.owner === me)
        .map(([k]) => k);
      let allSent = true;
      for (const key of keys) {
        if (!(await sendPending(key))) allSent = false;
      }
      return allSent;
    })().finally(() => {
      flushing = null;
    });
    void flushing.then((allSent) => scheduleRetry(allSent));
  }
  return flushing;
}

function scheduleRetry(allSent: boolean): void {
  window.clearTimeout(retryTimer);
  retryTimer = undefined;
  if (allSent) {
    retryDelay = 1000;
    return;
  }
  retryTimer = window.setTimeout(() => void flushPendingDrafts(), retryDelay);
  retryDelay = Math.min(retryDelay * 2, DRAFT_RETRY_MAX_MS);
}

let installed = false;
/** Once per page: retry on `online`, and send what an earlier page load left pending. */
function installRetries(): void {
  if (installed) return;
  installed = true;
  window.addEventListener('online', () => {
    retryDelay = 1000;
    void flushPendingDrafts();
  });
  void flushPendingDrafts();
}

/** For tests: forget this page's retry state. */
export function resetDraftRetriesForTests(): void {
  window.clearTimeout(retryTimer);
  retryTimer = undefined;
  retryDelay = 1000;
  flushing = null;
  seen.clear();
}

/**
 * Whether the server's copy should replace this browser's under `key`: always, unless an edit
 * is pending here. Then only a server copy written after the one the edit was built on and
 * after the edit itself (by this browser's clock: a conflict between two devices, where the
 * later one wins) replaces it; the pending edit is dropped.
 */
function remoteWins(key: string, remote: ServerDraft): boolean {
  // A save this page sent since the fetch left made the fetched copy stale.
  const known = seen.get(key);
  if (known && Date.parse(remote.updatedAt) < Date.parse(known)) return false;
  const p = readPending()[key];
  if (!p) return true;
  if (p.base !== null && Date.parse(remote.updatedAt) <= Date.parse(p.base)) return false;
  if (Date.parse(remote.updatedAt) > p.editedAt) {
    forgetPending(key, p);
    return true;
  }
  return false;
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
    if (p)
      void sendPending(p.key, keepalive).then((sent) => {
        if (!sent) scheduleRetry(false);
      });
  });

  useEffect(() => {
    if (!enabled) return;
    installRetries();
    typedSinceLoad.current = false;
    let cancelled = false;
    fetchDraft(key)
      .then((draft) => {
        if (cancelled || typedSinceLoad.current) return;
        if (draft && remoteWins(key, draft)) remoteHandler.current(draft.code);
        // This browser's edit is newer than the server's copy: send it now.
        else if (pendingDraft(key)) void flushPendingDrafts();
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
    recordPending(key, language, code);
    pending.current = { key, language, code };
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => flush.current(false), DRAFT_DEBOUNCE_MS);
  }, []);
  const remove = useCallback(() => {
    const { key, enabled } = current.current;
    if (!enabled) return;
    window.clearTimeout(timer.current);
    pending.current = null;
    forgetPending(key);
    void deleteDraft(key).catch(() => {});
  }, []);
  return useMemo(() => ({ changed, remove }), [changed, remove]);
}
