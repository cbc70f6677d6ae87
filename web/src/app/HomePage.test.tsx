import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { __resetClientForTests } from '@/lib/api/client';
import { HomePage } from './HomePage';

const tracks = [
  { slug: 'python', title: 'Python', description: 'd', language: 'python', itemCount: 25, completedCount: 0 },
  { slug: 'cpp', title: 'C++', description: 'd', language: 'cpp', itemCount: 20, completedCount: 0 },
];

function reply(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function renderHome(signedIn: boolean) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      if (url.endsWith('/me'))
        return signedIn ? reply(200, { id: 'u1', username: 'ada', email: 'a@b.c' }) : reply(401, { status: 401, title: 'Unauthorized' });
      if (url.endsWith('/auth/refresh')) return reply(401, { status: 401, title: 'Unauthorized' });
      if (url.endsWith('/tracks')) return reply(200, tracks);
      throw new Error(`unexpected ${url}`);
    }),
  );
  const router = createMemoryRouter(
    [
      { path: '/', element: <HomePage /> },
      { path: '/dashboard', element: <p>dashboard page</p> },
    ],
    { initialEntries: ['/'] },
  );
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return router;
}

afterEach(() => {
  vi.unstubAllGlobals();
  __resetClientForTests();
});

describe('the home page', () => {
  it('tells a visitor what Codestead is, lists the tracks, and offers register, log in and the lessons', async () => {
    renderHome(false);
    expect(await screen.findByRole('heading', { level: 1, name: 'Learn to program, one page at a time' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Create a free account' })).toHaveAttribute('href', '/register');
    expect(screen.getByRole('link', { name: 'Log in' })).toHaveAttribute('href', '/login');
    expect(screen.getByRole('link', { name: 'Browse the lessons first' })).toHaveAttribute('href', '/learn');
    expect(await screen.findByRole('link', { name: /^Python 25 lessons/ })).toHaveAttribute('href', '/learn/tracks/python');
  });

  it('sends a signed-in learner on to the dashboard', async () => {
    const router = renderHome(true);
    expect(await screen.findByText('dashboard page')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/dashboard');
  });
});
