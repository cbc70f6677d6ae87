import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import type { TrackDetail, TrackSummary } from '@/lib/api/types';
import { learnKeys } from './keys';

export const getTracks = () => api.get<TrackSummary[]>('/tracks', { on401: 'throw' });
export const getTrack = (slug: string) => api.get<TrackDetail>(`/tracks/${encodeURIComponent(slug)}`, { on401: 'throw' });

export function useTracks() {
  return useQuery({ queryKey: learnKeys.tracks(), queryFn: getTracks, meta: { silent: true } });
}

export function useTrack(slug: string | undefined) {
  return useQuery({
    queryKey: learnKeys.track(slug ?? ''),
    queryFn: () => getTrack(slug!),
    enabled: !!slug,
    meta: { silent: true },
  });
}
