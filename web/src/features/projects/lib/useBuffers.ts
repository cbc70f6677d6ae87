//! The open files of the project editor: their text as edited and as last saved on the server.
//! Saving is a PUT that snapshots a server-side version, so it happens on Ctrl+S and every 30 s
//! for the files that changed, never per keystroke.

import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { errorMessage } from '@/lib/api/forms';

export const AUTOSAVE_MS = 30_000;

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
}

export type SaveFn = (fileId: string, content: string) => Promise<unknown>;
export type LoadFn = (fileId: string) => Promise<{ content: string }>;

export const isDirty = (b: Buffer | undefined) => !!b && !b.loading && b.content !== b.saved;

export function useBuffers({ load, save, intervalMs = AUTOSAVE_MS }: { load: LoadFn; save: SaveFn; intervalMs?: number }) {
  const [buffers, setBuffers] = useState<Record<string, Buffer>>({});
  const latest = useRef(buffers);
  const fns = useRef({ load, save });
  useLayoutEffect(() => {
    latest.current = buffers;
    fns.current = { load, save };
  });
  // A save asked for while one is in flight runs again when that one ends, with the newer text.
  const inFlight = useRef(new Set<string>());
  const again = useRef(new Set<string>());

  const patch = useCallback((fileId: string, p: Partial<Buffer>) => {
    setBuffers((prev) => {
      const cur = prev[fileId];
      if (!cur) return prev;
      const next = { ...prev, [fileId]: { ...cur, ...p } };
      latest.current = next;
      return next;
    });
  }, []);

  const open = useCallback(
    (file: { id: string; path: string }) => {
      if (latest.current[file.id]) return;
      setBuffers((prev) => {
        const next = { ...prev, [file.id]: { fileId: file.id, path: file.path, content: '', saved: '', loading: true, saving: false } };
        latest.current = next;
        return next;
      });
      fns.current.load(file.id).then(
        (f) => patch(file.id, { content: f.content, saved: f.content, loading: false }),
        (e) => patch(file.id, { loading: false, error: errorMessage(e) }),
      );
    },
    [patch],
  );

  const edit = useCallback((fileId: string, content: string) => patch(fileId, { content }), [patch]);

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
          try {
            await fns.current.save(fileId, content);
            patch(fileId, { saving: false, saved: content, savedAt: new Date() });
          } catch (e) {
            patch(fileId, { saving: false, error: errorMessage(e) });
            ok = false;
          }
        } while (ok && again.current.has(fileId));
      } finally {
        inFlight.current.delete(fileId);
        again.current.delete(fileId);
      }
      return ok;
    },
    [patch],
  );

  const saveAll = useCallback(async () => {
    const dirty = Object.values(latest.current).filter(isDirty);
    const results = await Promise.all(dirty.map((b) => saveOne(b.fileId)));
    return results.every(Boolean);
  }, [saveOne]);

  /** The server's text changed underneath (a version restore): show it as saved. */
  const replace = useCallback(
    (fileId: string, content: string) => patch(fileId, { content, saved: content, savedAt: new Date() }),
    [patch],
  );

  const rename = useCallback((fileId: string, path: string) => patch(fileId, { path }), [patch]);

  const close = useCallback((fileId: string) => {
    setBuffers((prev) => {
      const next = { ...prev };
      delete next[fileId];
      latest.current = next;
      return next;
    });
  }, []);

  useEffect(() => {
    const id = window.setInterval(() => {
      if (Object.values(latest.current).some(isDirty)) void saveAll();
    }, intervalMs);
    return () => window.clearInterval(id);
  }, [saveAll, intervalMs]);

  // Unsaved work is not lost silently: the browser asks before the tab closes.
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (Object.values(latest.current).some(isDirty)) e.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, []);

  return { buffers, open, edit, saveOne, saveAll, replace, rename, close };
}
