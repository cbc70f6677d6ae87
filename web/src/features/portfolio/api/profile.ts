import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import type { ExecutionResult } from '@/lib/api/types';
import { readShowcase, type Analytics, type PublicProfile } from './types';

const user = (username: string) => `/users/${encodeURIComponent(username)}`;

// Public pages: a 401 (an expired session of a visitor) must not send anyone to the login page.
export const getProfile = (username: string) => api.get<PublicProfile>(user(username), { on401: 'throw' });
export const getShowcase = async (username: string, projectId: string) =>
  readShowcase(await api.get<unknown>(`${user(username)}/projects/${encodeURIComponent(projectId)}`, { on401: 'throw' }));
export const runShowcase = (username: string, projectId: string, req: { stdin?: string; entry?: string }) =>
  api.post<ExecutionResult>(`${user(username)}/projects/${encodeURIComponent(projectId)}/run`, req, { on401: 'throw' });
export const getAnalytics = () => api.get<Analytics>('/me/analytics');

export function useProfile(username: string) {
  return useQuery({ queryKey: ['profile', username], queryFn: () => getProfile(username), meta: { silent: true } });
}

export function useShowcase(username: string, projectId: string) {
  return useQuery({ queryKey: ['profile', username, projectId], queryFn: () => getShowcase(username, projectId), meta: { silent: true } });
}

export function useRunShowcase(username: string, projectId: string) {
  return useMutation({
    mutationFn: (req: { stdin?: string; entry?: string }) => runShowcase(username, projectId, req),
    meta: { silent: true },
  });
}

export function useAnalytics(enabled: boolean) {
  return useQuery({ queryKey: ['analytics'], queryFn: getAnalytics, enabled, meta: { silent: true } });
}
