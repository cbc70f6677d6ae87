import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { __resetClientForTests } from '@/lib/api/client';
import { json, renderRoutes, stubApi } from '@/test/stubApi';
import { ProjectsPage } from './ProjectsPage';

const p = (id: string, title: string, extra: object = {}) => ({
  id,
  title,
  language: 'python',
  isPublic: false,
  fileCount: 2,
  lineCount: 14,
  createdAt: '2026-11-01T10:00:00Z',
  lastActivityAt: new Date().toISOString(),
  ...extra,
});

afterEach(() => {
  vi.unstubAllGlobals();
  __resetClientForTests();
});

const renderPage = () =>
  renderRoutes('/projects', [
    { path: '/projects', element: <ProjectsPage /> },
    { path: '/projects/:id', element: <p>editor page</p> },
  ]);

describe('the projects dashboard', () => {
  it('lists projects with language, size and the public badge', async () => {
    stubApi({
      'GET /projects': () =>
        json([p('p1', 'Calculator', { isPublic: true }), p('p2', 'Notes', { language: 'cpp', fileCount: 1, lineCount: 1 })]),
    });
    renderPage();
    const cards = await screen.findAllByTestId('project-card');
    expect(cards).toHaveLength(2);
    expect(cards[0]).toHaveTextContent('Public');
    expect(cards[0]).toHaveTextContent('Python');
    expect(cards[0]).toHaveTextContent('2 files · 14 lines');
    expect(cards[1]).not.toHaveTextContent('Public');
    expect(cards[1]).toHaveTextContent('C++');
    expect(cards[1]).toHaveTextContent('1 file · 1 line');
  });

  it('creates a project from a template and opens it', async () => {
    const calls = stubApi({
      'GET /projects': () => json([]),
      'GET /templates': () => json([{ id: 'python-cli', name: 'Python CLI', language: 'python', description: 'A command-line tool' }]),
      'POST /projects': () => json(p('p9', 'Tool'), 201),
    });
    const user = userEvent.setup();
    const { router } = renderPage();
    await user.click(await screen.findByRole('button', { name: 'New project' }));
    const dialog = screen.getByRole('dialog', { name: 'New project' });
    await user.type(within(dialog).getByLabelText('Title'), 'Tool');
    await user.click(await within(dialog).findByRole('radio', { name: /Python CLI/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Create project' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/projects/p9'));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ title: 'Tool', templateId: 'python-cli' });
  });

  it('restores a project from the trash', async () => {
    let trash = [p('p3', 'Old game', { deletedAt: new Date(Date.now() - 2 * 86_400_000).toISOString() })];
    const calls = stubApi({
      'GET /projects': () => json([]),
      'GET /projects/trash': () => json(trash),
      'POST /projects/p3/restore': () => {
        trash = [];
        return json(p('p3', 'Old game'));
      },
    });
    const user = userEvent.setup();
    renderPage();
    await user.click(await screen.findByRole('tab', { name: 'Trash' }));
    const list = await screen.findByTestId('trash');
    expect(list).toHaveTextContent('purged in 28 days');
    await user.click(within(list).getByRole('button', { name: 'Restore Old game' }));
    await screen.findByText('The trash is empty');
    expect(calls.some((c) => c.method === 'POST' && c.path === '/projects/p3/restore')).toBe(true);
  });
});
