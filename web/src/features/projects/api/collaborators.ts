//! `GET|POST|DELETE /api/v1/projects/{id}/collaborators`: who besides the owner may open a project,
//! as editor or viewer. Only the owner changes it; anyone let in may read the list.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import type { components } from '@/lib/api/schema';

export type Collaborator = components['schemas']['CollaboratorDto'];
export type CollaboratorRole = 'editor' | 'viewer';

const path = (projectId: string) => `/projects/${encodeURIComponent(projectId)}/collaborators`;
export const collaboratorsKey = (projectId: string) => ['projects', projectId, 'collaborators'] as const;

export const listCollaborators = (projectId: string) => api.get<Collaborator[]>(path(projectId));
/** Invites `username`, or changes their role when they are one already. */
export const putCollaborator = (projectId: string, username: string, role: CollaboratorRole) =>
  api.post<Collaborator>(path(projectId), { username, role });
/** Revokes their access; the server closes their open live views at once. */
export const removeCollaborator = (projectId: string, username: string) => api.delete<void>(path(projectId), { body: { username } });

export function useCollaborators(projectId: string, enabled = true) {
  return useQuery({
    queryKey: collaboratorsKey(projectId),
    queryFn: () => listCollaborators(projectId),
    enabled,
    // The editor asks to know whether to go live; a failure there just means "not live".
    meta: { silent: true },
  });
}

export function usePutCollaborator(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ username, role }: { username: string; role: CollaboratorRole }) => putCollaborator(projectId, username, role),
    onSuccess: () => qc.invalidateQueries({ queryKey: collaboratorsKey(projectId) }),
  });
}

export function useRemoveCollaborator(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (username: string) => removeCollaborator(projectId, username),
    onSuccess: () => qc.invalidateQueries({ queryKey: collaboratorsKey(projectId) }),
  });
}
