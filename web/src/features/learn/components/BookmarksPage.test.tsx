import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { __resetClientForTests } from '@/lib/api/client';
import { BookmarksPage } from './BookmarksPage';
import { json, renderAt, stubApi } from './testing';
import { summary } from './fixtures';

afterEach(() => {
  vi.unstubAllGlobals();
  __resetClientForTests();
});

describe('the bookmarks page', () => {
  it('lists bookmarks with links and removes one', async () => {
    let saved = [
      { createdAt: '2026-11-26T09:00:00Z', item: summary({ slug: 'py-loops', title: 'Loops', id: 'c1' }) },
      {
        createdAt: '2026-11-25T09:00:00Z',
        item: summary({ slug: 'py-greet', title: 'Greet the user', id: 'c2', type: 'exercise', completed: true }),
      },
    ];
    const calls = stubApi({
      'GET /bookmarks': () => json(saved),
      'DELETE /bookmarks/c1': () => {
        saved = saved.filter((b) => b.item.id !== 'c1');
        return new Response(null, { status: 204 });
      },
    });
    renderAt('/learn/bookmarks', [{ path: '/learn/bookmarks', element: <BookmarksPage /> }]);
    const rows = await screen.findAllByTestId('bookmark');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByRole('link', { name: 'Loops' })).toHaveAttribute('href', '/learn/py-loops');
    expect(rows[1]).toHaveTextContent('Done');
    await userEvent.click(screen.getByRole('button', { name: 'Remove the bookmark on Loops' }));
    await vi.waitFor(() => expect(screen.getAllByTestId('bookmark')).toHaveLength(1));
    expect(calls.some((c) => c.method === 'DELETE' && c.path === '/bookmarks/c1')).toBe(true);
  });

  it('explains how to add one when there are none', async () => {
    stubApi({ 'GET /bookmarks': () => json([]) });
    renderAt('/learn/bookmarks', [{ path: '/learn/bookmarks', element: <BookmarksPage /> }]);
    expect(await screen.findByText('No bookmarks yet')).toBeInTheDocument();
  });
});
