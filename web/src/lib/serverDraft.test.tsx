import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { __resetClientForTests } from '@/lib/api/client';
import { flushPendingDrafts, pendingDraft, resetDraftRetriesForTests, useDraftSync } from './serverDraft';

const KEY = 'exercise:python-ex-greeting.python';

interface Stored {
  code: string;
  updatedAt: string;
}

// A fake drafts API: `mode` says how the next requests fail; PUTs that succeed are recorded.
let server: Record<string, Stored>;
let puts: string[];
let mode: 'up' | 'offline' | 'unavailable';
let clock: number;

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });

beforeEach(() => {
  localStorage.clear();
  localStorage.setItem('codestead.offline.owner', 'u1');
  resetDraftRetriesForTests();
  server = {};
  puts = [];
  mode = 'up';
  clock = Date.parse('2026-12-04T10:00:00Z');
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      if (mode === 'offline') throw new TypeError('Failed to fetch');
      if (mode === 'unavailable') return json(503, { status: 503, title: 'Unavailable', code: 'database_unavailable' });
      const key = decodeURIComponent(url.slice(url.indexOf('/drafts/') + 8));
      if (init?.method === 'PUT') {
        const body = JSON.parse(String(init.body)) as { code: string };
        clock += 1000;
        server[key] = { code: body.code, updatedAt: new Date(clock).toISOString() };
        puts.push(body.code);
        return json(200, { key, language: 'python', ...server[key] });
      }
      const d = server[key];
      return d ? json(200, { key, language: 'python', ...d }) : json(404, { status: 404, title: 'Not Found' });
    }),
  );
});

afterEach(() => {
  vi.unstubAllGlobals();
  __resetClientForTests();
  resetDraftRetriesForTests();
});

function mount(onRemote: (code: string) => void = () => {}) {
  return renderHook(() => useDraftSync(KEY, 'python', true, onRemote));
}

describe('useDraftSync', () => {
  it('keeps a save the server refused with 503 and sends it again', async () => {
    const { result } = mount();
    await waitFor(() => expect(vi.mocked(fetch)).toHaveBeenCalled());
    mode = 'unavailable';
    act(() => result.current.changed('print("typed while the server was down")'));
    expect(pendingDraft(KEY)?.code).toBe('print("typed while the server was down")');
    await waitFor(() => expect(vi.mocked(fetch).mock.calls.some(([, i]) => i?.method === 'PUT')).toBe(true), { timeout: 3000 });
    expect(puts).toEqual([]);
    mode = 'up';
    await waitFor(() => expect(puts).toEqual(['print("typed while the server was down")']), { timeout: 5000 });
    expect(pendingDraft(KEY)).toBeUndefined();
  });

  it('sends code typed offline when the browser is back online', async () => {
    mode = 'offline';
    const { result } = mount();
    act(() => result.current.changed('print("on the train")'));
    await waitFor(() => expect(vi.mocked(fetch).mock.calls.some(([, i]) => i?.method === 'PUT')).toBe(true), { timeout: 3000 });
    mode = 'up';
    act(() => {
      window.dispatchEvent(new Event('online'));
    });
    await waitFor(() => expect(puts).toEqual(['print("on the train")']));
  });

  it('on the next load sends the pending edit instead of taking the older server copy', async () => {
    server[KEY] = { code: 'print("older, from the server")', updatedAt: '2026-12-04T09:00:00Z' };
    // The first page: the server copy is seen, then an edit fails to go out before the tab closes.
    const first = mount();
    await waitFor(() => expect(vi.mocked(fetch)).toHaveBeenCalled());
    mode = 'offline';
    act(() => first.result.current.changed('print("newer, typed offline")'));
    first.unmount();
    resetDraftRetriesForTests();
    // The next load, online: the server's copy must not replace the newer browser copy.
    mode = 'up';
    const remote = vi.fn();
    mount(remote);
    await waitFor(() => expect(puts).toContain('print("newer, typed offline")'));
    expect(remote).not.toHaveBeenCalled();
    expect(server[KEY]!.code).toBe('print("newer, typed offline")');
    expect(pendingDraft(KEY)).toBeUndefined();
  });

  it('lets a copy saved on another device after the pending edit win', async () => {
    mode = 'offline';
    const first = mount();
    act(() => first.result.current.changed('print("old edit on this laptop")'));
    first.unmount();
    resetDraftRetriesForTests();
    // Later, on another computer, the learner saved newer code.
    server[KEY] = { code: 'print("newer, from school")', updatedAt: new Date(Date.now() + 60_000).toISOString() };
    mode = 'up';
    const remote = vi.fn();
    mount(remote);
    await waitFor(() => expect(remote).toHaveBeenCalledWith('print("newer, from school")'));
    expect(puts).toEqual([]);
    expect(pendingDraft(KEY)).toBeUndefined();
  });

  it('never sends one account’s pending edit under another account', async () => {
    mode = 'offline';
    const first = mount();
    act(() => first.result.current.changed('print("ada’s code")'));
    first.unmount();
    resetDraftRetriesForTests();
    localStorage.setItem('codestead.offline.owner', 'u2');
    mode = 'up';
    mount();
    await act(() => flushPendingDrafts());
    expect(puts).toEqual([]);
    expect(pendingDraft(KEY)?.owner).toBe('u1');
  });
});
