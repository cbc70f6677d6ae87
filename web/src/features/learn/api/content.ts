import { useQueries, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import { isApiError } from '@/lib/api/problem';
import type { ContentDetail, ItemSummary } from '@/lib/api/types';
import { learnKeys } from './keys';

export const getContent = (idOrSlug: string) => api.get<ContentDetail>(`/content/${encodeURIComponent(idOrSlug)}`, { on401: 'throw' });

/** The next item in the track, or `null` at the end of it (the server answers 404 there). */
export async function getNext(idOrSlug: string): Promise<ItemSummary | null> {
  try {
    return await api.get<ItemSummary>(`/content/${encodeURIComponent(idOrSlug)}/next`, { on401: 'throw' });
  } catch (e) {
    if (isApiError(e) && e.status === 404) return null;
    throw e;
  }
}

export function useContent(idOrSlug: string | undefined) {
  return useQuery({
    queryKey: learnKeys.content(idOrSlug ?? ''),
    queryFn: () => getContent(idOrSlug!),
    enabled: !!idOrSlug,
    meta: { silent: true },
  });
}

export function useNext(idOrSlug: string | undefined) {
  return useQuery({
    queryKey: learnKeys.next(idOrSlug ?? ''),
    queryFn: () => getNext(idOrSlug!),
    enabled: !!idOrSlug,
    meta: { silent: true },
  });
}

/** Details of several items at once (the track page asks what each locked item is waiting for). */
export function useContents(slugs: string[]) {
  return useQueries({
    queries: slugs.map((slug) => ({
      queryKey: learnKeys.content(slug),
      queryFn: () => getContent(slug),
      staleTime: 60_000,
      meta: { silent: true },
    })),
  });
}
