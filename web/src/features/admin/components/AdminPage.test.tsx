import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { __resetClientForTests } from '@/lib/api/client';
import { json, renderRoutes, stubApi } from '@/test/stubApi';
import { AdminPage } from './AdminPage';

const user = (role: string) => ({
  id: 'u1',
  username: 'root',
  email: 'root@example.com',
  emailVerified: true,
  firstName: 'R',
  lastName: 'Oot',
  role,
  plan: 'free',
  skillLevel: 'beginner',
  timezone: 'UTC',
  createdAt: '',
});

const stats = {
  users: { total: 12, verified: 9, active7d: 4, active30d: 8 },
  runsByLanguage: [{ language: 'python', status: 'ok', count: 20 }],
  runsPerDay: [{ date: '2026-11-25', count: 20 }],
  tutor: { messages: 6, conversations: 2, byProvider: { offline: 6 } },
  completions: { total: 5, perDay: [] },
};

afterEach(() => {
  vi.unstubAllGlobals();
  __resetClientForTests();
});

const renderAdmin = () => renderRoutes('/admin', [{ path: '/admin', element: <AdminPage /> }]);

describe('the admin page', () => {
  it('refuses a learner without asking the admin API', async () => {
    const calls = stubApi({ 'GET /me': () => json(user('user')) });
    renderAdmin();
    expect(await screen.findByText('Admins only')).toBeInTheDocument();
    expect(calls.filter((c) => c.path.startsWith('/admin'))).toEqual([]);
  });

  it('shows an admin the stats, and changes a feedback status', async () => {
    let status = 'new';
    const calls = stubApi({
      'GET /me': () => json(user('admin')),
      'GET /admin/stats': () => json(stats),
      'GET /admin/feedback': () =>
        json({ items: [{ id: 'fb1', kind: 'bug', message: 'Run button does nothing', status, createdAt: '2026-11-25T10:00:00Z' }] }),
      'PATCH /admin/feedback/fb1': ({ body }) => {
        status = (body as { status: string }).status;
        return json({ id: 'fb1', kind: 'bug', message: 'Run button does nothing', status, createdAt: '2026-11-25T10:00:00Z' });
      },
    });
    const u = userEvent.setup();
    renderAdmin();
    const tiles = await screen.findByTestId('admin-stats');
    expect(within(tiles).getByText('Users').nextSibling).toHaveTextContent('12');
    await u.click(screen.getByRole('tab', { name: 'Feedback' }));
    const item = await screen.findByTestId('feedback-item');
    expect(item).toHaveTextContent('Run button does nothing');
    expect(calls.find((c) => c.path === '/admin/feedback')?.query).toBe('status=new');
    await u.selectOptions(within(item).getByLabelText('Status'), 'planned');
    await waitFor(() => expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ status: 'planned' }));
  });

  it('shows the rating of feedback about an item and links to the item', async () => {
    stubApi({
      'GET /me': () => json(user('admin')),
      'GET /admin/stats': () => json(stats),
      'GET /admin/feedback': () =>
        json({
          items: [
            {
              id: 'fb2',
              kind: 'content',
              message: 'The hint gives it away',
              status: 'new',
              rating: 2,
              relatedEntity: { type: 'exercise', id: 'ex-1', slug: 'python-ex-greeting', title: 'Greet the user' },
              createdAt: '2026-11-25T10:00:00Z',
            },
          ],
        }),
    });
    const u = userEvent.setup();
    renderAdmin();
    await u.click(await screen.findByRole('tab', { name: 'Feedback' }));
    const item = await screen.findByTestId('feedback-item');
    expect(within(item).getByTestId('feedback-rating')).toHaveTextContent('Rated 2 of 5');
    expect(within(item).getByRole('link', { name: 'exercise: Greet the user' })).toHaveAttribute('href', '/learn/python-ex-greeting');
  });
});
