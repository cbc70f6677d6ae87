import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { __resetClientForTests } from '@/lib/api/client';
import { json, renderRoutes, stubApi } from '@/test/stubApi';
import { SharedProjectPage } from './SharedProjectPage';

afterEach(() => {
  vi.unstubAllGlobals();
  __resetClientForTests();
});

const renderShared = (token: string) => renderRoutes(`/s/${token}`, [{ path: '/s/:token', element: <SharedProjectPage /> }]);

describe('a shared project', () => {
  it('shows the README and the files read-only', async () => {
    stubApi({
      'GET /shared/tok': () =>
        json({
          project: {
            id: 'p1',
            title: 'Calculator',
            language: 'python',
            entryPath: 'main.py',
            isPublic: false,
            fileCount: 3,
            lineCount: 4,
            createdAt: '',
          },
          files: [
            { path: 'README.md', content: '# Calculator\n\nAdds *two* numbers.' },
            { path: 'main.py', content: 'from lib.ops import add\nprint(add(1, 2))\n' },
            { path: 'lib/ops.py', content: 'def add(a, b):\n    return a + b\n' },
          ],
        }),
    });
    const user = userEvent.setup();
    renderShared('tok');
    expect(await screen.findByRole('heading', { level: 1, name: 'Calculator' })).toBeInTheDocument();
    expect(screen.getByText('two', { selector: 'em' })).toBeInTheDocument();
    expect(screen.getByTestId('code-view')).toHaveTextContent('print(add(1, 2))');
    await user.click(screen.getByRole('button', { name: 'ops.py' }));
    expect(screen.getByTestId('code-view')).toHaveTextContent('return a + b');
    expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
  });

  it('explains a revoked link', async () => {
    stubApi({ 'GET /shared/gone': () => json({ title: 'Not Found', status: 404 }, 404) });
    renderShared('gone');
    expect(await screen.findByText('This link does not work')).toBeInTheDocument();
  });
});
