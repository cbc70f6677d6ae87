//! GET /search: full-text search over the curriculum, and the track list its filter offers.

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import type { SearchHit, SearchPage, TrackSummary } from '@/lib/api/types';

export type { SearchHit, SearchPage };

export interface SearchParams {
  q: string;
  type?: string;
  track?: string;
  difficulty?: string;
  page?: number;
  perPage?: number;
}

export const PER_PAGE = 20;

export const searchKeys = {
  all: ['search'] as const,
  results: (p: SearchParams) => ['search', 'results', p] as const,
  tracks: () => ['search', 'tracks'] as const,
};

export function searchQueryString(p: SearchParams): string {
  const qs = new URLSearchParams({ q: p.q });
  if (p.type) qs.set('type', p.type);
  if (p.track) qs.set('track', p.track);
  if (p.difficulty) qs.set('difficulty', p.difficulty);
  if (p.page && p.page > 1) qs.set('page', String(p.page));
  qs.set('perPage', String(p.perPage ?? PER_PAGE));
  return qs.toString();
}

export const search = (p: SearchParams, signal?: AbortSignal) =>
  // Anonymous visitors may search the public catalogue: a 401 is theirs to see, not a login redirect.
  api.get<SearchPage>(`/search?${searchQueryString(p)}`, { on401: 'throw', signal });

export function useSearch(p: SearchParams) {
  return useQuery({
    queryKey: searchKeys.results(p),
    queryFn: ({ signal }) => search(p, signal),
    enabled: p.q.trim().length > 0,
    // Changing a filter keeps the old results on screen until the new ones arrive.
    placeholderData: keepPreviousData,
    meta: { silent: true },
  });
}

export function useSearchTracks() {
  return useQuery({
    queryKey: searchKeys.tracks(),
    queryFn: () => api.get<TrackSummary[]>('/tracks', { on401: 'throw' }),
    staleTime: 5 * 60_000,
    meta: { silent: true },
  });
}
