import { act, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { __resetClientForTests, api } from '@/lib/api/client';
import { ApiError } from '@/lib/api/problem';
import { SAVED_COPY_HEADER } from './cacheRules';
import { isOnline, PROBE_INTERVAL_MS, useOnline } from './network';

const ok = (headers: Record<string, string> = {}) =>
  new Response('{}', { status: 200, headers: { 'content-type': 'application/json', ...headers } });

function browserOnline(online: boolean) {
  vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(online);
  window.dispatchEvent(new Event(online ? 'online' : 'offline'));
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  vi.useRealTimers();
  __resetClientForTests();
});

describe('whether the app can reach the server', () => {
  it('follows the browser going offline and coming back', () => {
    const { result } = renderHook(() => useOnline());
    expect(result.current).toBe(true);
    act(() => browserOnline(false));
    expect(result.current).toBe(false);
    act(() => browserOnline(true));
    expect(result.current).toBe(true);
  });

  it('is offline after a request that never reached the server, and says so in the error', async () => {
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    const error = await api.get('/progress').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toMatch(/You are offline: this needs the network/);
    expect(isOnline()).toBe(false);
  });

  it('is offline while lessons come from the saved copy, even when the browser thinks it is online', async () => {
    const { result } = renderHook(() => useOnline());
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => ok({ [SAVED_COPY_HEADER]: '1' })),
    );
    await act(() => api.get('/content/python-hello-world'));
    expect(result.current).toBe(false);
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => ok()),
    );
    await act(() => api.get('/content/python-hello-world'));
    expect(result.current).toBe(true);
  });

  it('asks the server again by itself until it answers, so the banner clears without a click', async () => {
    vi.useFakeTimers();
    const fetch = vi.fn(async (url: string) => {
      if (url === '/healthz') return ok();
      throw new TypeError('Failed to fetch');
    });
    vi.stubGlobal('fetch', fetch);
    const { result } = renderHook(() => useOnline());
    await act(() => api.get('/tracks').catch(() => undefined));
    expect(result.current).toBe(false);
    await act(() => vi.advanceTimersByTimeAsync(PROBE_INTERVAL_MS));
    expect(fetch).toHaveBeenCalledWith('/healthz', { cache: 'no-store' });
    expect(result.current).toBe(true);
  });

  it('does not count a failure that is not the network (a bug in a handler) as offline', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new Error('boom');
      }),
    );
    await api.get('/tracks').catch(() => undefined);
    expect(isOnline()).toBe(true);
  });
});
