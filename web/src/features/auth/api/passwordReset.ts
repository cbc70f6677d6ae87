import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api/client';

export const forgotPassword = (email: string) => api.post<void>('/auth/forgot-password', { email }, { on401: 'throw', noRefresh: true });
export const resetPassword = (input: { token: string; password: string }) =>
  api.post<void>('/auth/reset-password', input, { on401: 'throw', noRefresh: true });

export function useForgotPassword() {
  return useMutation({ mutationFn: forgotPassword });
}

export function useResetPassword() {
  return useMutation({ mutationFn: resetPassword });
}
