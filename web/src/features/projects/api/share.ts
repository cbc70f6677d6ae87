import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import { projectKey, projectsKey } from './projects';
import type { Project, ShareLink, SharedProject } from './types';

export const createShare = (projectId: string) => api.post<ShareLink>(`/projects/${encodeURIComponent(projectId)}/share`);
export const revokeShare = (projectId: string) => api.delete<void>(`/projects/${encodeURIComponent(projectId)}/share`);
export const getShared = (token: string) => api.get<SharedProject>(`/shared/${encodeURIComponent(token)}`, { on401: 'throw' });
/** A new private project of the caller with the shared project's files. */
export const copyShared = (token: string) => api.post<Project>(`/shared/${encodeURIComponent(token)}/copy`);

export function useCreateShare(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => createShare(projectId),
    onSuccess: () => qc.invalidateQueries({ queryKey: projectKey(projectId), exact: true }),
  });
}

export function useRevokeShare(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => revokeShare(projectId),
    onSuccess: () => qc.invalidateQueries({ queryKey: projectKey(projectId), exact: true }),
  });
}

export function useShared(token: string) {
  return useQuery({ queryKey: ['shared', token], queryFn: () => getShared(token), meta: { silent: true } });
}

export function useCopyShared(token: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => copyShared(token),
    onSuccess: () => qc.invalidateQueries({ queryKey: projectsKey, exact: true }),
  });
}
