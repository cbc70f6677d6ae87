import { useState } from 'react';
import { RouterProvider } from 'react-router';
import { setUnauthorizedHandler } from '@/lib/api/client';
import { meKey } from '@/lib/auth';
import { ErrorBoundary } from './ErrorBoundary';
import { Providers, makeQueryClient } from './providers';
import { makeRouter } from './router';

export function App() {
  const [{ client, router }] = useState(() => {
    const client = makeQueryClient();
    const router = makeRouter();
    // A 401 that a refresh could not fix: forget the user and go to login, then come back.
    setUnauthorizedHandler((next) => {
      client.setQueryData(meKey, null);
      void router.navigate(`/login?next=${encodeURIComponent(next)}`, { replace: true });
    });
    return { client, router };
  });
  return (
    <ErrorBoundary>
      <Providers client={client}>
        <RouterProvider router={router} />
      </Providers>
    </ErrorBoundary>
  );
}
