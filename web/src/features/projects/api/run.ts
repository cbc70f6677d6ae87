import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import type { ExecutionResult } from '@/lib/api/types';
import type { RunProjectRequest } from './types';

export const runProject = (projectId: string, req: RunProjectRequest) =>
  api.post<ExecutionResult>(`/projects/${encodeURIComponent(projectId)}/run`, req);

export function useRunProject(projectId: string) {
  // The output panel shows every failure itself, so no toast.
  return useMutation({ mutationFn: (req: RunProjectRequest) => runProject(projectId, req), meta: { silent: true } });
}
