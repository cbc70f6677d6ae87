import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import type { LoginResponse } from '@/lib/api/types';
import { markLoggedIn, meKey } from '@/lib/auth';

export interface LoginInput {
  email: string;
  password: string;
}

// The server sets HttpOnly cookies; the tokens in the body are for non-browser clients and are dropped.
export const login = (input: LoginInput) => api.post<LoginResponse>('/auth/login', input, { on401: 'throw', noRefresh: true });

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: login,
    // Every caller shows a refused sign-in itself (the login form beside its fields): no toast too.
    meta: { silent: true },
    onSuccess: (res) => {
      markLoggedIn();
      qc.setQueryData(meKey, res.user);
      void qc.invalidateQueries({ queryKey: meKey });
    },
  });
}
