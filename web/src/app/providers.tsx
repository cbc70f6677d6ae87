import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { isApiError, isNetworkError } from '@/lib/api/problem';
import { errorMessage } from '@/lib/api/forms';
import { toast } from '@/lib/toast';

declare module '@tanstack/react-query' {
  interface Register {
    // `silent`: the component shows the error itself, so no toast.
    queryMeta: { silent?: boolean };
    mutationMeta: { silent?: boolean };
  }
}

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        // A 401 has already sent the user to the login page; saying so again is noise.
        if (query.meta?.silent || (isApiError(error) && error.status === 401)) return;
        toast.error(errorMessage(error));
      },
    }),
    mutationCache: new MutationCache({
      onError: (error, _v, _c, mutation) => {
        if (mutation.meta?.silent || mutation.options.onError) return;
        if (isApiError(error) && error.status === 401) return;
        toast.error(errorMessage(error));
      },
    }),
    defaultOptions: {
      queries: {
        // `always`: ask even when the browser says it is offline. The service worker may hold a
        // saved copy (lessons), and otherwise the page shows "not available offline" at once instead
        // of a spinner that waits for the network (TanStack's default pauses offline queries).
        networkMode: 'always',
        retry: (count, error) =>
          !(isApiError(error) && error.status >= 400 && error.status < 500) && !(isNetworkError(error) && !navigator.onLine) && count < 2,
        refetchOnWindowFocus: false,
      },
      // A write offline fails at once with "You are offline: this needs the network", not a spinner forever.
      mutations: { networkMode: 'always' },
    },
  });
}

export function Providers({ client, children }: { client: QueryClient; children: ReactNode }) {
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
