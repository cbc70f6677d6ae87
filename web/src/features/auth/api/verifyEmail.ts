import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import { meKey } from '@/lib/auth';

export const verifyEmail = (token: string) => api.post<unknown>('/auth/verify-email', { token }, { on401: 'throw', noRefresh: true });

export function useVerifyEmail() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: verifyEmail, meta: { silent: true }, onSuccess: () => void qc.invalidateQueries({ queryKey: meKey }) });
}
