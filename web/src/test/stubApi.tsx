//! Test helpers shared by feature tests: a fetch stub answering per route, and a render with a
//! fresh query client and a memory router.

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { vi } from 'vitest';

export type Handler = (init: Omit<RequestInit, 'body'> & { url: string; body?: unknown }) => Response | Promise<Response>;

export const json = (body: unknown, status = 200) =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });

export interface Call {
  method: string;
  path: string;
  query: string;
  body: unknown;
}

/** Routes are `METHOD /path` (after /api/v1, no query string); an unknown route fails the test. */
export function stubApi(routes: Record<string, Handler>) {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const method = init.method ?? 'GET';
      const [rawPath, query = ''] = url.replace(/^\/api\/v1/, '').split('?') as [string, string?];
      const body = typeof init.body === 'string' ? JSON.parse(init.body) : init.body;
      calls.push({ method, path: rawPath, query, body });
      const handler = routes[`${method} ${rawPath}`];
      if (!handler) throw new Error(`unexpected ${method} ${rawPath}`);
      return handler({ ...init, url, body });
    }),
  );
  return calls;
}

export function renderRoutes(path: string, routes: { path: string; element: ReactNode }[]) {
  const router = createMemoryRouter([...routes, { path: '*', element: <p>elsewhere</p> }], { initialEntries: [path] });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const view = render(
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { router, client, view };
}
