import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import type { RegisterRequest, User } from '@/lib/api/types';

export type RegisterInput = RegisterRequest;

export const register = (input: RegisterInput) => api.post<{ user: User }>('/auth/register', input, { on401: 'throw', noRefresh: true });

export function useRegister() {
  return useMutation({ mutationFn: register });
}
