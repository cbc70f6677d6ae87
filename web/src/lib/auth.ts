//! Who is logged in: the `me` query every part of the app reads, and logout.
// It lives in lib/ (not features/auth) because the shell and several features need it.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import { isApiError } from '@/lib/api/problem';
import type { User } from '@/lib/api/types';
import { forgetLocalWork } from '@/lib/localWork';
import { forgetSavedLessons } from '@/lib/offline/savedLessons';
import { flushPendingDrafts } from '@/lib/serverDraft';

export const meKey = ['me'] as const;

// After an explicit logout, protected pages send the user to a plain /login: "come back to
// /settings" only makes sense when a session expired, not when the user chose to leave.
let loggedOutByUser = false;
export const wasLoggedOutByUser = () => loggedOutByUser;
export const markLoggedIn = () => {
  loggedOutByUser = false;
};

/** `null` when nobody is logged in (401 after one refresh attempt); never redirects by itself. */
export async function fetchMe(): Promise<User | null> {
  try {
    return await api.get<User>('/me', { on401: 'throw' });
  } catch (e) {
    if (isApiError(e) && e.status === 401) return null;
    throw e;
  }
}

export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: 60_000, retry: false });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    // Code typed but not yet on the server goes there first (logout forgets this browser's copy);
    // a server that does not answer within a few seconds does not hold the logout up.
    mutationFn: async () => {
      await Promise.race([flushPendingDrafts(), new Promise((done) => window.setTimeout(done, 3000))]);
      return api.post<void>('/auth/logout', undefined, { on401: 'throw', noRefresh: true });
    },
    // Even if the server call fails, forget everything this tab knew about the user.
    onSettled: () => {
      loggedOutByUser = true;
      forgetLocalWork();
      void forgetSavedLessons();
      qc.setQueryData(meKey, null);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
    },
  });
}

export function displayName(u: User): string {
  const full = `${u.firstName ?? ''} ${u.lastName ?? ''}`.trim();
  return full || u.username || u.email;
}
