import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import type { ChangePasswordRequest } from '@/lib/api/types';

export type ChangePasswordInput = ChangePasswordRequest;

// A wrong current password is a 4xx the form shows, not a reason to leave the page for /login.
export const changePassword = (input: ChangePasswordInput) => api.post<void>('/auth/change-password', input, { on401: 'throw' });

export function useChangePassword() {
  return useMutation({ mutationFn: changePassword });
}
