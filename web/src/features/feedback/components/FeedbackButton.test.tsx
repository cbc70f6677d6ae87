import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { __resetClientForTests } from '@/lib/api/client';
import { usePageSubject } from '@/lib/pageSubject';
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

  it('ties feedback sent from a lesson page to that lesson, with an optional rating', async () => {
    const calls = stubApi({ 'POST /feedback': () => json({ id: 'fb2' }, 201) });
    function LessonPage() {
      usePageSubject({ type: 'lesson', id: 'lesson-1', title: 'Your first Python program' });
      return <FeedbackButton />;
    }
    const user = userEvent.setup();
    renderRoutes('/learn/python-hello-world', [{ path: '/learn/:slug', element: <LessonPage /> }]);
    await user.click(screen.getByRole('button', { name: 'Feedback' }));
    const dialog = screen.getByRole('dialog', { name: 'Send feedback' });
    expect(within(dialog).getByLabelText('What is it about?')).toHaveValue('content');
    expect(within(dialog).getByRole('checkbox', { name: 'This is about the lesson “Your first Python program”' })).toBeChecked();
    await user.selectOptions(within(dialog).getByLabelText('Your rating of this lesson (optional)'), '4');
    await user.type(within(dialog).getByLabelText('Message'), 'Loved the quiz');
    await user.click(within(dialog).getByRole('button', { name: 'Send feedback' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(calls[0]?.body).toEqual({
      kind: 'content',
      message: 'Loved the quiz',
      page: '/learn/python-hello-world',
      relatedEntity: { type: 'lesson', id: 'lesson-1' },
      rating: 4,
    });

    // Unticked: nothing ties it to the lesson, and no rating is sent.
    await user.click(screen.getByRole('button', { name: 'Feedback' }));
    const again = screen.getByRole('dialog', { name: 'Send feedback' });
    await user.click(within(again).getByRole('checkbox'));
    expect(within(again).queryByLabelText('Your rating of this lesson (optional)')).not.toBeInTheDocument();
    await user.type(within(again).getByLabelText('Message'), 'Something else');
    await user.click(within(again).getByRole('button', { name: 'Send feedback' }));
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]?.body).toEqual({ kind: 'content', message: 'Something else', page: '/learn/python-hello-world' });
  });
});
