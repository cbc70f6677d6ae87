import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { __resetClientForTests } from '@/lib/api/client';
import { json, renderRoutes, stubApi } from '@/test/stubApi';
import { ProfilePage } from './ProfilePage';

const profile = {
  username: 'ada',
  name: 'Ada Lovelace',
  bio: 'Writes the first programs.',
  links: [
    { label: 'GitHub', url: 'https://github.com/ada' },
    { label: 'bad', url: 'javascript:alert(1)' },
  ],
  avatarUrl: '/api/v1/avatars/u1/a.png',
  skills: {
    tracks: [{ track: 'python', title: 'Python track', completed: 3, total: 10 }],
    categories: [
      { category: 'loops', completed: 2 },
      { category: 'python', completed: 2 },
    ],
    languages: [{ language: 'python', runs: 12, projects: 1 }],
  },
  projects: [
    {
      id: 'p1',
      title: 'Calculator',
      description: 'Adds numbers',
      language: 'python',
      readme: '# Calculator\n\nRun **main.py**.',
      fileCount: 2,
      lineCount: 30,
    },
  ],
  achievements: [{ code: 'first-run', name: 'First run', description: 'Ran a program', icon: 'play' }],
  activity: [{ date: new Date().toISOString().slice(0, 10), count: 3 }],
};

const me = (username: string) => ({
  id: 'u1',
  username,
  email: `${username}@example.com`,
  emailVerified: true,
  firstName: 'A',
  lastName: 'L',
  role: 'user',
  plan: 'free',
  skillLevel: 'beginner',
  timezone: 'UTC',
  createdAt: '',
});

const analytics = {
  timeSpentSeconds: 5400,
  runs: [
    { language: 'python', status: 'ok', count: 7 },
    { language: 'python', status: 'runtime_error', count: 2 },
  ],
  tutor: { messages: 5, perDay: [{ date: '2026-11-20', count: 5 }] },
  completions: { total: 3 },
};

afterEach(() => {
  vi.unstubAllGlobals();
  __resetClientForTests();
});

const renderProfile = (path = '/u/ada') => renderRoutes(path, [{ path: '/u/:username', element: <ProfilePage /> }]);

describe('the public profile', () => {
  it('shows the portfolio to a visitor, without analytics and without unsafe links', async () => {
    const calls = stubApi({
      'GET /users/ada': () => json(profile),
      'GET /me': () => json({ title: 'Unauthorized', status: 401 }, 401),
      'POST /auth/refresh': () => json({ title: 'Unauthorized', status: 401 }, 401),
    });
    renderProfile();
    expect(await screen.findByRole('heading', { level: 1, name: 'Ada Lovelace' })).toBeInTheDocument();
    expect(screen.getByText('Writes the first programs.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'GitHub' })).toHaveAttribute('href', 'https://github.com/ada');
    expect(screen.queryByRole('link', { name: 'bad' })).not.toBeInTheDocument();
    expect(screen.getByTestId('avatar')).toHaveAttribute('src', '/api/v1/avatars/u1/a.png');
    const skills = screen.getByRole('list', { name: 'Skills' });
    expect(skills).toHaveTextContent('Python · 12 runs, 1 project');
    expect(skills).toHaveTextContent('Python track · 3/10 done');
    expect(skills).toHaveTextContent('loops · 2 done');
    // The "python" category repeats the language and the track: one chip each, not three.
    expect(within(skills).getAllByText(/python/i)).toHaveLength(2);
    const project = screen.getByTestId('profile-project');
    expect(within(project).getByRole('link', { name: 'Calculator' })).toHaveAttribute('href', '/u/ada/p1');
    // The README is rendered Markdown, not shown as source.
    expect(within(project).getByText('main.py', { selector: 'strong' })).toBeInTheDocument();
    expect(screen.getByTestId('achievement')).toHaveTextContent(/^First run/);
    expect(screen.getByTestId('achievement')).not.toHaveTextContent('play');
    expect(screen.getByTestId('heatmap')).toHaveAttribute('aria-label', 'Activity over the last year: 3 actions on 1 day');
    expect(screen.getByText('3 actions on 1 day in the last year')).toBeInTheDocument();
    expect(screen.getByTestId('heatmap').querySelector('[data-count="3"]')).not.toBeNull();
    expect(screen.queryByTestId('analytics')).not.toBeInTheDocument();
    expect(calls.some((c) => c.path === '/me/analytics')).toBe(false);
  });

  it('adds the analytics for the owner', async () => {
    stubApi({
      'GET /users/ada': () => json(profile),
      'GET /me': () => json(me('ada')),
      'GET /me/analytics': () => json(analytics),
    });
    renderProfile();
    // The panel is a lazy chunk with recharts: its first import can take a while in a busy run.
    const panel = await screen.findByTestId('analytics', {}, { timeout: 10_000 });
    expect(await within(panel).findByText('1 h 30 min')).toBeInTheDocument();
    expect(within(panel).getByText('Runs').nextSibling).toHaveTextContent('9');
    // The chart's numbers are also a table: python ran 7 times fine and failed twice.
    const runs = within(panel).getByTestId('analytics-runs');
    expect(within(runs).getByRole('row', { name: /python/ })).toHaveTextContent(/python\s*7\s*2/);
    expect(runs.querySelector('svg.recharts-surface')).not.toBeNull();
  });

  it('says so when there is no public profile', async () => {
    stubApi({
      'GET /users/nobody': () => json({ title: 'Not Found', status: 404, code: 'not_found' }, 404),
      'GET /me': () => json(me('ada')),
    });
    renderProfile('/u/nobody');
    expect(await screen.findByText('No public profile here')).toBeInTheDocument();
    expect(screen.queryByTestId('analytics')).not.toBeInTheDocument();
  });
});
