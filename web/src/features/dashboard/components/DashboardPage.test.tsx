import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { __resetClientForTests } from '@/lib/api/client';
import type { Achievement, Dashboard, ItemRef } from '../api/dashboard';
import { DashboardPage } from './DashboardPage';

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });

const user = { id: 'u1', email: 'ada@example.com', emailVerified: true, firstName: 'Ada', lastName: 'Lovelace', username: null };

const item = (slug: string, title: string, over: Partial<ItemRef> = {}): ItemRef => ({
  id: `id-${slug}`,
  slug,
  title,
  type: 'lesson',
  track: 'python',
  difficulty: 'beginner',
  category: 'basics',
  estimatedMinutes: 10,
  ...over,
});

const week = ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26'];

function dashboard(over: Partial<Dashboard> = {}): Dashboard {
  return {
    streak: { current: 3, longest: 5, activeToday: true },
    completedCount: 12,
    inProgress: [{ ...item('python-loops', 'Loops'), progressPercentage: 40, updatedAt: '2026-11-26T09:00:00Z' }],
    recommended: [
      { ...item('python-functions', 'Functions'), reason: 'Next in the Python track', source: 'next_in_track' },
      {
        ...item('python-ex-fizzbuzz', 'FizzBuzz', { type: 'exercise' }),
        reason: 'Learners who finished Loops also did this',
        source: 'similar_learners',
      },
    ],
    recentActivity: [
      {
        kind: 'submitted',
        at: '2026-11-26T10:00:00Z',
        item: item('python-ex-greeting', 'Greet the user'),
        passed: true,
        language: 'python',
      },
      {
        kind: 'submitted',
        at: '2026-11-26T09:50:00Z',
        item: item('python-ex-greeting', 'Greet the user'),
        passed: false,
        language: 'python',
      },
      { kind: 'ran', at: '2026-11-26T09:40:00Z', item: null, language: 'cpp', passed: null },
      { kind: 'completed', at: '2026-11-25T09:00:00Z', item: item('python-hello-world', 'Your first Python program') },
    ],
    achievements: [],
    weeklyActivity: week.map((date, i) => ({ date, completions: i % 2, submissions: i, runs: 1 })),
    progressOverTime: [
      { date: '2026-11-24', completed: 0 },
      { date: '2026-11-25', completed: 2 },
      { date: '2026-11-26', completed: 1 },
    ],
    timezone: 'Europe/Berlin',
    ...over,
  };
}

const achievements: Achievement[] = [
  {
    id: 'first-exercise',
    title: 'First exercise passed',
    description: 'Pass every test of an exercise.',
    icon: 'check-circle',
    earnedAt: '2026-11-26T10:00:00Z',
  },
  {
    id: 'streak-3',
    title: 'Three days in a row',
    description: 'Learn on 3 days in a row.',
    icon: 'flame',
    earnedAt: '2026-11-26T10:00:00Z',
  },
  { id: 'streak-7', title: 'A week in a row', description: 'Learn on 7 days in a row.', icon: 'flame', earnedAt: null },
  { id: 'mystery', title: 'Mystery', description: 'Unknown icon.', icon: 'no-such-icon', earnedAt: null },
];

let routes: Record<string, (init: RequestInit) => Response>;

beforeEach(() => {
  routes = {
    '/me': () => json(user),
    '/dashboard': () => json(dashboard()),
    '/achievements': () => json(achievements),
    '/tracks': () => json([{ slug: 'python', title: 'Python', language: 'python', description: '', itemCount: 25, completedCount: 12 }]),
    '/me/certificates': () => json([]),
    '/progress/stats': () =>
      json({
        completedCount: 12,
        startedCount: 14,
        completedByType: { lesson: 8, exercise: 4 },
        completedByTrack: { python: 12 },
        timeSpentSeconds: 5520,
        submissions: 8,
        passedSubmissions: 6,
        passRate: 0.75,
        runs: 31,
        tutorQuestions: 2,
        languages: ['python', 'cpp'],
        streak: { current: 3, longest: 5, activeToday: true },
      }),
  };
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const path = url.replace(/^\/api\/v1/, '');
      const handler = routes[path];
      if (!handler) throw new Error(`unexpected ${url}`);
      return handler(init);
    }),
  );
});

afterEach(() => {
  vi.unstubAllGlobals();
  __resetClientForTests();
});

function renderDashboard() {
  const router = createMemoryRouter(
    [
      { path: '/dashboard', element: <DashboardPage /> },
      { path: '/learn/:slug', element: <p>content page</p> },
      { path: '/learn', element: <p>catalog</p> },
      { path: '/certificates/:code', element: <p>certificate page</p> },
    ],
    { initialEntries: ['/dashboard'] },
  );
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return router;
}

describe('DashboardPage', () => {
  it('offers the certificate of a finished track, and claims it', async () => {
    const cert = {
      code: 'c'.repeat(43),
      url: `/certificates/${'c'.repeat(43)}`,
      track: 'js',
      trackTitle: 'JavaScript',
      learnerName: 'Ada Lovelace',
      completedAt: '2026-11-25T09:00:00Z',
      issuedAt: '2026-11-26T09:00:00Z',
    };
    const posts: unknown[] = [];
    let claimed = false;
    routes['/tracks'] = () =>
      json([
        { slug: 'python', title: 'Python', language: 'python', description: '', itemCount: 25, completedCount: 12 },
        { slug: 'js', title: 'JavaScript', language: 'javascript', description: '', itemCount: 24, completedCount: 24 },
      ]);
    routes['/me/certificates'] = (init) => {
      if (init.method === 'POST') {
        posts.push(JSON.parse(String(init.body)));
        claimed = true;
        return json(cert, 201);
      }
      return json(claimed ? [cert] : []);
    };
    const u = userEvent.setup();
    const router = renderDashboard();
    const panel = await screen.findByTestId('certificates-panel');
    expect(within(panel).getAllByRole('listitem')).toHaveLength(1);
    expect(panel).toHaveTextContent('You finished every item of JavaScript.');
    await u.click(within(panel).getByRole('button', { name: 'Get your certificate' }));
    await screen.findByText('certificate page');
    expect(router.state.location.pathname).toBe(cert.url);
    expect(posts).toEqual([{ track: 'js' }]);
  });

  it('shows the streak, the completed count and the badges earned', async () => {
    renderDashboard();
    expect(await screen.findByTestId('streak-value')).toHaveTextContent('3 days');
    expect(screen.getByTestId('streak')).toHaveTextContent('Longest: 5 days. You have learned today.');
    expect(screen.getByTestId('completed-value')).toHaveTextContent('12');
    expect(await screen.findByText('of 4 to earn')).toBeInTheDocument();
    expect(screen.getByTestId('badges-value')).toHaveTextContent('2');
    expect(await screen.findByText('Welcome back, Ada.')).toBeInTheDocument();
  });

  it('tells earned badges from locked ones', async () => {
    renderDashboard();
    const badges = await screen.findAllByTestId('badge');
    expect(badges.map((b) => [b.dataset.id, b.dataset.earned])).toEqual([
      ['first-exercise', 'true'],
      ['streak-3', 'true'],
      ['streak-7', 'false'],
      ['mystery', 'false'],
    ]);
    expect(within(badges[0]!).getByText(/^Earned /)).toBeInTheDocument();
    expect(within(badges[2]!).getByText('Not earned yet')).toBeInTheDocument();
    expect(within(badges[2]!).getByText('Learn on 7 days in a row.')).toBeInTheDocument();
    expect(badges[3]!.querySelector('svg path')).not.toBeNull();
    expect(screen.getByTestId('badge-count')).toHaveTextContent('2 of 4 earned');
  });

  it('recommends what to do next with the reason, and links to it', async () => {
    const router = renderDashboard();
    const recs = await screen.findAllByTestId('recommendation');
    expect(recs).toHaveLength(2);
    expect(within(recs[1]!).getByTestId('recommendation-reason')).toHaveTextContent('Learners who finished Loops also did this');
    expect(recs[1]).toHaveTextContent('exercise · 10 min · beginner');
    await userEvent.click(within(recs[0]!).getByRole('link', { name: 'Functions' }));
    expect(router.state.location.pathname).toBe('/learn/python-functions');
  });

  it('lists work in progress with its progress', async () => {
    renderDashboard();
    const row = await screen.findByTestId('in-progress');
    expect(within(row).getByRole('progressbar', { name: 'Loops progress' })).toHaveAttribute('aria-valuenow', '40');
  });

  it('draws progress over time and the week, with the numbers in tables for screen readers', async () => {
    renderDashboard();
    const progress = await screen.findByTestId('progress-chart');
    expect(progress).toHaveTextContent('3 completed in the last 30 days.');
    const rows = within(progress).getAllByRole('row').slice(1);
    // Days with a completion, with the running total ending at the completed count.
    expect(rows.map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent))).toEqual([
      ['2', '11'],
      ['1', '12'],
    ]);
    expect(progress.querySelector('svg.recharts-surface')).not.toBeNull();
    const weekly = await screen.findByTestId('weekly-chart');
    expect(within(weekly).getAllByRole('row')).toHaveLength(8);
    expect(weekly.querySelector('svg.recharts-surface')).not.toBeNull();
  });

  it('tells the story of recent activity', async () => {
    renderDashboard();
    const items = await screen.findAllByTestId('activity-item');
    expect(items.map((i) => i.textContent?.replace(/\s+/g, ' '))).toEqual([
      expect.stringMatching(/^Passed Greet the user/),
      expect.stringMatching(/^Checked Greet the user \(some tests failed\)/),
      expect.stringMatching(/^Ran a C\+\+ program/),
      expect.stringMatching(/^Completed Your first Python program/),
    ]);
  });

  it('sums up the learner’s numbers', async () => {
    renderDashboard();
    const totals = await screen.findByTestId('totals');
    const pairs = [...totals.querySelectorAll('div')].map((d) => [d.querySelector('dt')!.textContent, d.querySelector('dd')!.textContent]);
    expect(pairs).toEqual([
      ['Time spent learning', '1 h 32 min'],
      ['Exercise checks', '8 (75 % passed)'],
      ['Programs run', '31'],
      ['Questions to the tutor', '2'],
      ['Languages used', 'Python, C++'],
    ]);
  });

  it('leaves the numbers out when they cannot load, and shows the rest', async () => {
    routes['/progress/stats'] = () => json({ title: 'Internal Server Error', status: 500 }, 500);
    renderDashboard();
    expect(await screen.findByTestId('completed-value')).toHaveTextContent('12');
    await screen.findAllByTestId('badge');
    expect(screen.queryByTestId('totals')).not.toBeInTheDocument();
  });

  it('welcomes a new learner with a way to start', async () => {
    routes['/dashboard'] = () =>
      json(
        dashboard({
          streak: { current: 0, longest: 0, activeToday: false },
          completedCount: 0,
          inProgress: [],
          recentActivity: [],
          recommended: [],
          progressOverTime: [],
        }),
      );
    routes['/achievements'] = () => json(achievements.map((a) => ({ ...a, earnedAt: null })));
    renderDashboard();
    expect(await screen.findByRole('heading', { name: 'Welcome to Codestead' })).toBeInTheDocument();
    expect(screen.getByTestId('streak')).toHaveTextContent('Do one thing today to start one.');
    expect(await screen.findByText('Nothing completed in the last 30 days yet.')).toBeInTheDocument();
    expect(await screen.findByTestId('badge-count')).toHaveTextContent('0 of 4 earned');
  });

  it('offers a retry when the dashboard cannot load', async () => {
    let fail = true;
    routes['/dashboard'] = () =>
      fail ? json({ title: 'Internal Server Error', status: 500, detail: 'The database is away.' }, 500) : json(dashboard());
    renderDashboard();
    expect(await screen.findByText('The database is away.')).toBeInTheDocument();
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('completed-value')).toHaveTextContent('12');
  });
});
