import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import { downloadFile } from '@/lib/api/download';
import type { User } from '@/lib/api/types';
import { meKey } from '@/lib/auth';
import { forgetLocalWork } from '@/lib/localWork';
import { forgetSavedLessons } from '@/lib/offline/savedLessons';

/** `PUT /me/avatar`: multipart, the image in the `avatar` field (PNG, JPEG or WebP, at most 2 MB). */
export const uploadAvatar = (file: Blob) => {
  const form = new FormData();
  form.append('avatar', file);
  return api.put<User | { avatarUrl: string }>('/me/avatar', form);
};
export const removeAvatar = () => api.delete<void>('/me/avatar');
export const exportMyData = () => downloadFile('/me/export', 'codestead-export.zip');
/** `DELETE /me` needs the current password (a wrong one is 422 naming `password`, and nothing is deleted). */
export const deleteAccount = (password: string) =>
  api.delete<void>('/me', { body: { password } }).then(() => {
    forgetLocalWork();
    return forgetSavedLessons();
  });
/** Whether visitors see `/u/{username}`. */
export const setProfilePublic = (isPublic: boolean) => api.patch<User>('/me', { isPublic });

export const AVATAR_MAX_BYTES = 2 * 1024 * 1024;
export const AVATAR_TYPES = ['image/png', 'image/jpeg', 'image/webp'];

function useRefreshMe() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: meKey });
}

export function useUploadAvatar() {
  const refresh = useRefreshMe();
  return useMutation({ mutationFn: uploadAvatar, onSuccess: refresh });
}

export function useRemoveAvatar() {
  const refresh = useRefreshMe();
  return useMutation({ mutationFn: removeAvatar, onSuccess: refresh });
}

export function useSetProfilePublic() {
  const refresh = useRefreshMe();
  return useMutation({ mutationFn: setProfilePublic, onSuccess: refresh });
}

export function useDeleteAccount() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: deleteAccount,
    onSuccess: () => {
      qc.setQueryData(meKey, null);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
    },
  });
}
