import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { __resetClientForTests } from '@/lib/api/client';
import { json, renderRoutes, stubApi } from '@/test/stubApi';
import { ClassesPage } from './ClassesPage';

afterEach(() => {
  vi.unstubAllGlobals();
  __resetClientForTests();
});

const routes = [
  { path: '/classes', element: <ClassesPage /> },
  { path: '/classes/join', element: <ClassesPage /> },
  { path: '/classes/:id', element: <p>class page</p> },
];
const me = (role: string) => json({ id: 'u1', email: 'a@b.c', firstName: 'Ada', lastName: 'L', username: 'ada', role });

describe('the classes page', () => {
  it('fills the join code from the join link and shows a wrong code on the field', async () => {
    const calls = stubApi({
      'GET /me': () => me('user'),
      'GET /classes': () => json([]),
      'POST /classes/join': () =>
        json(
          {
            title: 'Unprocessable Entity',
            status: 422,
            code: 'join_code_invalid',
            detail: 'The field `code` is invalid: no class has this join code.',
            fields: { code: 'no class has this join code; check it with your teacher' },
          },
          422,
        ),
    });
    renderRoutes('/classes/join?code=k7qm3xtp', routes);
    const field = await screen.findByLabelText('Join code');
    expect(field).toHaveValue('k7qm3xtp');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Join' }));
    expect(await screen.findByText('no class has this join code; check it with your teacher')).toBeInTheDocument();
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(calls.find((c) => c.path === '/classes/join')?.body).toEqual({ code: 'k7qm3xtp' });
    // A learner is not offered the create form.
    expect(screen.queryByLabelText('Class name')).not.toBeInTheDocument();
  });

  it('lets a teacher create a class and opens it', async () => {
    stubApi({
      'GET /me': () => me('teacher'),
      'GET /classes': () => json([]),
      'POST /classes': () =>
        json({ id: 'c1', name: 'Period 3', role: 'teacher', students: 0, teachers: [], createdAt: '2026-12-04T10:00:00Z' }, 201),
    });
    renderRoutes('/classes', routes);
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Class name'), 'Period 3');
    await user.click(screen.getByRole('button', { name: 'Create class' }));
    expect(await screen.findByText('class page')).toBeInTheDocument();
  });
});
