import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RequireAuth } from '@/app/RequireAuth';
import { __resetClientForTests } from '@/lib/api/client';
import { LoginPage } from './LoginPage';

function problem(status: number, body: Record<string, unknown>) {
  return new Response(JSON.stringify({ type: 'about:blank', status, ...body }), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  });
}

function renderAt(path: string) {
  const router = createMemoryRouter(
    [
      { path: '/login', element: <LoginPage /> },
      { element: <RequireAuth />, children: [{ path: '/settings', element: <p>settings page</p> }] },
    ],
    { initialEntries: [path] },
  );
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return router;
}

afterEach(() => {
  vi.unstubAllGlobals();
  __resetClientForTests();
});

describe('the login page', () => {
  it('shows the server message when the password is wrong', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => problem(401, { title: 'Unauthorized', code: 'invalid_credentials', detail: 'Wrong e-mail or password.' })),
    );
    renderAt('/login');
    await userEvent.type(screen.getByLabelText('E-mail'), 'ada@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'nope-nope-nope');
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong e-mail or password.');
  });

  it('shows a refused sign-in with the wait the server names, once', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response(
            JSON.stringify({
              status: 429,
              title: 'Too Many Requests',
              code: 'rate_limited',
              detail: 'Too many sign-in, registration or reset requests from your network address. Try again in 40 seconds.',
            }),
            { status: 429, headers: { 'content-type': 'application/problem+json', 'retry-after': '40' } },
          ),
      ),
    );
    renderAt('/login');
    await userEvent.type(screen.getByLabelText('E-mail'), 'ada@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'nope-nope-nope');
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(/from your network address\. Try again in 40 seconds\.$/);
    expect(alert.textContent?.match(/Try again/g)).toHaveLength(1);
  });

  it('names the wait from Retry-After when the message does not', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response(JSON.stringify({ status: 429, title: 'Too Many Requests', detail: 'Slow down.' }), {
            status: 429,
            headers: { 'content-type': 'application/problem+json', 'retry-after': '900' },
          }),
      ),
    );
    renderAt('/login');
    await userEvent.type(screen.getByLabelText('E-mail'), 'ada@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'nope-nope-nope');
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/^Slow down\. Try again in 15 minutes\.$/);
  });

  it('puts validation messages under their fields', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => problem(422, { title: 'Invalid input', code: 'validation_failed', fields: { email: 'not an e-mail address' } })),
    );
    renderAt('/login');
    await userEvent.type(screen.getByLabelText('E-mail'), 'ada');
    await userEvent.type(screen.getByLabelText('Password'), 'x');
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByText('not an e-mail address')).toBeInTheDocument();
    expect(screen.getByLabelText('E-mail')).toHaveAttribute('aria-invalid', 'true');
  });

  it('goes back to the page that needed the login', async () => {
    let loggedIn = false;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) => {
        if (url.endsWith('/auth/login')) {
          loggedIn = true;
          return new Response(JSON.stringify({ user: { id: 'u1', email: 'a@b.c', firstName: 'A', lastName: 'B', username: 'ab' } }), {
            status: 200,
            headers: { 'content-type': 'application/json' },
          });
        }
        if (url.endsWith('/me') && loggedIn)
          return new Response(JSON.stringify({ id: 'u1' }), { status: 200, headers: { 'content-type': 'application/json' } });
        return problem(401, { title: 'Unauthorized', code: 'unauthenticated' });
      }),
    );
    const router = renderAt('/settings');
    expect(await screen.findByRole('heading', { name: 'Log in' })).toBeInTheDocument();
    expect(router.state.location.search).toBe('?next=%2Fsettings');
    await userEvent.type(screen.getByLabelText('E-mail'), 'a@b.c');
    await userEvent.type(screen.getByLabelText('Password'), 'right-password');
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByText('settings page')).toBeInTheDocument();
  });
});
