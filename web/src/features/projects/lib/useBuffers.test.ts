import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AUTOSAVE_MS, DRAFT_DELAY_MS, DRAFT_MAX_BYTES, isDirty, useBuffers, type DraftStore, type SaveFn } from './useBuffers';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function setup(save = vi.fn<SaveFn>(async () => ({}))) {
  const load = vi.fn(async (id: string) => ({ content: `content of ${id}` }));
  const hook = renderHook(() => useBuffers({ load, save }));
  return { hook, load, save };
}

async function flush() {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(0);
  });
}

describe('useBuffers autosave', () => {
  it('saves a changed file once after 30 s, and not again while nothing changes', async () => {
    const { hook, save } = setup();
    act(() => hook.result.current.open({ id: 'f1', path: 'main.py' }));
    await flush();
    expect(hook.result.current.buffers.f1?.content).toBe('content of f1');

    act(() => hook.result.current.edit('f1', 'print(1)'));
    expect(isDirty(hook.result.current.buffers.f1)).toBe(true);

    await act(async () => {
      await vi.advanceTimersByTimeAsync(AUTOSAVE_MS - 1);
    });
    expect(save).not.toHaveBeenCalled();

    await act(async () => {
      await vi.advanceTimersByTimeAsync(1);
    });
    expect(save).toHaveBeenCalledTimes(1);
    expect(save).toHaveBeenCalledWith('f1', 'print(1)');
    expect(isDirty(hook.result.current.buffers.f1)).toBe(false);
    expect(hook.result.current.buffers.f1?.savedAt).toBeInstanceOf(Date);

    await act(async () => {
      await vi.advanceTimersByTimeAsync(AUTOSAVE_MS * 3);
    });
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('never autosaves a file that was only opened', async () => {
    const { hook, save } = setup();
    act(() => hook.result.current.open({ id: 'f1', path: 'main.py' }));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(AUTOSAVE_MS * 2);
    });
    expect(save).not.toHaveBeenCalled();
  });

  it('keeps the edit unsaved and reports the error when the save fails', async () => {
    const save = vi.fn<SaveFn>(async () => {
      throw new Error('The file is larger than 1 MB.');
    });
    const { hook } = setup(save);
    act(() => hook.result.current.open({ id: 'f1', path: 'main.py' }));
    await flush();
    act(() => hook.result.current.edit('f1', 'x'.repeat(10)));
    let ok = true;
    await act(async () => {
      ok = await hook.result.current.saveOne('f1');
    });
    expect(ok).toBe(false);
    expect(hook.result.current.buffers.f1?.error).toBe('The file is larger than 1 MB.');
    expect(isDirty(hook.result.current.buffers.f1)).toBe(true);
  });

  it('saves the newer text again when Ctrl+S comes while a save is in flight', async () => {
    let release: () => void = () => {};
    const save = vi.fn<SaveFn>(
      () =>
        new Promise<void>((r) => {
          release = r;
        }),
    );
    const { hook } = setup(save);
    act(() => hook.result.current.open({ id: 'f1', path: 'main.py' }));
    await flush();
    act(() => hook.result.current.edit('f1', 'first'));
    let firstSave: Promise<boolean> = Promise.resolve(false);
    act(() => {
      firstSave = hook.result.current.saveOne('f1');
    });
    act(() => hook.result.current.edit('f1', 'second'));
    act(() => void hook.result.current.saveOne('f1'));
    expect(save).toHaveBeenCalledTimes(1);
    await act(async () => {
      release();
      await vi.advanceTimersByTimeAsync(0);
    });
    expect(save).toHaveBeenCalledTimes(2);
    expect(save.mock.calls[1]![1]).toBe('second');
    await act(async () => {
      release();
      await firstSave;
    });
    expect(hook.result.current.buffers.f1?.saved).toBe('second');
  });
});

describe('useBuffers drafts', () => {
  function withDrafts(kept: Record<string, { code: string; updatedAt: string }> = {}) {
    const server = new Map(Object.entries(kept));
    const drafts = {
      fetch: vi.fn<DraftStore['fetch']>(async (id) => server.get(id) ?? null),
      put: vi.fn<DraftStore['put']>(async (id, _path, content) => {
        server.set(id, { code: content, updatedAt: '2026-12-04T01:00:00Z' });
      }),
      remove: vi.fn<DraftStore['remove']>(async (id) => server.delete(id)),
    };
    // The server deletes a file's draft when the file is saved.
    const save = vi.fn<SaveFn>(async (id) => server.delete(id));
    const load = vi.fn(async (id: string) => ({ content: `saved ${id}` }));
    const hook = renderHook(() => useBuffers({ load, save, drafts }));
    return { hook, drafts, save, server };
  }

  it('sends the edits as a draft after a pause, once for a burst of typing', async () => {
    const { hook, drafts, server } = withDrafts();
    act(() => hook.result.current.open({ id: 'f1', path: 'main.py' }));
    await flush();
    act(() => hook.result.current.edit('f1', 'a'));
    act(() => hook.result.current.edit('f1', 'ab'));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(DRAFT_DELAY_MS - 1);
    });
    expect(drafts.put).not.toHaveBeenCalled();
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1);
    });
    expect(drafts.put).toHaveBeenCalledTimes(1);
    expect(drafts.put).toHaveBeenCalledWith('f1', 'main.py', 'ab', false);
    expect(server.get('f1')?.code).toBe('ab');
    // Typing back to the saved text deletes the draft.
    act(() => hook.result.current.edit('f1', 'saved f1'));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(DRAFT_DELAY_MS);
    });
    expect(drafts.remove).toHaveBeenCalledWith('f1');
    expect(server.has('f1')).toBe(false);
  });

  it('sends pending edits at once when the page goes away', async () => {
    const { hook, drafts } = withDrafts();
    act(() => hook.result.current.open({ id: 'f1', path: 'main.py' }));
    await flush();
    act(() => hook.result.current.edit('f1', 'left behind'));
    hook.unmount();
    await vi.advanceTimersByTimeAsync(0);
    expect(drafts.put).toHaveBeenCalledWith('f1', 'main.py', 'left behind', true);
  });

  it('restores a draft as unsaved changes and leaves it to the learner, not to autosave', async () => {
    const { hook, save } = withDrafts({ f1: { code: 'draft text', updatedAt: '2026-12-03T20:00:00Z' } });
    act(() => hook.result.current.open({ id: 'f1', path: 'main.py' }));
    await flush();
    const b = hook.result.current.buffers.f1!;
    expect(b.content).toBe('draft text');
    expect(b.saved).toBe('saved f1');
    expect(b.restoredFrom).toBe('2026-12-03T20:00:00Z');
    expect(isDirty(b)).toBe(true);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(AUTOSAVE_MS * 2);
    });
    expect(save).not.toHaveBeenCalled();
    // Save makes it a version; the notice goes and the server's draft with it.
    await act(async () => {
      await hook.result.current.saveOne('f1');
    });
    expect(save).toHaveBeenCalledWith('f1', 'draft text');
    expect(hook.result.current.buffers.f1?.restoredFrom).toBeUndefined();
    expect(isDirty(hook.result.current.buffers.f1)).toBe(false);
  });

  it('discards a restored draft: the saved text is back and the draft deleted', async () => {
    const { hook, drafts, server } = withDrafts({ f1: { code: 'draft text', updatedAt: '' } });
    act(() => hook.result.current.open({ id: 'f1', path: 'main.py' }));
    await flush();
    act(() => hook.result.current.discard('f1'));
    await flush();
    expect(hook.result.current.buffers.f1?.content).toBe('saved f1');
    expect(hook.result.current.buffers.f1?.restoredFrom).toBeUndefined();
    expect(drafts.remove).toHaveBeenCalledWith('f1');
    expect(server.has('f1')).toBe(false);
  });

  it('ignores and drops a draft equal to the saved text', async () => {
    const { hook, drafts } = withDrafts({ f1: { code: 'saved f1', updatedAt: '' } });
    act(() => hook.result.current.open({ id: 'f1', path: 'main.py' }));
    await flush();
    expect(hook.result.current.buffers.f1?.restoredFrom).toBeUndefined();
    expect(drafts.remove).toHaveBeenCalledWith('f1');
  });

  it('lets a draft write in flight land before the save, so no draft outlives the save', async () => {
    const { hook, drafts, save, server } = withDrafts();
    let land: () => void = () => {};
    drafts.put.mockImplementationOnce(
      (id, _path, content) =>
        new Promise<void>((r) => {
          land = () => {
            server.set(id, { code: content, updatedAt: '' });
            r();
          };
        }),
    );
    act(() => hook.result.current.open({ id: 'f1', path: 'main.py' }));
    await flush();
    act(() => hook.result.current.edit('f1', 'v1'));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(DRAFT_DELAY_MS);
    });
    expect(drafts.put).toHaveBeenCalledTimes(1);
    let saved: Promise<boolean> = Promise.resolve(false);
    act(() => {
      saved = hook.result.current.saveOne('f1');
    });
    await flush();
    expect(save).not.toHaveBeenCalled();
    await act(async () => {
      land();
      await saved;
    });
    expect(save).toHaveBeenCalledWith('f1', 'v1');
    expect(server.has('f1')).toBe(false);
  });

  it('keeps no draft of edits larger than the server takes, and says so', async () => {
    const { hook, drafts } = withDrafts();
    act(() => hook.result.current.open({ id: 'f1', path: 'big.txt' }));
    await flush();
    act(() => hook.result.current.edit('f1', 'é'.repeat(DRAFT_MAX_BYTES / 2 + 1)));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(DRAFT_DELAY_MS);
    });
    expect(drafts.put).not.toHaveBeenCalled();
    expect(hook.result.current.buffers.f1?.draftTooLarge).toBe(true);
  });
});
