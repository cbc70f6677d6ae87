import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import type { CreateProjectRequest, Project, Template, UpdateProjectRequest } from './types';

export const projectsKey = ['projects'] as const;
export const projectKey = (id: string) => ['projects', id] as const;
export const trashKey = ['projects', 'trash'] as const;

export const listProjects = () => api.get<Project[]>('/projects');
export const listTrash = () => api.get<Project[]>('/projects/trash');
export const getProject = (id: string) => api.get<Project>(`/projects/${encodeURIComponent(id)}`);
export const createProject = (req: CreateProjectRequest) => api.post<Project>('/projects', req);
export const updateProject = (id: string, req: UpdateProjectRequest) => api.patch<Project>(`/projects/${encodeURIComponent(id)}`, req);
export const deleteProject = (id: string) => api.delete<void>(`/projects/${encodeURIComponent(id)}`);
export const restoreProject = (id: string) => api.post<Project>(`/projects/${encodeURIComponent(id)}/restore`);
export const listTemplates = () => api.get<Template[]>('/templates');

export function useProjects() {
  return useQuery({ queryKey: projectsKey, queryFn: listProjects });
}

export function useTrash(enabled = true) {
  return useQuery({ queryKey: trashKey, queryFn: listTrash, enabled });
}

export function useProject(id: string) {
  return useQuery({ queryKey: projectKey(id), queryFn: () => getProject(id), meta: { silent: true } });
}

export function useTemplates() {
  return useQuery({ queryKey: ['templates'], queryFn: listTemplates, staleTime: 10 * 60_000 });
}

export function useCreateProject() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: createProject,
    onSuccess: () => qc.invalidateQueries({ queryKey: projectsKey }),
  });
}

export function useUpdateProject(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (req: UpdateProjectRequest) => updateProject(id, req),
    onSuccess: (p) => {
      qc.setQueryData(projectKey(id), p);
      void qc.invalidateQueries({ queryKey: projectsKey, exact: true });
    },
  });
}

export function useDeleteProject() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: deleteProject,
    onSuccess: () => qc.invalidateQueries({ queryKey: projectsKey }),
  });
}

export function useRestoreProject() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: restoreProject,
    onSuccess: () => qc.invalidateQueries({ queryKey: projectsKey }),
  });
}
