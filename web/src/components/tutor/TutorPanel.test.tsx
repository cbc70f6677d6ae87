import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { __resetClientForTests } from '@/lib/api/client';
import { GetHelpButton, HELP_QUERY, TutorPanel } from './TutorPanel';
import { useTutorChat } from './useTutorChat';

const context = { code: 'a = 1\nb = 2\nprint(c)\n', language: 'python', errorMessage: "NameError: name 'c' is not defined" };

/** A streamed response whose chunks the test releases one by one. */
function controlledStream() {
  let ctrl!: ReactiveStreamController;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (ctrl = c) });
  const enc = new TextEncoder();
  return {
    response: new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
    /** Like a real fetch: aborting the request's signal errors the body being read. */
    abortWith: (signal: AbortSignal | null | undefined) =>
      signal?.addEventListener('abort', () => ctrl.error(new DOMException('The user aborted a request.', 'AbortError'))),
    send: (text: string) => ctrl.enqueue(enc.encode(text)),
    close: () => ctrl.close(),
  };
}

type ReactiveStreamController = ReadableStreamDefaultController<Uint8Array>;

let responses: Array<(init: RequestInit) => Response>;
let calls: Array<{ url: string; init: RequestInit }>;

beforeEach(() => {
  calls = [];
  responses = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      const next = responses.shift();
      if (!next) throw new Error(`unexpected ${url}`);
      return next(init);
    }),
  );
});

afterEach(() => {
  vi.unstubAllGlobals();
  __resetClientForTests();
});

function Harness() {
  const chat = useTutorChat();
  return (
    <>
      <GetHelpButton onClick={() => chat.ask(HELP_QUERY, context)} />
      <TutorPanel chat={chat} open onClose={() => {}} context={() => context} />
    </>
  );
}

function renderPanel() {
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <MemoryRouter>
        <Harness />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

const delta = (text: string) => `event: delta\ndata: ${JSON.stringify({ text })}\n\n`;
const done = (messageId = 'm1') =>
  `event: done\ndata: ${JSON.stringify({ conversationId: 'c1', messageId, tokensUsed: 0, provider: 'offline', cached: false })}\n\n`;

describe('TutorPanel', () => {
  it('starts empty with an invitation to ask', () => {
    renderPanel();
    expect(screen.getByRole('heading', { name: 'AI tutor' })).toBeInTheDocument();
    expect(screen.getByText(/Ask about your code/)).toBeInTheDocument();
    expect(screen.queryByTestId('tutor-answer')).not.toBeInTheDocument();
  });

  it('sends the help question with its context and renders the answer while it streams', async () => {
    const s = controlledStream();
    responses.push(() => s.response);
    renderPanel();
    await userEvent.click(screen.getByRole('button', { name: 'Get AI help' }));
    const body = JSON.parse(String(calls[0]!.init.body));
    expect(body).toEqual({ query: HELP_QUERY, conversationId: null, context });
    expect((calls[0]!.init.headers as Record<string, string>).Accept).toBe('text/event-stream');
    await act(async () => s.send(delta('**NameError** on li')));
    await screen.findByText(/on li/);
    expect(screen.getByTestId('tutor-answer')).toHaveAttribute('data-streaming', 'true');
    expect(screen.getByRole('button', { name: /Send/ })).toBeDisabled();
    expect(screen.queryByTestId('tutor-rating')).not.toBeInTheDocument();
    await act(async () => {
      s.send(delta('ne 3.\n\n```python\nprint(c)\n```\n'));
      s.send(done());
      s.close();
    });
    await waitFor(() => expect(screen.getByTestId('tutor-answer')).toHaveAttribute('data-streaming', 'false'));
    expect(screen.getByText('NameError').tagName).toBe('STRONG');
    expect(screen.getByText(/on line 3/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Copy' })).toBeInTheDocument();
    expect(screen.getByTestId('tutor-provider')).toHaveTextContent('Offline tutor');
    expect(screen.getByTestId('tutor-rating')).toBeInTheDocument();
  });

  it('sanitises the answer: no raw HTML or script reaches the page', async () => {
    const s = controlledStream();
    responses.push(() => s.response);
    renderPanel();
    await userEvent.click(screen.getByRole('button', { name: 'Get AI help' }));
    await act(async () => {
      s.send(delta('Hi <img src=x onerror="alert(1)"> [x](javascript:alert(1))'));
      s.send(done());
      s.close();
    });
    await waitFor(() => expect(screen.getByTestId('tutor-answer')).toHaveAttribute('data-streaming', 'false'));
    const answer = screen.getByTestId('tutor-answer');
    expect(answer.querySelector('img')).toBeNull();
    expect(answer.innerHTML).not.toContain('javascript:');
  });

  it('continues the same conversation with a follow-up and records a rating', async () => {
    const first = controlledStream();
    responses.push(() => first.response);
    renderPanel();
    await userEvent.click(screen.getByRole('button', { name: 'Get AI help' }));
    await act(async () => {
      first.send(delta('First answer.') + done('m1'));
      first.close();
    });
    await screen.findByTestId('tutor-rating');
    responses.push(() => new Response(null, { status: 204 }));
    await userEvent.click(screen.getByRole('button', { name: 'Rate this answer 4 of 5' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Rate this answer 4 of 5' })).toHaveAttribute('aria-pressed', 'true'));
    expect(calls[1]!.url).toBe('/api/v1/tutor/messages/m1/rating');
    expect(JSON.parse(String(calls[1]!.init.body))).toEqual({ rating: 4 });

    const second = controlledStream();
    responses.push(() => second.response);
    await userEvent.type(screen.getByLabelText('Your question'), 'What about line 2?{Enter}');
    expect(JSON.parse(String(calls[2]!.init.body))).toMatchObject({ query: 'What about line 2?', conversationId: 'c1', context });
    await act(async () => {
      second.send(delta('Second answer.') + done('m2'));
      second.close();
    });
    await screen.findByText('Second answer.');
    expect(screen.getAllByTestId('tutor-answer')).toHaveLength(2);
  });

  it('shows a spent quota clearly, with the wait, and drops the empty answer', async () => {
    responses.push(
      () =>
        new Response(
          JSON.stringify({
            title: 'Too Many Requests',
            status: 429,
            code: 'quota_exceeded',
            detail: "You have used today's 50 tutor questions.",
          }),
          {
            status: 429,
            headers: { 'content-type': 'application/problem+json', 'retry-after': '7200' },
          },
        ),
    );
    renderPanel();
    await userEvent.click(screen.getByRole('button', { name: 'Get AI help' }));
    const alert = await screen.findByTestId('tutor-quota');
    expect(alert).toHaveTextContent("You have used today's 50 tutor questions.");
    expect(alert).toHaveTextContent('about 2 h');
    expect(screen.queryByTestId('tutor-answer')).not.toBeInTheDocument();
  });

  it('keeps the partial answer and reports a stream that ends in an error event', async () => {
    const s = controlledStream();
    responses.push(() => s.response);
    renderPanel();
    await userEvent.click(screen.getByRole('button', { name: 'Get AI help' }));
    await act(async () => {
      s.send(delta('Half an answer') + 'event: error\ndata: {"code":"provider_error","detail":"the provider hung up"}\n\n');
      s.close();
    });
    expect(await screen.findByTestId('tutor-error')).toHaveTextContent('the provider hung up');
    expect(screen.getByText('Half an answer')).toBeInTheDocument();
    expect(screen.queryByTestId('tutor-rating')).not.toBeInTheDocument();
  });

  it('highlights code in the answer and copies exactly the code', async () => {
    const writeText = vi.fn(async (text: string) => void text);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const s = controlledStream();
    responses.push(() => s.response);
    renderPanel();
    await userEvent.click(screen.getByRole('button', { name: 'Get AI help' }));
    await act(async () => {
      s.send(delta('Try:\n\n```python\ndef f():\n    return "x"  # done\n```\n\n```\nplain <b>text</b>\n```\n'));
      s.send(done());
      s.close();
    });
    await waitFor(() => expect(screen.getByTestId('tutor-answer')).toHaveAttribute('data-streaming', 'false'));
    const answer = screen.getByTestId('tutor-answer');
    const [py, plain] = [...answer.querySelectorAll('pre > code')];
    expect(py).toHaveClass('hljs', 'language-python');
    expect(py!.querySelector('.hljs-keyword')).toHaveTextContent('def');
    expect(py!.querySelector('.hljs-string')).toHaveTextContent('"x"');
    expect(py!.querySelector('.hljs-comment')).toHaveTextContent('# done');
    // No language, no guessing: the block stays plain text, and its markup stays text too.
    expect(plain).not.toHaveClass('hljs');
    expect(plain!.querySelector('span, b')).toBeNull();
    expect(plain).toHaveTextContent('plain <b>text</b>');

    const copies = screen.getAllByRole('button', { name: 'Copy' });
    expect(copies).toHaveLength(2);
    await userEvent.click(copies[0]!);
    expect(writeText).toHaveBeenCalledWith('def f():\n    return "x"  # done');
    expect(await within(answer).findByRole('button', { name: 'Copied' })).toBeInTheDocument();
    await userEvent.click(copies[1]!);
    expect(writeText).toHaveBeenLastCalledWith('plain <b>text</b>');
  });

  it('stops a streaming answer: the request is aborted, the partial answer stays and the panel is idle again', async () => {
    const s = controlledStream();
    responses.push((init) => {
      s.abortWith(init.signal);
      return s.response;
    });
    renderPanel();
    expect(screen.queryByRole('button', { name: 'Stop' })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Get AI help' }));
    await act(async () => s.send(delta('The first half of an')));
    await screen.findByText('The first half of an');
    const signal = calls[0]!.init.signal!;
    expect(signal.aborted).toBe(false);

    await userEvent.click(screen.getByRole('button', { name: 'Stop' }));
    expect(signal.aborted).toBe(true);
    await waitFor(() => expect(screen.getByTestId('tutor-answer')).toHaveAttribute('data-streaming', 'false'));
    expect(screen.getByText('The first half of an')).toBeInTheDocument();
    expect(screen.getByTestId('tutor-stopped')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Stop' })).not.toBeInTheDocument();
    expect(screen.queryByTestId('tutor-error')).not.toBeInTheDocument();
    expect(screen.queryByTestId('tutor-rating')).not.toBeInTheDocument();
    expect(screen.getByLabelText('Your question')).toHaveFocus();

    // Idle: a new question goes out at once.
    const next = controlledStream();
    responses.push(() => next.response);
    await userEvent.type(screen.getByLabelText('Your question'), 'Go on{Enter}');
    expect(calls).toHaveLength(2);
    expect(JSON.parse(String(calls[1]!.init.body))).toMatchObject({ query: 'Go on' });
    await act(async () => {
      next.send(delta('Whole answer.') + done('m2'));
      next.close();
    });
    await screen.findByText('Whole answer.');
    expect(screen.getAllByTestId('tutor-answer')).toHaveLength(2);
  });

  it('drops an answer stopped before any text arrived', async () => {
    const s = controlledStream();
    responses.push((init) => {
      s.abortWith(init.signal);
      return s.response;
    });
    renderPanel();
    await userEvent.click(screen.getByRole('button', { name: 'Get AI help' }));
    await screen.findByText('Thinking…');
    await userEvent.click(screen.getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(screen.queryByTestId('tutor-answer')).not.toBeInTheDocument());
    expect(screen.getByTestId('tutor-question')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Send' })).toBeInTheDocument();
  });
});
