import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import { projectKey } from './projects';
import type { ProjectFile, ProjectFileDetail } from './types';

const base = (projectId: string) => `/projects/${encodeURIComponent(projectId)}/files`;
const one = (projectId: string, fileId: string) => `${base(projectId)}/${encodeURIComponent(fileId)}`;

export const filesKey = (projectId: string) => ['projects', projectId, 'files'] as const;
export const fileKey = (projectId: string, fileId: string) => ['projects', projectId, 'files', fileId] as const;

/** The tree arrives either flat or nested (`children`); the UI works on the flat list of files. */
interface TreeNode {
  id?: string;
  path?: string;
  name?: string;
  kind?: string;
  type?: string;
  children?: TreeNode[];
  sizeBytes?: number;
  lineCount?: number;
  version?: number;
  updatedAt?: string;
}

export function flattenTree(nodes: TreeNode[] | { files?: TreeNode[] }): ProjectFile[] {
  const list = Array.isArray(nodes) ? nodes : (nodes.files ?? []);
  const out: ProjectFile[] = [];
  const walk = (n: TreeNode) => {
    if (n.children) n.children.forEach(walk);
    else if (n.id && n.path)
      out.push({ id: n.id, path: n.path, sizeBytes: n.sizeBytes, lineCount: n.lineCount, version: n.version, updatedAt: n.updatedAt });
  };
  list.forEach(walk);
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

export const listFiles = async (projectId: string) => flattenTree(await api.get<TreeNode[]>(base(projectId)));
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
