import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { __resetClientForTests } from '@/lib/api/client';
import type { User } from '@/lib/api/types';
import { json, renderRoutes, stubApi } from '@/test/stubApi';
import { AvatarForm, avatarProblem } from './AvatarForm';
import { DataRightsCard } from './DataRightsCard';

const user: User = {
  id: 'u1',
  username: 'ada',
  email: 'ada@example.com',
  emailVerified: false,
  isPublic: false,
  firstName: 'Ada',
  lastName: 'Lovelace',
  role: 'user',
  plan: 'free',
  skillLevel: 'beginner',
  timezone: 'UTC',
  createdAt: '',
};

afterEach(() => {
  vi.unstubAllGlobals();
  __resetClientForTests();
});

describe('avatar', () => {
  it('refuses files that are not PNG, JPEG or WebP, or larger than 2 MB, before uploading', () => {
    expect(avatarProblem({ type: 'image/gif', size: 10 })).toMatch(/PNG, JPEG or WebP/);
    expect(avatarProblem({ type: 'image/png', size: 2 * 1024 * 1024 + 1 })).toMatch(/limit is 2 MB/);
    expect(avatarProblem({ type: 'image/webp', size: 2 * 1024 * 1024 })).toBeNull();
  });

  it('previews the chosen image and uploads it as the avatar field', async () => {
    URL.createObjectURL = vi.fn(() => 'blob:preview');
    URL.revokeObjectURL = vi.fn();
    const calls = stubApi({
      'PUT /me/avatar': () => json({ ...user, avatarUrl: '/api/v1/avatars/u1/x.png' }),
      'GET /me': () => json(user),
    });
    const u = userEvent.setup();
    renderRoutes('/settings', [{ path: '/settings', element: <AvatarForm user={user} /> }]);
    const file = new File([new Uint8Array([137, 80, 78, 71])], 'me.png', { type: 'image/png' });
    await u.upload(screen.getByLabelText(/^Image/), file);
    expect(screen.getByAltText('Preview of the new avatar')).toHaveAttribute('src', 'blob:preview');
    await u.click(screen.getByRole('button', { name: 'Upload avatar' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    const body = calls.find((c) => c.method === 'PUT')!.body as FormData;
    expect(body).toBeInstanceOf(FormData);
    expect((body.get('avatar') as File).name).toBe('me.png');
  });
});

describe('your data', () => {
  it('shows the server refusal when an unverified user makes the profile public', async () => {
    stubApi({
      'PATCH /me': () =>
        json({ title: 'Forbidden', status: 403, code: 'email_unverified', detail: 'Verify your e-mail address before publishing.' }, 403),
    });
    const u = userEvent.setup();
    renderRoutes('/settings', [{ path: '/settings', element: <DataRightsCard user={user} /> }]);
    await u.click(screen.getByLabelText(/^Public profile/));
    expect(await screen.findByRole('alert')).toHaveTextContent('Verify your e-mail address before publishing.');
    expect(screen.getByLabelText(/^Public profile/)).not.toBeChecked();
  });

  it('deletes the account only with the password, which it sends', async () => {
    const calls = stubApi({ 'DELETE /me': () => new Response(null, { status: 204 }) });
    const u = userEvent.setup();
    const { router } = renderRoutes('/settings', [
      { path: '/settings', element: <DataRightsCard user={user} /> },
      { path: '/login', element: <p>login page</p> },
    ]);
    await u.click(screen.getByRole('button', { name: 'Delete account…' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete your account?' });
    const confirm = within(dialog).getByRole('button', { name: 'Delete my account' });
    expect(confirm).toBeDisabled();
    await u.type(within(dialog).getByLabelText(/Your password/), 'violet-otter-canyon-42');
    await u.click(confirm);
    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(['DELETE /me']);
    expect(calls[0]!.body).toEqual({ password: 'violet-otter-canyon-42' });
  });

  it('keeps the dialog open with the message under the field when the password is wrong', async () => {
    stubApi({
      'DELETE /me': () =>
        json(
          {
            title: 'Unprocessable Entity',
            status: 422,
            code: 'validation_failed',
            detail: 'The field `password` is invalid: is not your password.',
            fields: { password: 'is not your password' },
          },
          422,
        ),
    });
    const u = userEvent.setup();
    const { router } = renderRoutes('/settings', [
      { path: '/settings', element: <DataRightsCard user={user} /> },
      { path: '/login', element: <p>login page</p> },
    ]);
    await u.click(screen.getByRole('button', { name: 'Delete account…' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete your account?' });
    const field = within(dialog).getByLabelText(/Your password/);
    await u.type(field, 'wrong-one{Enter}');
    expect(await within(dialog).findByText('Password is not your password.')).toBeInTheDocument();
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(router.state.location.pathname).toBe('/settings');
  });
});
