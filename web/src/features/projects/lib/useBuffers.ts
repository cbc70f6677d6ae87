//! The open files of the project editor: their text as edited and as last saved on the server.
//! Saving is a PUT that snapshots a server-side version, so it happens on Ctrl+S and every 30 s
//! for the files that changed, never per keystroke. In between, unsaved edits are kept as a draft
//! on the server (a pause after typing, and when the page is left or hidden), so leaving the page
//! loses nothing: the next time the file opens, on any device, the draft is restored and waits
//! for the learner to Save or Discard it.

import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { errorMessage } from '@/lib/api/forms';

export const AUTOSAVE_MS = 30_000;
/** How long after the last keystroke a file's draft is sent. */
export const DRAFT_DELAY_MS = 800;
/** The server keeps a project file's draft up to this many bytes (UTF-8). */
export const DRAFT_MAX_BYTES = 256 * 1024;
/** Bodies a `keepalive` request may carry (the browser's limit is 64 KiB in all): larger drafts go without it. */
const KEEPALIVE_MAX_CHARS = 60_000;

export interface Buffer {
  fileId: string;
  path: string;
  /** What the editor shows. */
  content: string;
  /** What the server has; `content !== saved` means unsaved changes. */
  saved: string;
  loading: boolean;
  saving: boolean;
  error?: string;
  savedAt?: Date;
  /** The content came from a draft of an earlier visit (when it was written): Save or Discard it. */
  restoredFrom?: string;
  /** A restored draft not touched since: autosave leaves it for the learner to decide. */
  held?: boolean;
  /** The edits are larger than a draft may be: only saving keeps them. */
  draftTooLarge?: boolean;
}

export type SaveFn = (fileId: string, content: string) => Promise<unknown>;
export type LoadFn = (fileId: string) => Promise<{ content: string }>;

/** Where unsaved edits are kept (the server's drafts, keyed by project and file). */
export interface DraftStore {
  /** The kept draft of a file, or null when there is none. */
  fetch(fileId: string): Promise<{ code: string; updatedAt: string } | null>;
  put(fileId: string, path: string, content: string, keepalive: boolean): Promise<unknown>;
  remove(fileId: string): Promise<unknown>;
}

export const isDirty = (b: Buffer | undefined) => !!b && !b.loading && b.content !== b.saved;

const utf8Bytes = (text: string) => (text.length * 3 <= DRAFT_MAX_BYTES ? text.length : new TextEncoder().encode(text).length);

export function useBuffers({
  load,
  save,
  drafts,
  intervalMs = AUTOSAVE_MS,
  draftDelayMs = DRAFT_DELAY_MS,
  live = false,
}: {
  load: LoadFn;
  save: SaveFn;
  drafts?: DraftStore;
  intervalMs?: number;
  draftDelayMs?: number;
  /**
   * The files are live documents (a shared project): the server keeps every edit as it arrives,
   * so there is no autosave, and leaving asks nothing. Saving still makes a version. (Pass no
   * `drafts` then either: the document is the draft.)
   */
  live?: boolean;
}) {
  const [buffers, setBuffers] = useState<Record<string, Buffer>>({});
  const latest = useRef(buffers);
  const fns = useRef({ load, save, drafts, live });
  useLayoutEffect(() => {
    latest.current = buffers;
    fns.current = { load, save, drafts, live };
  });
  // A save asked for while one is in flight runs again when that one ends, with the newer text.
  const inFlight = useRef(new Set<string>());
  const again = useRef(new Set<string>());
  // Per file: the pending draft timer, the draft write in flight, whether the server holds a draft.
  const draftTimers = useRef(new Map<string, number>());
  const draftWrites = useRef(new Map<string, Promise<unknown>>());
  const hasDraft = useRef(new Set<string>());

  const patch = useCallback((fileId: string, p: Partial<Buffer>) => {
    setBuffers((prev) => {
      const cur = prev[fileId];
      if (!cur) return prev;
      const next = { ...prev, [fileId]: { ...cur, ...p } };
      latest.current = next;
      return next;
    });
  }, []);

  const cancelDraftTimer = useCallback((fileId: string) => {
    window.clearTimeout(draftTimers.current.get(fileId));
    draftTimers.current.delete(fileId);
  }, []);

  /** Runs after any draft write of the file in flight, so writes reach the server in order. */
  const afterDraftWrites = useCallback((fileId: string, next: () => Promise<unknown>) => {
    const prev = draftWrites.current.get(fileId) ?? Promise.resolve();
    const run = prev.catch(() => {}).then(next);
    draftWrites.current.set(fileId, run);
    void run
      .catch(() => {
        // Offline or refused: the edits stay in the editor; saving still keeps them.
      })
      .finally(() => {
        if (draftWrites.current.get(fileId) === run) draftWrites.current.delete(fileId);
      });
    return run;
  }, []);

  /** Sends the file's draft now: its edits, or (edits undone) the deletion of an old draft. */
  const writeDraft = useCallback(
    (fileId: string, keepalive: boolean) => {
      cancelDraftTimer(fileId);
      const store = fns.current.drafts;
      const b = latest.current[fileId];
      if (!store || !b || b.loading) return;
      if (b.content === b.saved) {
        if (hasDraft.current.delete(fileId)) afterDraftWrites(fileId, () => store.remove(fileId));
        return;
      }
      const tooLarge = utf8Bytes(b.content) > DRAFT_MAX_BYTES;
      if (tooLarge !== !!b.draftTooLarge) patch(fileId, { draftTooLarge: tooLarge });
      if (tooLarge) return;
      const { path, content } = b;
      hasDraft.current.add(fileId);
      afterDraftWrites(fileId, () => store.put(fileId, path, content, keepalive && content.length <= KEEPALIVE_MAX_CHARS));
    },
    [afterDraftWrites, cancelDraftTimer, patch],
  );

  const scheduleDraft = useCallback(
    (fileId: string) => {
      if (!fns.current.drafts) return;
      cancelDraftTimer(fileId);
      draftTimers.current.set(
        fileId,
        window.setTimeout(() => writeDraft(fileId, false), draftDelayMs),
      );
    },
    [cancelDraftTimer, draftDelayMs, writeDraft],
  );

  const open = useCallback(
    (file: { id: string; path: string }) => {
      if (latest.current[file.id]) return;
      setBuffers((prev) => {
        const next = { ...prev, [file.id]: { fileId: file.id, path: file.path, content: '', saved: '', loading: true, saving: false } };
        latest.current = next;
        return next;
      });
      const store = fns.current.drafts;
      // A draft that cannot be read (offline) is no reason not to open the file.
      const draft = store ? store.fetch(file.id).catch(() => null) : Promise.resolve(null);
      Promise.all([fns.current.load(file.id), draft]).then(
        ([f, d]) => {
          if (d && d.code !== f.content) {
            hasDraft.current.add(file.id);
            patch(file.id, { content: d.code, saved: f.content, loading: false, restoredFrom: d.updatedAt, held: true });
          } else {
            patch(file.id, { content: f.content, saved: f.content, loading: false });
            // A draft equal to the saved text keeps nothing: drop it.
            if (d && store) afterDraftWrites(file.id, () => store.remove(file.id));
          }
        },
        (e) => patch(file.id, { loading: false, error: errorMessage(e) }),
      );
    },
    [afterDraftWrites, patch],
  );

  const edit = useCallback(
    (fileId: string, content: string) => {
      const b = latest.current[fileId];
      if (!b || b.content === content) return;
      patch(fileId, { content, held: false });
      scheduleDraft(fileId);
    },
    [patch, scheduleDraft],
  );

  const saveOne = useCallback(
    async (fileId: string): Promise<boolean> => {
      if (inFlight.current.has(fileId)) {
        again.current.add(fileId);
        return false;
      }
      inFlight.current.add(fileId);
      let ok = true;
      try {
        do {
          again.current.delete(fileId);
          const b = latest.current[fileId];
          if (!b || b.loading) return false;
          if (b.content === b.saved) continue;
          const content = b.content;
          patch(fileId, { saving: true, error: undefined });
          // The save keeps these edits (and deletes the draft on the server): a draft write still
          // in flight must land before it, never after, or it would outlive the save.
          cancelDraftTimer(fileId);
          const pendingWrite = draftWrites.current.get(fileId);
          if (pendingWrite) await pendingWrite.catch(() => {});
          try {
            await fns.current.save(fileId, content);
            hasDraft.current.delete(fileId);
            patch(fileId, {
              saving: false,
              saved: content,
              savedAt: new Date(),
              restoredFrom: undefined,
              held: false,
              draftTooLarge: false,
            });
            // Typed while the save was on its way: those edits need a draft of their own.
            if (latest.current[fileId]?.content !== content) scheduleDraft(fileId);
          } catch (e) {
            patch(fileId, { saving: false, error: errorMessage(e) });
            scheduleDraft(fileId);
            ok = false;
          }
        } while (ok && again.current.has(fileId));
      } finally {
        inFlight.current.delete(fileId);
        again.current.delete(fileId);
      }
      return ok;
    },
    [cancelDraftTimer, patch, scheduleDraft],
  );

  const saveAll = useCallback(async () => {
    const dirty = Object.values(latest.current).filter(isDirty);
    const results = await Promise.all(dirty.map((b) => saveOne(b.fileId)));
    return results.every(Boolean);
  }, [saveOne]);

  /** Throws the unsaved edits away: back to the saved text, and the draft deleted. */
  const discard = useCallback(
    (fileId: string) => {
      const b = latest.current[fileId];
      if (!b || b.loading) return;
      patch(fileId, { content: b.saved, restoredFrom: undefined, held: false, draftTooLarge: false });
      cancelDraftTimer(fileId);
      const store = fns.current.drafts;
      hasDraft.current.delete(fileId);
      if (store) afterDraftWrites(fileId, () => store.remove(fileId));
    },
    [afterDraftWrites, cancelDraftTimer, patch],
  );

  /** The server's text changed underneath (a version restore, which also drops the draft): show it as saved. */
  const replace = useCallback(
    (fileId: string, content: string) => {
      cancelDraftTimer(fileId);
      hasDraft.current.delete(fileId);
      patch(fileId, { content, saved: content, savedAt: new Date(), restoredFrom: undefined, held: false, draftTooLarge: false });
    },
    [cancelDraftTimer, patch],
  );

  const rename = useCallback((fileId: string, path: string) => patch(fileId, { path }), [patch]);

  /**
   * Closes the file's buffer. Its unsaved edits are sent as a draft first (they come back when the
   * file opens again), unless the file itself is gone (`keepDraft: false`).
   */
  const close = useCallback(
    (fileId: string, { keepDraft = true }: { keepDraft?: boolean } = {}) => {
      if (keepDraft && draftTimers.current.has(fileId)) writeDraft(fileId, false);
      cancelDraftTimer(fileId);
      hasDraft.current.delete(fileId);
      setBuffers((prev) => {
        const next = { ...prev };
        delete next[fileId];
        latest.current = next;
        return next;
      });
    },
    [cancelDraftTimer, writeDraft],
  );

  useEffect(() => {
    const id = window.setInterval(() => {
      if (fns.current.live) return;
      if (Object.values(latest.current).some((b) => isDirty(b) && !b.held)) {
        void Promise.all(
          Object.values(latest.current)
            .filter((b) => isDirty(b) && !b.held)
            .map((b) => saveOne(b.fileId)),
        );
      }
    }, intervalMs);
    return () => window.clearInterval(id);
  }, [saveOne, intervalMs]);

  // Edits waiting for their pause are sent when the tab is hidden (closed, switched away, navigated
  // off the app) and when the page unmounts (another page of the app).
  useEffect(() => {
    const timers = draftTimers.current;
    const flushAll = () => {
      for (const fileId of [...timers.keys()]) writeDraft(fileId, true);
    };
    const onHide = () => {
      if (document.visibilityState === 'hidden') flushAll();
    };
    document.addEventListener('visibilitychange', onHide);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      flushAll();
    };
  }, [writeDraft]);

  // Unsaved work is not lost silently: the browser asks before the tab closes.
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (!fns.current.live && Object.values(latest.current).some(isDirty)) e.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, []);

  return { buffers, open, edit, saveOne, saveAll, discard, replace, rename, close };
}
