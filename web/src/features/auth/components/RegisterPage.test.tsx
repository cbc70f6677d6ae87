import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { __resetClientForTests } from '@/lib/api/client';
import { RegisterPage } from './RegisterPage';

const user = { id: 'u1', username: 'ada', email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' };

function reply(status: number, body: unknown, type = 'application/json') {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });
}

function renderRegister(entry = '/register') {
  const router = createMemoryRouter(
    [
      { path: '/register', element: <RegisterPage /> },
      { path: '/dashboard', element: <p>dashboard page</p> },
      { path: '/login', element: <p>login page</p> },
      { path: '/s/:token', element: <p>shared project page</p> },
    ],
    { initialEntries: [entry] },
  );
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return router;
}

async function fillIn(password: string) {
  await userEvent.type(screen.getByLabelText('First name'), 'Ada');
  await userEvent.type(screen.getByLabelText('Last name'), 'Lovelace');
  await userEvent.type(screen.getByLabelText('E-mail'), 'ada@example.com');
  await userEvent.type(screen.getByLabelText('Password'), password);
  await userEvent.click(screen.getByRole('button', { name: 'Create account' }));
}

afterEach(() => {
  vi.unstubAllGlobals();
  __resetClientForTests();
});

describe('the register page', () => {
  it('goes back where the visitor was heading (a shared project to copy), and passes that on to Log in', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL) => {
        const path = new URL(String(input), 'http://x').pathname;
        if (path.endsWith('/auth/register')) return reply(201, { user });
        if (path.endsWith('/auth/login')) return reply(200, { user, accessToken: 'a', refreshToken: 'r' });
        return reply(200, user);
      }),
    );
    const router = renderRegister('/register?next=%2Fs%2Ftok');
    expect(screen.getByRole('link', { name: 'Log in' })).toHaveAttribute('href', '/login?next=%2Fs%2Ftok');
    await fillIn('correct horse battery staple');
    expect(await screen.findByText('shared project page')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/s/tok');
  });

  it('states the password rule the server applies', () => {
    renderRegister();
    expect(screen.getByText(/At least 10 characters/)).toBeInTheDocument();
  });

  it('signs the new learner in and opens the dashboard, with no second password prompt', async () => {
    const calls: { path: string; body: unknown }[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        const path = new URL(String(input), 'http://x').pathname;
        calls.push({ path, body: init?.body ? JSON.parse(String(init.body)) : null });
        if (path.endsWith('/auth/register')) return reply(201, { user });
        if (path.endsWith('/auth/login')) return reply(200, { user, accessToken: 'a', refreshToken: 'r' });
        return reply(200, user);
      }),
    );
    const router = renderRegister();
    await fillIn('correct horse battery staple');
    expect(await screen.findByText('dashboard page')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/dashboard');
    const login = calls.find((c) => c.path.endsWith('/auth/login'));
    expect(login?.body).toEqual({ email: 'ada@example.com', password: 'correct horse battery staple' });
  });

  it('keeps the learner on the form with the field message when the password is refused', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        reply(
          422,
          { type: 'about:blank', status: 422, code: 'validation_failed', fields: { password: 'must be at least 10 characters' } },
          'application/problem+json',
        ),
      ),
    );
    const router = renderRegister();
    await fillIn('short');
    expect(await screen.findByText('must be at least 10 characters')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/register');
  });
});
