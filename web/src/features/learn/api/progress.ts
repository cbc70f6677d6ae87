import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import type { ProgressEntry, ProgressRequest } from '@/lib/api/types';
import { learnKeys } from './keys';

export const getProgress = () => api.get<ProgressEntry[]>('/progress');
export const putProgress = (contentId: string, body: ProgressRequest, keepalive = false) =>
  // A failed background write must not send the reader to the login page mid-paragraph.
  api.put<ProgressEntry>(`/progress/${contentId}`, body, { on401: 'throw', keepalive });
export const completeLesson = (contentId: string) => api.post<ProgressEntry>(`/progress/${contentId}/complete`);

export function useProgress(enabled: boolean) {
  return useQuery({ queryKey: learnKeys.progress(), queryFn: getProgress, enabled, meta: { silent: true } });
}

export function useCompleteLesson() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: completeLesson,
    // Completion unlocks items and changes counts everywhere in the feature.
    onSuccess: () => qc.invalidateQueries({ queryKey: learnKeys.all }),
  });
}
