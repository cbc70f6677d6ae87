import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import type { UpdateMeRequest, User } from '@/lib/api/types';
import { meKey } from '@/lib/auth';

export type ProfilePatch = UpdateMeRequest;

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
