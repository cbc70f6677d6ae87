import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AUTOSAVE_MS, isDirty, useBuffers, type SaveFn } from './useBuffers';

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
