import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { __resetClientForTests } from '@/lib/api/client';
import type { ContentDetail } from '@/lib/api/types';
import { ContentPage } from './ContentPage';
import { TrackPage } from './TrackPage';
import { json, renderAt, stubApi, type Handler } from './testing';
import { exercise, lesson, summary, track, user } from './fixtures';

// Monaco does not run in jsdom; a textarea stands in with the same props contract.
vi.mock('@/components/editor/CodeEditor', () => ({
  default: ({
    value,
    onChange,
    ariaLabel,
    markers = [],
    readOnly,
    highlightLine,
  }: {
    value: string;
    onChange(v: string): void;
    ariaLabel?: string;
    markers?: { line: number; message: string }[];
    readOnly?: boolean;
    highlightLine?: number | null;
  }) => (
    <textarea
      aria-label={ariaLabel ?? 'Code'}
      value={value}
      readOnly={readOnly}
      data-highlight={highlightLine ?? ''}
      onChange={(e) => onChange(e.target.value)}
      data-markers={markers.map((m) => `${m.line}: ${m.message}`).join('\n')}
    />
  ),
}));

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
  __resetClientForTests();
});

const unauthorized = () => json({ title: 'Unauthorized', status: 401, detail: 'Sign in to do this.' }, 401);

function api(item: ContentDetail, extra: Record<string, Handler> = {}, loggedIn = true) {
  return stubApi({
    'GET /me': () => (loggedIn ? json(user) : unauthorized()),
    'POST /auth/refresh': () => unauthorized(),
    [`GET /content/${item.slug}`]: () => json(item),
    [`GET /content/${item.slug}/next`]: () => json(summary({ slug: 'py-vars', title: 'Variables' })),
    'GET /tracks/python': () => json(track),
    'GET /progress': () => json([]),
    [`GET /exercises/${item.slug}/submissions`]: () => json([]),
    ...extra,
  });
}

const routes = [
  { path: '/learn/:slug', element: <ContentPage /> },
  { path: '/learn/tracks/:slug', element: <TrackPage /> },
];

describe('the lesson reader', () => {
  it('renders the Markdown safely, with content links mapped into the app and one title', async () => {
    api(lesson);
    renderAt('/learn/py-hello', routes);
    expect(await screen.findByText('top to bottom')).toBeInTheDocument();
    expect(screen.getAllByRole('heading', { level: 1 })).toHaveLength(1);
    expect(screen.getByRole('link', { name: 'greeting exercise' })).toHaveAttribute('href', '/learn/py-greet');
    expect(screen.getByText('this').closest('a')?.getAttribute('href') ?? '').not.toMatch(/javascript:/);
    expect(document.querySelector('img[onerror]')).toBeNull();
  });

  it('opens a runnable example in the playground with its code and language, and plain output blocks not', async () => {
    api(lesson);
    const router = renderAt('/learn/py-hello', routes);
    const buttons = await screen.findAllByRole('button', { name: 'Open in playground' });
    expect(buttons).toHaveLength(1);
    await userEvent.click(buttons[0]!);
    expect(await screen.findByText('playground page')).toBeInTheDocument();
    expect(router.state.location.search).toBe('?from=handoff');
    expect(JSON.parse(sessionStorage.getItem('codestead.playground.handoff')!)).toEqual({
      language: 'python',
      code: 'print("Hello, world!")',
    });
  });

  it('marks the lesson complete and offers the next item', async () => {
    let completed = false;
    const calls = api(lesson, {
      'GET /content/py-hello': () => json({ ...lesson, completed }),
      [`POST /progress/${lesson.id}/complete`]: () => {
        completed = true;
        return json({ contentId: lesson.id, slug: lesson.slug, progressPercentage: 100, timeSpentSeconds: 0, updatedAt: '' });
      },
    });
    renderAt('/learn/py-hello', routes);
    await userEvent.click(await screen.findByRole('button', { name: 'Mark complete' }));
    expect(await screen.findByText('You completed this lesson.')).toBeInTheDocument();
    expect(calls.filter((c) => c.path.endsWith('/complete'))).toHaveLength(1);
    expect(screen.getByRole('link', { name: /^Next: Variables/ })).toHaveAttribute('href', '/learn/py-vars');
  });

  it('writes reading progress after 15 seconds of reading, on top of the stored time', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setInterval', 'clearInterval', 'Date'] });
    const calls = api(lesson, {
      'GET /progress': () =>
        json([{ contentId: lesson.id, slug: lesson.slug, progressPercentage: 20, timeSpentSeconds: 40, updatedAt: '' }]),
      [`PUT /progress/${lesson.id}`]: () => json({}),
    });
    renderAt('/learn/py-hello', routes);
    await screen.findByText('top to bottom');
    // The clock starts once the stored totals are known.
    await vi.waitFor(() => expect(calls.some((c) => c.path === '/progress')).toBe(true));
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });
    act(() => vi.advanceTimersByTime(14_000));
    expect(calls.filter((c) => c.method === 'PUT')).toHaveLength(0);
    act(() => vi.advanceTimersByTime(1_000));
    const writes = calls.filter((c) => c.method === 'PUT');
    expect(writes).toHaveLength(1);
    // jsdom lays nothing out: the article has no height, so it counts as read to the end.
    expect(writes[0]!.body).toEqual({ progressPercentage: 100, timeSpentSeconds: 55 });
  });

  it('lets an anonymous visitor read, without progress, bookmarks or completion', async () => {
    const calls = api(lesson, {}, false);
    renderAt('/learn/py-hello', routes);
    expect(await screen.findByText('top to bottom')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Log in' })).toHaveAttribute('href', '/login?next=%2Flearn%2Fpy-hello');
    expect(screen.queryByRole('button', { name: 'Mark complete' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Bookmark/ })).toBeNull();
    expect(calls.some((c) => c.path === '/progress')).toBe(false);
  });

  it('toggles the bookmark', async () => {
    const calls = api(lesson, { [`PUT /bookmarks/${lesson.id}`]: () => new Response(null, { status: 204 }) });
    renderAt('/learn/py-hello', routes);
    const toggle = await screen.findByRole('button', { name: 'Bookmark' });
    expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await userEvent.click(toggle);
    expect(await screen.findByRole('button', { name: 'Bookmarked' })).toHaveAttribute('aria-pressed', 'true');
    expect(calls.some((c) => c.method === 'PUT' && c.path === `/bookmarks/${lesson.id}`)).toBe(true);
  });
});

describe('the exercise page', () => {
  const failing = {
    id: 's1',
    passed: false,
    completed: false,
    next: null,
    tests: [
      { name: 'greets a short name', passed: false, message: 'Print exactly `Hello, <name>!`.' },
      { name: 'ignores spaces', passed: true, message: null },
    ],
    execution: { status: 'ok', stdout: '', stderr: '', compileOutput: null, exitCode: 0, executionTimeMs: 30, memoryBytes: 1 },
  };
  const passing = {
    ...failing,
    id: 's2',
    passed: true,
    completed: true,
    next: summary({ slug: 'py-vars', title: 'Variables' }),
    tests: failing.tests.map((t) => ({ ...t, passed: true, message: null })),
  };

  it('says which prerequisite a locked exercise waits for, and still shows it', async () => {
    api(exercise, {}, true);
    renderAt('/learn/py-greet', routes);
    const notice = await screen.findByTestId('locked-notice');
    // py-hello is completed in the track, so nothing is missing by name: the notice falls back.
    expect(notice).toHaveTextContent('Locked.');
    expect(await screen.findByLabelText(/Code editor for Greet the user/)).toHaveValue('name = input()\n');
  });

  it('checks the code with Ctrl+Enter, lists each test, and shows the completion banner on a pass', async () => {
    const answers = [failing, passing];
    const calls = api(exercise, { 'POST /exercises/py-greet/submissions': () => json(answers.shift()) });
    renderAt('/learn/py-greet', routes);
    const editor = await screen.findByLabelText(/Code editor for Greet the user/);
    fireEvent.keyDown(editor, { key: 'Enter', ctrlKey: true });
    const rows = await screen.findAllByTestId('test-result');
    expect(rows[0]).toHaveTextContent('✗ Failed: greets a short name');
    expect(rows[0]).toHaveTextContent('Print exactly Hello, <name>!.');
    expect(rows[1]).toHaveTextContent('✓ Passed: ignores spaces');
    expect(screen.queryByTestId('completion-banner')).toBeNull();

    fireEvent.change(editor, { target: { value: 'print("Hello, " + input().strip() + "!")' } });
    await userEvent.click(screen.getByRole('button', { name: /^Check/ }));
    const banner = await screen.findByTestId('completion-banner');
    expect(banner).toHaveTextContent('Exercise complete');
    expect(within(banner).getByRole('link', { name: /^Next: Variables/ })).toHaveAttribute('href', '/learn/py-vars');
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([
      { language: 'python', code: 'name = input()\n' },
      { language: 'python', code: 'print("Hello, " + input().strip() + "!")' },
    ]);
  });

  it('steps through the learner’s own file with the input they typed, not the tests', async () => {
    const calls = api(exercise, {
      'POST /executions': () =>
        json({
          id: 'e1',
          language: 'python',
          status: 'ok',
          stdout: '',
          stderr: '',
          exitCode: 0,
          executionTimeMs: 10,
          cpuTimeMs: 5,
          memoryBytes: 1,
          cached: false,
          createdAt: '',
          trace: {
            truncated: false,
            steps: [
              { line: 1, locals: {}, stdout: '', event: 'line' },
              { line: 1, locals: { name: "'Ada'" }, stdout: '', event: 'return' },
            ],
          },
        }),
    });
    renderAt('/learn/py-greet', routes);
    const editor = await screen.findByLabelText(/Code editor for Greet the user/);
    await userEvent.click(screen.getByText('Input for Run and Step through'));
    await userEvent.type(screen.getByLabelText(/Standard input \(stdin\) your program reads/), 'Ada');
    await userEvent.click(screen.getByRole('button', { name: 'Step through' }));
    expect(await screen.findByTestId('trace-counter')).toHaveTextContent('Step 1 of 2');
    expect(calls.find((c) => c.path === '/executions')?.body).toEqual({
      language: 'python',
      code: 'name = input()\n',
      stdin: 'Ada',
      trace: true,
    });
    expect(editor).toHaveAttribute('readonly');
    expect(editor).toHaveAttribute('data-highlight', '1');
    await userEvent.keyboard('{End}');
    expect(screen.getByRole('row', { name: /^name/ })).toHaveTextContent("'Ada'");
    await userEvent.click(screen.getByRole('button', { name: 'Back to editing' }));
    expect(editor).not.toHaveAttribute('readonly');
  });

  it('runs the code beside the exercise driver with the typed input and shows the output', async () => {
    const driven: ContentDetail = {
      ...exercise,
      runLayout: {
        entry: 'main.py',
        learnerFile: 'solution.py',
        files: [{ path: 'main.py', content: 'from solution import *\nprint(greet(input()))\n' }],
      },
    };
    const calls = api(driven, {
      'POST /executions': () =>
        json({
          id: 'e2',
          language: 'python',
          status: 'ok',
          stdout: 'Hello, Ada!\n',
          stderr: '',
          exitCode: 0,
          executionTimeMs: 12,
          cpuTimeMs: 5,
          memoryBytes: 1,
          cached: false,
          createdAt: '',
        }),
    });
    renderAt('/learn/py-greet', routes);
    await screen.findByLabelText(/Code editor for Greet the user/);
    await userEvent.click(screen.getByText('Input for Run and Step through'));
    await userEvent.type(screen.getByLabelText(/Standard input \(stdin\) your program reads/), 'Ada');
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));
    const run = await screen.findByTestId('exercise-run');
    expect(await within(run).findByTestId('output-stdout')).toHaveTextContent('Hello, Ada!');
    expect(calls.find((c) => c.path === '/executions')?.body).toEqual({
      language: 'python',
      files: [
        { path: 'main.py', content: 'from solution import *\nprint(greet(input()))\n' },
        { path: 'solution.py', content: 'name = input()\n' },
      ],
      entry: 'main.py',
      stdin: 'Ada',
    });
    expect(calls.some((c) => c.path.endsWith('/submissions') && c.method === 'POST')).toBe(false);
  });

  it('marks the line of a program that did not run in the editor', async () => {
    api(exercise, {
      'POST /exercises/py-greet/submissions': () =>
        json({
          id: 's9',
          passed: false,
          completed: false,
          next: null,
          didNotRun: {
            reason: 'syntax_error',
            message: 'Your program did not run: it has a syntax error on line 1.',
            error: 'SyntaxError: invalid syntax',
            line: 1,
          },
          tests: exercise.testNames!.map((name) => ({ name, passed: false, message: null, notRun: true })),
          execution: {
            status: 'runtime_error',
            stdout: '',
            stderr: 'SyntaxError: invalid syntax',
            compileOutput: null,
            exitCode: 1,
            executionTimeMs: 9,
            memoryBytes: 1,
          },
        }),
    });
    renderAt('/learn/py-greet', routes);
    const editor = await screen.findByLabelText(/Code editor for Greet the user/);
    await userEvent.click(screen.getByRole('button', { name: /^Check/ }));
    expect(await screen.findByTestId('did-not-run')).toHaveTextContent('on line 1');
    expect(editor).toHaveAttribute('data-markers', '1: SyntaxError: invalid syntax');
  });

  it('offers no step-through to a visitor who is not logged in', async () => {
    api(exercise, {}, false);
    renderAt('/learn/py-greet', routes);
    await screen.findByLabelText(/Code editor for Greet the user/);
    expect(screen.queryByRole('button', { name: 'Step through' })).toBeNull();
  });

  it('keeps the draft per exercise across visits', async () => {
    api(exercise);
    renderAt('/learn/py-greet', routes);
    fireEvent.change(await screen.findByLabelText(/Code editor/), { target: { value: 'print("mine")' } });
    expect(localStorage.getItem('codestead.learn.draft.py-greet.python')).toBe('print("mine")');
    document.body.innerHTML = '';
    renderAt('/learn/py-greet', routes);
    expect(await screen.findByLabelText(/Code editor/)).toHaveValue('print("mine")');
  });

  it('opens the draft kept on the server in a browser that has none, and deletes it on reset', async () => {
    localStorage.clear();
    let deleted = 0;
    api(exercise, {
      'GET /drafts/exercise%3Apy-greet.python': () =>
        json({ key: 'exercise:py-greet.python', language: 'python', code: 'print("from school")', updatedAt: '2026-12-03T07:00:00Z' }),
      'DELETE /drafts/exercise%3Apy-greet.python': () => {
        deleted += 1;
        return new Response(null, { status: 204 });
      },
    });
    renderAt('/learn/py-greet', routes);
    const editor = await screen.findByLabelText(/Code editor/);
    await waitFor(() => expect(editor).toHaveValue('print("from school")'));
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    await userEvent.click(screen.getByRole('button', { name: /Reset/ }));
    expect(editor).not.toHaveValue('print("from school")');
    await waitFor(() => expect(deleted).toBe(1));
  });

  it('reveals hints one at a time', async () => {
    api(exercise);
    renderAt('/learn/py-greet', routes);
    await userEvent.click(await screen.findByRole('button', { name: 'Show a hint (1 of 2)' }));
    expect(screen.getAllByTestId('hint')).toHaveLength(1);
    await userEvent.click(screen.getByRole('button', { name: 'Show another hint (2 of 2)' }));
    expect(screen.getAllByTestId('hint').map((h) => h.textContent)).toEqual(['input() gives you the line.', 'Use .strip().']);
    expect(screen.getByText('That was the last hint.')).toBeInTheDocument();
  });

  it('shows a runtime error and underlines its line until the code changes', async () => {
    api(exercise, {
      'POST /exercises/py-greet/submissions': () =>
        json({
          ...failing,
          tests: failing.tests.map((t) => ({ ...t, passed: false, message: 'Your program crashed.' })),
          execution: {
            ...failing.execution,
            status: 'runtime_error',
            stderr:
              'Traceback (most recent call last):\n  File "/box/main.py", line 2, in <module>\n    print(nme)\nNameError: name \'nme\' is not defined\n',
          },
        }),
    });
    renderAt('/learn/py-greet', routes);
    const editor = await screen.findByLabelText(/Code editor/);
    fireEvent.change(editor, { target: { value: 'name = input()\nprint(nme)\n' } });
    await userEvent.click(screen.getByRole('button', { name: /^Check/ }));
    expect(await screen.findByTestId('stderr')).toHaveTextContent("NameError: name 'nme' is not defined");
    expect(editor.dataset.markers).toMatch(/^2: .*nme/);
    fireEvent.change(editor, { target: { value: 'name = input()\nprint(name)\n' } });
    expect(editor.dataset.markers).toBe('');
  });

  it('lists earlier attempts and puts one back in the editor', async () => {
    vi.stubGlobal('confirm', () => true);
    api(exercise, {
      'GET /exercises/py-greet/submissions': () =>
        json([{ id: 'a1', passed: false, code: 'print("old try")', createdAt: '2026-11-26T09:00:00Z', tests: failing.tests }]),
    });
    renderAt('/learn/py-greet', routes);
    const attempts = await screen.findByTestId('attempts');
    expect(attempts).toHaveTextContent('Your attempts (1)');
    expect(attempts).toHaveTextContent('Failed1 of 2 tests');
    await userEvent.click(within(attempts).getByText('Your attempts (1)'));
    await userEvent.click(within(attempts).getByRole('button', { name: /^Put the code of the attempt/ }));
    expect(screen.getByLabelText(/Code editor/)).toHaveValue('print("old try")');
    expect(localStorage.getItem('codestead.learn.draft.py-greet.python')).toBe('print("old try")');
  });

  it('shows a rate limit with its wait instead of results', async () => {
    api(exercise, {
      'POST /exercises/py-greet/submissions': () =>
        new Response(JSON.stringify({ title: 'Too Many Requests', status: 429, detail: 'Too many checks.' }), {
          status: 429,
          headers: { 'content-type': 'application/problem+json', 'retry-after': '12' },
        }),
    });
    renderAt('/learn/py-greet', routes);
    await userEvent.click(await screen.findByRole('button', { name: /^Check/ }));
    expect(await screen.findByTestId('check-error')).toHaveTextContent(/^Too many checks\. You can check again in 12 s\.$/);
    expect(screen.queryByTestId('test-result')).toBeNull();
  });
});

describe('the track page', () => {
  it('shows done items, and for a locked one which prerequisite is missing', async () => {
    api(exercise, { 'GET /content/py-greet': () => json({ ...exercise, prerequisites: ['py-hello', 'py-vars'] }) });
    renderAt('/learn/tracks/python', routes);
    const reason = await screen.findByTestId('locked-reason');
    expect(reason).toHaveTextContent('Locked: finish Variables first.');
    expect(within(reason).getByRole('link', { name: 'Variables' })).toHaveAttribute('href', '/learn/py-vars');
    const done = screen.getAllByTestId('track-item').find((r) => r.dataset.slug === 'py-hello')!;
    expect(done).toHaveTextContent('Done');
    expect(screen.getByRole('progressbar', { name: 'Python progress' })).toHaveAttribute('aria-valuenow', '1');
  });
});

describe('offline', () => {
  const unreachable = () => {
    throw new TypeError('Failed to fetch');
  };
  const goOffline = () => vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
  afterEach(() => vi.restoreAllMocks());

  it('says a lesson never opened here is not available offline, with the way back to the tracks', async () => {
    goOffline();
    api(lesson, { [`GET /content/${lesson.slug}`]: unreachable, 'GET /me': unreachable });
    renderAt('/learn/py-hello', routes);
    expect(await screen.findByRole('heading', { name: 'This lesson is not available offline' })).toBeInTheDocument();
    expect(screen.getByTestId('not-available-offline')).toHaveTextContent('Connect to the network to read it.');
    expect(screen.getByRole('link', { name: 'All tracks' })).toHaveAttribute('href', '/learn');
  });

  it('reads a saved lesson after a reload offline, with no "Log in" it could not keep', async () => {
    goOffline();
    // After a reload offline nothing knows who is signed in: only the saved lesson answers.
    api(lesson, { 'GET /me': unreachable, 'GET /progress': unreachable, 'GET /tracks/python': unreachable });
    renderAt('/learn/py-hello', routes);
    expect(await screen.findByText('top to bottom')).toBeInTheDocument();
    expect(screen.getByText('Saving your progress needs the network.')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Log in' })).toBeNull();
  });

  it('keeps Mark complete, bookmarks and Check from failing mysteriously: disabled, and saying why', async () => {
    goOffline();
    api(lesson);
    renderAt('/learn/py-hello', routes);
    expect(await screen.findByRole('button', { name: 'Mark complete' })).toBeDisabled();
    expect(screen.getByText('Marking a lesson complete needs the network.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Bookmark' })).toBeDisabled();

    cleanup();
    api(exercise);
    renderAt('/learn/py-greet', routes);
    await screen.findByLabelText(/Code editor for Greet the user/);
    expect(screen.getByRole('button', { name: /^Check/ })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Run' })).toBeDisabled();
    expect(screen.getByText('Checking or running your code needs the network.')).toBeInTheDocument();
  });

  it('enables them again when the network is back', async () => {
    const onLine = goOffline();
    api(lesson);
    renderAt('/learn/py-hello', routes);
    expect(await screen.findByRole('button', { name: 'Mark complete' })).toBeDisabled();
    onLine.mockReturnValue(true);
    act(() => void window.dispatchEvent(new Event('online')));
    expect(screen.getByRole('button', { name: 'Mark complete' })).toBeEnabled();
    expect(screen.queryByTestId('needs-network')).toBeNull();
  });
});

describe('rating an item', () => {
  it('rates a lesson 1–5, shows the new average and count, and withdraws the rating', async () => {
    const rated = { ...lesson, averageRating: 4.5, ratingCount: 2 };
    const calls = api(rated, {
      [`PUT /content/${lesson.slug}/rating`]: ({ body }) =>
        json({ contentId: lesson.id, myRating: (JSON.parse(String(body)) as { rating: number }).rating, averageRating: 4, ratingCount: 3 }),
      [`DELETE /content/${lesson.slug}/rating`]: () => json({ contentId: lesson.id, myRating: null, averageRating: 4.5, ratingCount: 2 }),
    });
    const user = userEvent.setup();
    renderAt('/learn/py-hello', routes);
    const box = await screen.findByRole('region', { name: 'Rate this lesson' });
    expect(within(box).getByTestId('rating-summary')).toHaveTextContent('4.5 from 2 ratings');
    const stars = within(box).getByRole('group', { name: 'Rate this lesson' });
    expect(within(stars).getAllByRole('button')).toHaveLength(5);
    await user.click(within(stars).getByRole('button', { name: '3 of 5' }));
    await waitFor(() => expect(within(box).getByTestId('rating-summary')).toHaveTextContent('4.0 from 3 ratings'));
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({ rating: 3 });
    expect(within(stars).getByRole('button', { name: '3 of 5' })).toHaveAttribute('aria-pressed', 'true');
    expect(within(stars).getByRole('button', { name: '4 of 5' })).toHaveAttribute('aria-pressed', 'false');
    expect(within(box).getByTestId('my-rating')).toHaveTextContent('Your rating: 3 of 5');

    await user.click(within(box).getByRole('button', { name: 'Remove my rating' }));
    await waitFor(() => expect(within(box).getByTestId('my-rating')).toHaveTextContent('You have not rated it yet'));
    expect(within(box).getByTestId('rating-summary')).toHaveTextContent('4.5 from 2 ratings');
  });

  it('shows the average to a visitor and asks them to log in to rate', async () => {
    const calls = api({ ...exercise, averageRating: 5, ratingCount: 1 }, {}, false);
    renderAt('/learn/py-greet', routes);
    const box = await screen.findByRole('region', { name: 'Rate this exercise' });
    expect(within(box).getByTestId('rating-summary')).toHaveTextContent('5.0 from 1 rating');
    expect(within(box).queryByRole('button')).not.toBeInTheDocument();
    expect(box).toHaveTextContent('Log in to rate it.');
    expect(calls.some((c) => c.path.endsWith('/rating'))).toBe(false);
  });

  it('says when nobody rated it yet', async () => {
    api(lesson);
    renderAt('/learn/py-hello', routes);
    const box = await screen.findByRole('region', { name: 'Rate this lesson' });
    expect(within(box).getByTestId('rating-summary')).toHaveTextContent('No ratings yet');
    expect(within(box).getByTestId('my-rating')).toHaveTextContent('You have not rated it yet');
  });
});
