import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { isApiError } from '@/lib/api/problem';
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
        retry: (count, error) => !(isApiError(error) && error.status >= 400 && error.status < 500) && count < 2,
        refetchOnWindowFocus: false,
      },
    },
  });
}

export function Providers({ client, children }: { client: QueryClient; children: ReactNode }) {
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
