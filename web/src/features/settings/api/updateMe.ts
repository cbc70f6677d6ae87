import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import type { User } from '@/lib/api/types';
import { meKey } from '@/lib/auth';

export interface ProfilePatch {
  firstName?: string;
  lastName?: string;
  username?: string;
  bio?: string | null;
  githubUsername?: string | null;
  linkedinUrl?: string | null;
  skillLevel?: string;
}

export const updateMe = (patch: ProfilePatch) => api.patch<User>('/me', patch);

export function useUpdateMe() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: updateMe,
    onSuccess: (user) => {
      if (user && typeof user === 'object' && 'id' in user) qc.setQueryData(meKey, user);
      void qc.invalidateQueries({ queryKey: meKey });
    },
  });
}
