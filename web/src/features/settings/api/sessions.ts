import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import type { SessionInfo } from '@/lib/api/types';

export const sessionsKey = ['auth', 'sessions'] as const;

export const listSessions = () => api.get<SessionInfo[]>('/auth/sessions');
export const revokeSession = (id: string) => api.delete<void>(`/auth/sessions/${encodeURIComponent(id)}`);

export function useSessions() {
  return useQuery({ queryKey: sessionsKey, queryFn: listSessions });
}

export function useRevokeSession() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: revokeSession, onSuccess: () => void qc.invalidateQueries({ queryKey: sessionsKey }) });
}
