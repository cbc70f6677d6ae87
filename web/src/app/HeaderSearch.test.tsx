import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { describe, expect, it } from 'vitest';
import { HeaderSearch } from './HeaderSearch';

function renderAt(path: string) {
  const router = createMemoryRouter(
    [
      {
        path: '*',
        element: (
          <>
            <HeaderSearch />
            <textarea aria-label="Notes" />
          </>
        ),
      },
    ],
    { initialEntries: [path] },
  );
  render(<RouterProvider router={router} />);
  return router;
}

// jsdom lays nothing out: offsetParent is null for everything, so pretend the box is visible.
function visible(el: HTMLElement) {
  Object.defineProperty(el, 'offsetParent', { get: () => document.body, configurable: true });
  return el;
}

describe('HeaderSearch', () => {
  it('opens the search page with the query and empties itself', async () => {
    const router = renderAt('/learn');
    const box = screen.getByRole('searchbox', { name: 'Search the curriculum' });
    await userEvent.type(box, '  for loop {Enter}');
    expect(router.state.location.pathname).toBe('/search');
    expect(router.state.location.search).toBe('?q=for%20loop');
  });

  it('does nothing for an empty query', async () => {
    const router = renderAt('/learn');
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search the curriculum' }), '   {Enter}');
    expect(router.state.location.pathname).toBe('/learn');
  });

  it('"/" jumps to the box, except while typing elsewhere', async () => {
    renderAt('/learn');
    const box = visible(screen.getByRole('searchbox', { name: 'Search the curriculum' }));
    const notes = screen.getByLabelText('Notes');
    await userEvent.click(notes);
    await userEvent.keyboard('a/b');
    expect(notes).toHaveValue('a/b');
    expect(box).not.toHaveFocus();
    notes.blur();
    await userEvent.keyboard('/');
    expect(box).toHaveFocus();
    expect(box).toHaveValue('');
  });

  it('steps aside on the search page, which has its own box', () => {
    renderAt('/search?q=x');
    expect(screen.queryByRole('searchbox')).not.toBeInTheDocument();
  });
});
