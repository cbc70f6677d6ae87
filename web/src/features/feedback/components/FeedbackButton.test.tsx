import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { __resetClientForTests } from '@/lib/api/client';
import { json, renderRoutes, stubApi } from '@/test/stubApi';
import { FeedbackButton } from './FeedbackButton';

afterEach(() => {
  vi.unstubAllGlobals();
  __resetClientForTests();
});

describe('the feedback form', () => {
  it('sends the kind, the message and the page, and shows the server field errors', async () => {
    let attempt = 0;
    const calls = stubApi({
      'POST /feedback': () =>
        ++attempt === 1
          ? json({ title: 'Unprocessable', status: 422, code: 'validation', fields: { message: 'Too short.' } }, 422)
          : json({ id: 'fb1' }, 201),
    });
    const user = userEvent.setup();
    renderRoutes('/learn/python-hello-world', [{ path: '/learn/:slug', element: <FeedbackButton /> }]);
    await user.click(screen.getByRole('button', { name: 'Feedback' }));
    const dialog = screen.getByRole('dialog', { name: 'Send feedback' });
    await user.click(within(dialog).getByRole('button', { name: 'Send feedback' }));
    expect(within(dialog).getByText('Tell us what happened or what you would like.')).toBeInTheDocument();
    expect(calls).toHaveLength(0);

    await user.selectOptions(within(dialog).getByLabelText('What is it about?'), 'content');
    await user.type(within(dialog).getByLabelText('Message'), 'ok');
    await user.click(within(dialog).getByRole('button', { name: 'Send feedback' }));
    expect(await within(dialog).findByText('Too short.')).toBeInTheDocument();

    await user.type(within(dialog).getByLabelText('Message'), ' - the quiz answer 2 looks wrong');
    await user.click(within(dialog).getByRole('button', { name: 'Send feedback' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(calls[1]?.body).toEqual({ kind: 'content', message: 'ok - the quiz answer 2 looks wrong', page: '/learn/python-hello-world' });
  });
});
