import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { __resetClientForTests } from '@/lib/api/client';
import { json, renderRoutes, stubApi } from '@/test/stubApi';
import { ShowcasePage } from './ShowcasePage';

afterEach(() => {
  vi.unstubAllGlobals();
  __resetClientForTests();
});

const showcase = {
  id: 'p1',
  title: 'Greeter',
  description: 'Says hello',
  language: 'python',
  entryPath: 'app/main.py',
  technologyStack: [],
  owner: { username: 'ada', name: 'Ada Lovelace' },
  readme: '# Greeter\n\nType your **name**.',
  files: [
    { path: 'README.md', content: '# Greeter\n\nType your **name**.' },
    { path: 'app/a_helpers.py', content: 'X = 1\n' },
    { path: 'app/main.py', content: 'print("Hello, " + input())\n' },
  ],
};

/** A finished visitor run that printed `stdout`. */
const ranOk = (stdout: string) => ({
  id: 'e1',
  status: 'ok',
  stdout,
  stderr: '',
  executionTimeMs: 20,
  cpuTimeMs: 1,
  memoryBytes: 1,
  cached: false,
  language: 'python',
  createdAt: '',
});

const renderShowcase = () => renderRoutes('/u/ada/p1', [{ path: '/u/:username/:projectId', element: <ShowcasePage /> }]);

describe('the project showcase', () => {
  it("renders the README and lets a visitor run the owner's entry with stdin", async () => {
    const calls = stubApi({
      'GET /users/ada/projects/p1': () => json(showcase),
      'POST /users/ada/projects/p1/run': () => json(ranOk('Hello, Grace\n')),
    });
    const user = userEvent.setup();
    renderShowcase();
    expect(await screen.findByRole('heading', { level: 1, name: 'Greeter' })).toBeInTheDocument();
    expect(screen.getByText('name', { selector: 'strong' })).toBeInTheDocument();
    expect(screen.getByTestId('code-view')).toHaveTextContent('print("Hello, " + input())');
    expect(screen.getByLabelText('File to run')).toHaveValue('app/main.py');
    await user.type(screen.getByLabelText('Standard input (stdin)'), 'Grace');
    await user.click(screen.getByRole('button', { name: 'Run' }));
    expect(await screen.findByTestId('output-stdout')).toHaveTextContent('Hello, Grace');
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ stdin: 'Grace' });
  });

  it('lets a visitor run another file of the project', async () => {
    const calls = stubApi({
      'GET /users/ada/projects/p1': () => json(showcase),
      'POST /users/ada/projects/p1/run': () => json(ranOk('')),
    });
    const user = userEvent.setup();
    renderShowcase();
    await user.selectOptions(await screen.findByLabelText('File to run'), 'app/a_helpers.py');
    await user.click(screen.getByRole('button', { name: 'Run' }));
    await waitFor(() => expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ stdin: '', entry: 'app/a_helpers.py' }));
  });

  it('names the one runnable file instead of offering a choice', async () => {
    stubApi({
      'GET /users/ada/projects/p1': () => json({ ...showcase, files: showcase.files.filter((f) => f.path !== 'app/a_helpers.py') }),
    });
    renderShowcase();
    expect(await screen.findByTestId('showcase-entry')).toHaveTextContent('Runs app/main.py');
    expect(screen.queryByLabelText('File to run')).not.toBeInTheDocument();
  });

  it('tells a visitor when runs are rate-limited', async () => {
    stubApi({
      'GET /users/ada/projects/p1': () => json(showcase),
      'POST /users/ada/projects/p1/run': () =>
        new Response(JSON.stringify({ title: 'Too Many Requests', status: 429 }), {
          status: 429,
          headers: { 'content-type': 'application/problem+json', 'retry-after': '30' },
        }),
    });
    const user = userEvent.setup();
    renderShowcase();
    await user.click(await screen.findByRole('button', { name: 'Run' }));
    await waitFor(() => expect(screen.getByTestId('run-error')).toHaveTextContent('Try again in 30 s.'));
  });
});
