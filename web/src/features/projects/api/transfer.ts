import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import { downloadFile } from '@/lib/api/download';
import { projectsKey } from './projects';
import type { Project } from './types';

export const exportProject = (project: { id: string; title: string }) =>
  downloadFile(`/projects/${encodeURIComponent(project.id)}/export`, `${project.title.replace(/[^\w.-]+/g, '-') || 'project'}.zip`);

/** `POST /projects/import`: a multipart upload with the zip in the `file` field. */
export const importProject = (file: File, title?: string) => {
  const form = new FormData();
  form.append('file', file);
  if (title) form.append('title', title);
  return api.post<Project>('/projects/import', form);
};

export function useImportProject() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ file, title }: { file: File; title?: string }) => importProject(file, title),
    onSuccess: () => qc.invalidateQueries({ queryKey: projectsKey }),
  });
}
