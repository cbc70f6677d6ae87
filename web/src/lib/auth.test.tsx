import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useLogout } from './auth';
import { LESSON_CACHE } from './offline/cacheRules';

afterEach(() => vi.unstubAllGlobals());

describe('logging out', () => {
  it('deletes the lessons saved for offline reading, which carry this user’s progress', async () => {
    const deleted: string[] = [];
    vi.stubGlobal('caches', { delete: vi.fn(async (name: string) => deleted.push(name) > 0) });
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(null, { status: 204 })),
    );
    localStorage.setItem('codestead.offline.owner', 'u1');
    const client = new QueryClient();
    const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>;
    const { result } = renderHook(() => useLogout(), { wrapper });
    await act(() => result.current.mutateAsync());
    expect(deleted).toEqual([LESSON_CACHE]);
    expect(localStorage.getItem('codestead.offline.owner')).toBeNull();
  });
});
