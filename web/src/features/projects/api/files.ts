import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import { projectKey } from './projects';
import type { ProjectFile, ProjectFileDetail } from './types';

const base = (projectId: string) => `/projects/${encodeURIComponent(projectId)}/files`;
const one = (projectId: string, fileId: string) => `${base(projectId)}/${encodeURIComponent(fileId)}`;

export const filesKey = (projectId: string) => ['projects', projectId, 'files'] as const;
export const fileKey = (projectId: string, fileId: string) => ['projects', projectId, 'files', fileId] as const;

/** The tree is the flat list of files (folders are prefixes of their paths), sorted by path. */
export const listFiles = async (projectId: string) =>
  (await api.get<ProjectFile[]>(base(projectId))).sort((a, b) => a.path.localeCompare(b.path));
export const getFile = (projectId: string, fileId: string) => api.get<ProjectFileDetail>(one(projectId, fileId));
export const createFile = (projectId: string, path: string, content = '') =>
  api.post<ProjectFileDetail>(base(projectId), { path, content });
export const saveFile = (projectId: string, fileId: string, content: string, changeDescription?: string) =>
  api.put<ProjectFileDetail>(one(projectId, fileId), changeDescription ? { content, changeDescription } : { content });
export const moveFile = (projectId: string, fileId: string, path: string) => api.patch<ProjectFileDetail>(one(projectId, fileId), { path });
export const deleteFile = (projectId: string, fileId: string) => api.delete<void>(one(projectId, fileId));

export function useFiles(projectId: string) {
  return useQuery({ queryKey: filesKey(projectId), queryFn: () => listFiles(projectId) });
}

/** Every change to the tree also changes the project's totals: refetch both. */
function useInvalidateTree(projectId: string) {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: filesKey(projectId), exact: true });
    void qc.invalidateQueries({ queryKey: projectKey(projectId), exact: true });
  };
}

export function useCreateFile(projectId: string) {
  const invalidate = useInvalidateTree(projectId);
  return useMutation({
    mutationFn: ({ path, content }: { path: string; content?: string }) => createFile(projectId, path, content),
    onSuccess: invalidate,
  });
}

export function useMoveFile(projectId: string) {
  const invalidate = useInvalidateTree(projectId);
  return useMutation({
    mutationFn: ({ fileId, path }: { fileId: string; path: string }) => moveFile(projectId, fileId, path),
    onSuccess: invalidate,
  });
}

export function useDeleteFile(projectId: string) {
  const invalidate = useInvalidateTree(projectId);
  return useMutation({
    mutationFn: (fileId: string) => deleteFile(projectId, fileId),
    onSuccess: invalidate,
  });
}
