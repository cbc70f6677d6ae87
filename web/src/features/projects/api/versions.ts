import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import type { FileVersion, FileVersionDetail, ProjectFileDetail } from './types';

const base = (projectId: string, fileId: string) =>
  `/projects/${encodeURIComponent(projectId)}/files/${encodeURIComponent(fileId)}/versions`;

export const versionsKey = (projectId: string, fileId: string) => ['projects', projectId, 'files', fileId, 'versions'] as const;

export const listVersions = (projectId: string, fileId: string) => api.get<FileVersion[]>(base(projectId, fileId));
export const getVersion = (projectId: string, fileId: string, n: number) => api.get<FileVersionDetail>(`${base(projectId, fileId)}/${n}`);
export const restoreVersion = (projectId: string, fileId: string, n: number) =>
  api.post<ProjectFileDetail>(`${base(projectId, fileId)}/${n}/restore`);

export function useVersions(projectId: string, fileId: string | null) {
  return useQuery({
    queryKey: versionsKey(projectId, fileId ?? ''),
    queryFn: () => listVersions(projectId, fileId!),
    enabled: !!fileId,
  });
}

export function useVersion(projectId: string, fileId: string, n: number | null) {
  return useQuery({
    queryKey: [...versionsKey(projectId, fileId), n],
    queryFn: () => getVersion(projectId, fileId, n!),
    enabled: n != null,
    staleTime: Infinity,
  });
}

export function useRestoreVersion(projectId: string, fileId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (n: number) => restoreVersion(projectId, fileId, n),
    onSuccess: () => qc.invalidateQueries({ queryKey: versionsKey(projectId, fileId) }),
  });
}
