import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { __resetClientForTests } from '@/lib/api/client';
import { handToPlayground, PLAYGROUND_WITH_HANDOFF } from '@/lib/playgroundHandoff';
import { LOOP_CODE, LOOP_TRACE } from '@/components/trace/__fixtures__/traces';
import { fakeInteractiveServer } from '@/test/fakeInteractive';
import { PlaygroundPage } from './PlaygroundPage';

// Monaco does not run in jsdom; a textarea stands in with the same props contract.
vi.mock('./CodeEditor', () => ({
  default: ({
    value,
    onChange,
    readOnly,
    highlightLine,
  }: {
    value: string;
    onChange(v: string): void;
    readOnly?: boolean;
    highlightLine?: number | null;
  }) => (
    <textarea
      aria-label="Code"
      value={value}
      readOnly={readOnly}
      data-highlight={highlightLine ?? ''}
      onChange={(e) => onChange(e.target.value)}
    />
  ),
}));

const languages = [
  { id: 'python', name: 'Python', version: '3.11', available: true },
  { id: 'cpp', name: 'C++', version: 'g++ 12', available: true },
  { id: 'java', name: 'Java', version: '17', available: false },
  { id: 'javascript', name: 'JavaScript', version: 'Node 20', available: true },
];

const ok = (body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json', ...headers } });

let executions: Array<() => Response | Promise<Response>>;
let posted: unknown[];
let tutorPosts: unknown[];
let serverDrafts: Record<string, string>;
let draftPuts: Array<{ key: string; language: string; code: string }>;

beforeEach(() => {
  posted = [];
  tutorPosts = [];
  executions = [];
  serverDrafts = {};
  draftPuts = [];
  localStorage.clear();
  // Runs go over the interactive WebSocket; the fake answers each as `POST /executions` would.
  vi.stubGlobal(
    'WebSocket',
    fakeInteractiveServer((start) => {
      posted.push(start);
      return executions.shift()!();
    }),
  );
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      if (url.endsWith('/languages')) return ok(languages);
      if (url.includes('/drafts/')) {
        const key = decodeURIComponent(url.slice(url.indexOf('/drafts/') + 8));
        if (init?.method === 'PUT') {
          const body = JSON.parse(String(init.body));
          draftPuts.push({ key, ...body });
          return ok({ key, ...body, updatedAt: '2026-12-03T07:00:00Z' });
        }
        const d = serverDrafts[key];
        return d
          ? ok({ key, language: key.split(':')[1], code: d, updatedAt: '2026-12-03T07:00:00Z' })
          : new Response(JSON.stringify({ status: 404, title: 'Not Found' }), {
              status: 404,
              headers: { 'content-type': 'application/problem+json' },
            });
      }
      if (url.endsWith('/executions')) {
        posted.push(JSON.parse(String(init!.body)));
        return executions.shift()!();
      }
      if (url.endsWith('/tutor/messages')) {
        tutorPosts.push(JSON.parse(String(init!.body)));
        const done = { conversationId: 'c1', messageId: 'm1', tokensUsed: 0, provider: 'offline', cached: false };
        return new Response(`event: delta\ndata: {"text":"NameError on line 3."}\n\nevent: done\ndata: ${JSON.stringify(done)}\n\n`, {
          status: 200,
          headers: { 'content-type': 'text/event-stream' },
        });
      }
      throw new Error(`unexpected ${url}`);
    }),
  );
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
  __resetClientForTests();
});

function renderPage(path = '/playground') {
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <MemoryRouter initialEntries={[path]}>
        <PlaygroundPage />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

describe('the playground', () => {
  it('runs the code with stdin on Ctrl+Enter and shows the output', async () => {
    executions.push(() =>
      ok({
        id: 'e1',
        status: 'ok',
        stdout: 'Hello, Ada!\n',
        stderr: '',
        exitCode: 0,
        executionTimeMs: 31,
        cpuTimeMs: 20,
        memoryBytes: 8_500_000,
        cached: false,
      }),
    );
    renderPage();
    const stdin = await screen.findByLabelText('Standard input (stdin)');
    await userEvent.type(stdin, 'Ada');
    fireEvent.keyDown(stdin, { key: 'Enter', ctrlKey: true });
    expect(await screen.findByText('Hello, Ada!')).toBeInTheDocument();
    expect(screen.getByTestId('run-status')).toHaveTextContent('Finished');
    expect(screen.getByText('31 ms')).toBeInTheDocument();
    expect(screen.getByText('8.1 MB')).toBeInTheDocument();
    // The stdin box is sent as lines, the last one ended as Enter would.
    expect(posted).toEqual([{ language: 'python', code: expect.stringContaining('sys.stdin'), stdin: 'Ada\n' }]);
  });

  it('lists a compile error with its line', async () => {
    executions.push(() =>
      ok({
        id: 'e2',
        status: 'compile_error',
        stdout: '',
        stderr: '',
        compileOutput: "main.cpp: In function 'int main()':\nmain.cpp:5:32: error: expected ';' before 'return'\n",
        exitCode: 1,
        executionTimeMs: 300,
      }),
    );
    renderPage();
    await userEvent.selectOptions(await screen.findByLabelText('Language'), 'cpp');
    await userEvent.click(screen.getByRole('button', { name: /^Run/ }));
    expect(await screen.findByText('Compile error')).toBeInTheDocument();
    expect(screen.getByTestId('problems')).toHaveTextContent("Line 5:32 expected ';' before 'return'");
  });

  it('offers AI help only after a failed run, and sends the code that ran with its error and its execution id', async () => {
    const stderr = 'Traceback (most recent call last):\n  File "main.py", line 3, in <module>\nNameError: name \'c\' is not defined\n';
    executions.push(() => ok({ id: 'e3', status: 'ok', stdout: 'fine\n', stderr: '', exitCode: 0, executionTimeMs: 5 }));
    executions.push(() => ok({ id: 'e4', status: 'runtime_error', stdout: '', stderr, exitCode: 1, executionTimeMs: 5 }));
    renderPage();
    await userEvent.click(await screen.findByRole('button', { name: /^Run/ }));
    await screen.findByText('fine');
    expect(screen.queryByRole('button', { name: 'Get AI help' })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /^Run/ }));
    await userEvent.click(await screen.findByRole('button', { name: 'Get AI help' }));
    expect(await screen.findByText('NameError on line 3.')).toBeInTheDocument();
    expect(tutorPosts).toEqual([
      {
        query: "Why doesn't my code work?",
        conversationId: null,
        context: {
          language: 'python',
          code: (posted[1] as { code: string }).code,
          errorMessage: stderr,
          executionId: 'e4',
          actualOutput: '',
        },
      },
    ]);
    expect(screen.getByRole('complementary', { name: 'AI tutor' })).toBeInTheDocument();
  });

  it('shows a rate limit with its wait and blocks Run until it is over', async () => {
    executions.push(
      () =>
        new Response(JSON.stringify({ title: 'Too Many Requests', status: 429, code: 'rate_limited', detail: 'Too many runs.' }), {
          status: 429,
          headers: { 'content-type': 'application/problem+json', 'retry-after': '2' },
        }),
    );
    // The clock is fake so the test can jump over the wait instead of sleeping through it.
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setInterval', 'clearInterval', 'Date'] });
    renderPage();
    await userEvent.click(await screen.findByRole('button', { name: /^Run/ }));
    // The server's reason once, then the wait: no "too often (… very often …)" echo.
    expect(await screen.findByTestId('run-error')).toHaveTextContent(/^Too many runs\. You can run again in 2 s\.$/);
    const run = screen.getByRole('button', { name: /Run \(wait/ });
    expect(run).toBeDisabled();
    act(() => vi.advanceTimersByTime(1000));
    expect(screen.getByRole('button', { name: /Run \(wait 1 s\)/ })).toBeDisabled();
    act(() => vi.advanceTimersByTime(1100));
    expect(screen.getByRole('button', { name: /^Run/ })).toBeEnabled();
  });

  it('counts the seconds of a long run, then says what a time limit usually means', async () => {
    let finish!: (r: Response) => void;
    executions.push(() => new Promise<Response>((resolve) => (finish = resolve)));
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setInterval', 'clearInterval', 'Date'] });
    renderPage();
    await userEvent.click(await screen.findByRole('button', { name: /^Run/ }));
    expect(await screen.findByTestId('run-timer')).toHaveTextContent('Running… 0 s');
    act(() => vi.advanceTimersByTime(3100));
    expect(screen.getByTestId('run-timer')).toHaveTextContent('Running… 3 s');
    await act(async () =>
      finish(ok({ id: 'e2', status: 'timeout', stdout: '', stderr: '', exitCode: null, executionTimeMs: 5000, cached: false })),
    );
    expect(await screen.findByTestId('limit-note')).toHaveTextContent(/loop whose condition never becomes false/);
    expect(screen.queryByTestId('run-timer')).toBeNull();
  });

  it('adds no limit note to a run that finished', async () => {
    executions.push(() => ok({ id: 'e3', status: 'ok', stdout: 'hi\n', stderr: '', exitCode: 0, executionTimeMs: 9, cached: false }));
    renderPage();
    await userEvent.click(await screen.findByRole('button', { name: /^Run/ }));
    expect(await screen.findByTestId('output-stdout')).toHaveTextContent('hi');
    expect(screen.queryByTestId('limit-note')).toBeNull();
  });

  it('opens the draft kept on the server, written in another browser', async () => {
    serverDrafts['playground:python'] = 'print("from my other computer")';
    renderPage();
    const editor = (await screen.findByLabelText('Code')) as HTMLTextAreaElement;
    await vi.waitFor(() => expect(editor.value).toBe('print("from my other computer")'));
    // …and keeps it in this browser's cache too.
    expect(localStorage.getItem('codestead.playground.draft.python')).toContain('from my other computer');
  });

  it('sends an edit to the server once the learner pauses, one request for a burst of typing', async () => {
    renderPage();
    const editor = await screen.findByLabelText('Code');
    fireEvent.change(editor, { target: { value: 'print(1)' } });
    fireEvent.change(editor, { target: { value: 'print(12)' } });
    await vi.waitFor(() => expect(draftPuts).toHaveLength(1), { timeout: 3000 });
    expect(draftPuts[0]).toEqual({ key: 'playground:python', language: 'python', code: 'print(12)' });
  });

  it('does not replace what the learner typed with a server draft that arrives late', async () => {
    let answer!: (r: Response) => void;
    const late = new Promise<Response>((resolve) => (answer = resolve));
    const plain = vi.mocked(fetch).getMockImplementation()!;
    vi.mocked(fetch).mockImplementation(async (url, init) =>
      String(url).includes('/drafts/') && !init?.method ? late : plain(url as string, init),
    );
    renderPage();
    const editor = (await screen.findByLabelText('Code')) as HTMLTextAreaElement;
    fireEvent.change(editor, { target: { value: 'typed here' } });
    await act(async () => answer(ok({ key: 'playground:python', language: 'python', code: 'old', updatedAt: '2026-12-03T07:00:00Z' })));
    expect(editor.value).toBe('typed here');
  });

  it('marks a language the server cannot run as unavailable', async () => {
    renderPage();
    const java = (await screen.findByRole('option', { name: /^Java 17/ })) as HTMLOptionElement;
    expect(java.disabled).toBe(true);
    expect(java).toHaveTextContent('(unavailable)');
  });

  it('saves a draft on Ctrl+S and restores it', async () => {
    renderPage();
    const code = await screen.findByLabelText('Code');
    fireEvent.change(code, { target: { value: 'print("mine")' } });
    fireEvent.keyDown(code, { key: 's', ctrlKey: true });
    expect(await screen.findByText(/Draft saved at/)).toBeInTheDocument();
    expect(JSON.parse(localStorage.getItem('codestead.playground.draft.python')!).code).toBe('print("mine")');
  });

  it('autosaves a changed draft every 30 seconds', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setInterval', 'clearInterval', 'Date'] });
    renderPage();
    const code = await screen.findByLabelText('Code');
    fireEvent.change(code, { target: { value: 'print("autosaved")' } });
    act(() => vi.advanceTimersByTime(29_000));
    expect(localStorage.getItem('codestead.playground.draft.python')).toBeNull();
    act(() => vi.advanceTimersByTime(1_000));
    expect(JSON.parse(localStorage.getItem('codestead.playground.draft.python')!).code).toBe('print("autosaved")');
  });

  it('opens code handed over by a lesson, once, without overwriting the draft', async () => {
    localStorage.setItem('codestead.playground.draft.cpp', JSON.stringify({ code: '// my draft', savedAt: '' }));
    handToPlayground({ language: 'cpp', code: 'int main() { return 0; }' });
    renderPage(PLAYGROUND_WITH_HANDOFF);
    expect(await screen.findByLabelText('Code')).toHaveValue('int main() { return 0; }');
    expect(screen.getByLabelText('Language')).toHaveValue('cpp');
    expect(screen.getByTestId('draft-status')).toHaveTextContent('Example from a lesson');
    expect(sessionStorage.getItem('codestead.playground.handoff')).toBeNull();
    expect(JSON.parse(localStorage.getItem('codestead.playground.draft.cpp')!).code).toBe('// my draft');
  });

  it('ignores a stale handover when the address does not ask for it', async () => {
    handToPlayground({ language: 'cpp', code: 'int main() { return 0; }' });
    renderPage();
    expect(((await screen.findByLabelText('Code')) as HTMLTextAreaElement).value).toContain('sys.stdin');
  });

  it('steps through the program with the stdin Run would use, read-only and highlighted until Esc', async () => {
    executions.push(() =>
      ok({
        id: 'e9',
        status: 'ok',
        stdout: '3\n',
        stderr: '',
        exitCode: 0,
        executionTimeMs: 20,
        cpuTimeMs: 10,
        memoryBytes: 1,
        cached: false,
        trace: LOOP_TRACE,
      }),
    );
    renderPage();
    const code = await screen.findByLabelText('Code');
    fireEvent.change(code, { target: { value: LOOP_CODE } });
    await userEvent.type(screen.getByLabelText('Standard input (stdin)'), '5');
    await userEvent.click(screen.getByRole('button', { name: 'Step through' }));
    expect(await screen.findByTestId('trace-counter')).toHaveTextContent('Step 1 of 10');
    expect(posted).toEqual([{ language: 'python', code: LOOP_CODE, stdin: '5', trace: true }]);
    expect(code).toHaveAttribute('readonly');
    expect(code).toHaveAttribute('data-highlight', '1');
    // The view takes the place of the input and output while it is open.
    expect(screen.queryByLabelText('Standard input (stdin)')).not.toBeInTheDocument();
    await userEvent.keyboard('{ArrowRight}{ArrowRight}');
    expect(code).toHaveAttribute('data-highlight', '3');
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByTestId('trace-view')).not.toBeInTheDocument();
    expect(code).not.toHaveAttribute('readonly');
    expect(code).toHaveAttribute('data-highlight', '');
    expect(screen.getByLabelText('Standard input (stdin)')).toHaveValue('5');
  });

  it('offers Format only for JavaScript, the language whose formatter runs in the browser', async () => {
    renderPage();
    const picker = await screen.findByLabelText('Language');
    for (const language of ['python', 'cpp']) {
      await userEvent.selectOptions(picker, language);
      expect(screen.queryByRole('button', { name: 'Format' })).not.toBeInTheDocument();
    }
    await userEvent.selectOptions(picker, 'javascript');
    expect(screen.getByRole('button', { name: 'Format' })).toBeInTheDocument();
  });

  it('says step-through is for Python and JavaScript instead of offering it for C++', async () => {
    renderPage();
    await userEvent.selectOptions(await screen.findByLabelText('Language'), 'cpp');
    expect(screen.getByText('Step-through is available for Python and JavaScript.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Step through' })).not.toBeInTheDocument();
  });
});
