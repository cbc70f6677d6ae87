import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { __resetClientForTests } from '@/lib/api/client';
import { json, renderRoutes, stubApi, type Handler } from '@/test/stubApi';
import { SharedProjectPage } from './SharedProjectPage';

afterEach(() => {
  vi.unstubAllGlobals();
  __resetClientForTests();
});

const renderShared = (token: string) =>
  renderRoutes(`/s/${token}`, [
    { path: '/s/:token', element: <SharedProjectPage /> },
    { path: '/projects/:id', element: <p>editor of the copy</p> },
    { path: '/login', element: <p>login page</p> },
  ]);

const project = {
  id: 'p1',
  title: 'Calculator',
  description: 'Adds two numbers',
  language: 'python',
  entryPath: 'main.py',
  isPublic: false,
  fileCount: 3,
  lineCount: 4,
  createdAt: '',
};

const files = [
  { path: 'README.md', content: '# Calculator\n\nAdds *two* numbers.' },
  { path: 'main.py', content: 'from lib.ops import add\n"""a docstring\nover two lines"""\nprint(add(1, 2))\n' },
  { path: 'lib/ops.py', content: 'def add(a, b):\n    return a + b\n' },
  { path: 'notes.txt', content: 'def is just a word here\n' },
];

const visitor: Handler = () => json({ title: 'Unauthorized', status: 401 }, 401);
const signedIn: Handler = () => json({ id: 'u2', username: 'bob', firstName: 'Bob', lastName: 'B' });

function stub(author: { username: string; name: string; profileUrl: string | null }, me: Handler, extra: Record<string, Handler> = {}) {
  return stubApi({
    'GET /shared/tok': () => json({ project, author, files }),
    'GET /me': me,
    'POST /auth/refresh': () => json({ title: 'Unauthorized', status: 401 }, 401),
    ...extra,
  });
}

describe('a shared project', () => {
  it('shows the README, the author and the files read-only with colours', async () => {
    stub({ username: 'ada', name: 'Ada Lovelace', profileUrl: null }, visitor);
    const user = userEvent.setup();
    renderShared('tok');
    expect(await screen.findByRole('heading', { level: 1, name: 'Calculator' })).toBeInTheDocument();
    expect(screen.getByText('Adds two numbers')).toBeInTheDocument();
    expect(screen.getByText('two', { selector: 'em' })).toBeInTheDocument();
    // A private profile: the name and username, no link.
    expect(screen.getByTestId('shared-author')).toHaveTextContent('Shared by Ada Lovelace (@ada)');
    expect(screen.queryByRole('link', { name: /Ada Lovelace/ })).not.toBeInTheDocument();

    const view = screen.getByTestId('code-view');
    expect(view).toHaveTextContent('print(add(1, 2))');
    expect(view).toHaveAttribute('data-language', 'python');
    expect(view.querySelector('.hljs-keyword')).toHaveTextContent('from');
    // A string over two lines is coloured on both.
    const strings = [...view.querySelectorAll('.hljs-string')].map((s) => s.textContent);
    expect(strings).toEqual(['"""a docstring', 'over two lines"""']);
    await user.click(screen.getByRole('button', { name: 'ops.py' }));
    expect(screen.getByTestId('code-view')).toHaveTextContent('return a + b');
    expect(screen.getByTestId('code-view').querySelector('.hljs-keyword')).toHaveTextContent('def');
    // Text files stay plain.
    await user.click(screen.getByRole('button', { name: 'notes.txt' }));
    expect(screen.getByTestId('code-view')).toHaveAttribute('data-language', 'plain');
    expect(screen.getByTestId('code-view').querySelector('[class^="hljs-"]')).toBeNull();
    expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
  });

  it('links the author to a public profile', async () => {
    stub({ username: 'ada', name: 'Ada Lovelace', profileUrl: '/u/ada' }, visitor);
    renderShared('tok');
    const link = await screen.findByRole('link', { name: /Ada Lovelace/ });
    expect(link).toHaveAttribute('href', '/u/ada');
  });

  it('sends a visitor to log in or register and back here to copy', async () => {
    stub({ username: 'ada', name: 'Ada Lovelace', profileUrl: null }, visitor);
    renderShared('tok');
    expect(await screen.findByRole('link', { name: 'Log in' })).toHaveAttribute('href', '/login?next=%2Fs%2Ftok');
    expect(screen.getByRole('link', { name: 'create an account' })).toHaveAttribute('href', '/register?next=%2Fs%2Ftok');
    expect(screen.queryByRole('button', { name: 'Copy to my projects' })).not.toBeInTheDocument();
  });

  it('copies into the signed-in learner’s projects and opens the copy', async () => {
    const calls = stub({ username: 'ada', name: 'Ada Lovelace', profileUrl: null }, signedIn, {
      'POST /shared/tok/copy': () => json({ ...project, id: 'copy1' }, 201),
    });
    const user = userEvent.setup();
    const { router } = renderShared('tok');
    await user.click(await screen.findByRole('button', { name: 'Copy to my projects' }));
    expect(await screen.findByText('editor of the copy')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/projects/copy1');
    expect(calls.filter((c) => c.method === 'POST' && c.path === '/shared/tok/copy')).toHaveLength(1);
  });

  it('explains a revoked link', async () => {
    stubApi({ 'GET /shared/gone': () => json({ title: 'Not Found', status: 404 }, 404), 'GET /me': visitor });
    renderShared('gone');
    expect(await screen.findByText('This link does not work')).toBeInTheDocument();
  });
});
