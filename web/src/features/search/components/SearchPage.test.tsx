import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { __resetClientForTests } from '@/lib/api/client';
import type { SearchPage as SearchPageDto } from '../api/search';
import { SearchPage } from './SearchPage';

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });

const tracks = [
  { slug: 'python', title: 'Python', description: '', itemCount: 10, completedCount: 0, language: 'python' },
  { slug: 'java', title: 'Java', description: '', itemCount: 10, completedCount: 0, language: 'java' },
];

const hit = (n: number, over: Partial<SearchPageDto['items'][number]> = {}) => ({
  id: `00000000-0000-0000-0000-00000000000${n}`,
  slug: `python-recursion-${n}`,
  title: `Recursion ${n}`,
  type: 'lesson',
  snippet: `A <mark>recursive</mark> call &lt;${n}&gt;`,
  score: 10 - n,
  track: 'python',
  difficulty: 'intermediate',
  ...over,
});

let searches: URLSearchParams[];
let answer: (qs: URLSearchParams) => Response;

beforeEach(() => {
  searches = [];
  answer = () => json({ items: [hit(1), hit(2, { type: 'exercise', slug: 'python-ex-fact', title: 'Factorial' })], total: 2 });
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      const u = new URL(url, 'http://x');
      if (u.pathname === '/api/v1/tracks') return json(tracks);
      if (u.pathname === '/api/v1/search') {
        searches.push(u.searchParams);
        return answer(u.searchParams);
      }
      throw new Error(`unexpected ${url}`);
    }),
  );
});

afterEach(() => {
  vi.unstubAllGlobals();
  __resetClientForTests();
});

function renderAt(path: string) {
  const router = createMemoryRouter(
    [
      { path: '/search', element: <SearchPage /> },
      { path: '/learn/:slug', element: <p>content page</p> },
      { path: '/learn', element: <p>catalog</p> },
    ],
    { initialEntries: [path] },
  );
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return router;
}

describe('SearchPage', () => {
  it('invites a search and sends none without a query', async () => {
    renderAt('/search');
    expect(screen.getByRole('heading', { name: 'Search the curriculum' })).toBeInTheDocument();
    expect(screen.getByLabelText('Search lessons and exercises')).toHaveFocus();
    await screen.findByRole('option', { name: 'Python' });
    expect(searches).toHaveLength(0);
  });

  it('shows results with the matches highlighted and the rest as text, linking to each item', async () => {
    answer = () => json({ items: [hit(1, { snippet: 'x <mark>loop</mark> <img src=x onerror=alert(1)> &amp; more' }), hit(2)], total: 2 });
    const router = renderAt('/search?q=loop');
    expect(await screen.findByTestId('search-total')).toHaveTextContent('2 results for “loop”');
    expect(searches[0]!.get('q')).toBe('loop');
    const [first] = screen.getAllByTestId('search-snippet');
    const marks = first!.querySelectorAll('mark');
    expect([...marks].map((m) => m.textContent)).toEqual(['loop']);
    expect(first!.querySelector('img')).toBeNull();
    expect(first).toHaveTextContent('x loop <img src=x onerror=alert(1)> & more');
    const results = screen.getAllByTestId('search-result');
    expect(within(results[0]!).getByText('Python · intermediate')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('link', { name: 'Recursion 2' }));
    expect(router.state.location.pathname).toBe('/learn/python-recursion-2');
  });

  it('says when it searched corrected words', async () => {
    answer = () => json({ items: [hit(1)], total: 1, correctedQuery: 'recursion' });
    renderAt('/search?q=recursoin');
    expect(await screen.findByTestId('search-corrected')).toHaveTextContent(
      'Nothing matched “recursoin” exactly. Showing results for recursion.',
    );
    expect(screen.getByTestId('search-total')).toHaveTextContent('1 result for “recursoin”');
  });

  it('filters by type, track and difficulty through the URL, and clears them', async () => {
    const router = renderAt('/search?q=loop&page=2');
    await screen.findByTestId('search-total');
    await screen.findByRole('option', { name: 'Java' });
    await userEvent.selectOptions(screen.getByLabelText('Type'), 'exercise');
    await userEvent.selectOptions(screen.getByLabelText('Track'), 'java');
    await userEvent.selectOptions(screen.getByLabelText('Difficulty'), 'beginner');
    await waitFor(() => expect(searches.at(-1)!.get('difficulty')).toBe('beginner'));
    const last = searches.at(-1)!;
    expect(Object.fromEntries(last)).toEqual({ q: 'loop', type: 'exercise', track: 'java', difficulty: 'beginner', perPage: '20' });
    expect(router.state.location.search).not.toContain('page=2');

    await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(Object.fromEntries(searches.at(-1)!)).toEqual({ q: 'loop', perPage: '20' }));
    expect(screen.getByLabelText('Type')).toHaveValue('');
  });

  it('shows an empty state that offers to drop the filters', async () => {
    answer = (qs) => (qs.get('type') ? json({ items: [], total: 0 }) : json({ items: [hit(1)], total: 1 }));
    renderAt('/search?q=zzz&type=exercise');
    expect(await screen.findByRole('heading', { name: 'No results for “zzz”' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Search without filters' }));
    expect(await screen.findByTestId('search-total')).toHaveTextContent('1 result');
  });

  it('reports a refused query with the server’s words', async () => {
    answer = () =>
      json(
        {
          title: 'Bad Request',
          status: 400,
          code: 'validation_failed',
          detail: 'q must be 1 to 200 characters',
          fields: { q: 'must be 1 to 200 characters' },
        },
        400,
      );
    renderAt('/search?q=x');
    expect(await screen.findByRole('heading', { name: 'That search cannot be run' })).toBeInTheDocument();
  });

  it('runs a new search from the box and walks the results with the arrow keys', async () => {
    const router = renderAt('/search?q=loop');
    await screen.findByTestId('search-total');
    const box = screen.getByLabelText('Search lessons and exercises');
    await userEvent.clear(box);
    await userEvent.type(box, 'recursion{Enter}');
    await waitFor(() => expect(searches.at(-1)!.get('q')).toBe('recursion'));
    expect(router.state.location.search).toBe('?q=recursion');
    await screen.findByTestId('search-total');
    box.focus();
    await userEvent.keyboard('{ArrowDown}');
    expect(screen.getByRole('link', { name: 'Recursion 1' })).toHaveFocus();
    await userEvent.keyboard('{ArrowDown}');
    expect(screen.getByRole('link', { name: 'Factorial' })).toHaveFocus();
    await userEvent.keyboard('{ArrowDown}');
    expect(screen.getByRole('link', { name: 'Factorial' })).toHaveFocus();
    await userEvent.keyboard('{ArrowUp}{ArrowUp}');
    expect(box).toHaveFocus();
  });

  it('pages through many results', async () => {
    answer = (qs) => json({ items: [hit(Number(qs.get('page') ?? 1))], total: 45 });
    renderAt('/search?q=loop');
    await screen.findByText('Page 1 of 3');
    expect(screen.getByRole('button', { name: 'Previous' })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByText('Page 2 of 3');
    expect(searches.at(-1)!.get('page')).toBe('2');
    await screen.findByRole('link', { name: 'Recursion 2' });
  });
});
