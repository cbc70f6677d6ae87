import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { __resetClientForTests } from '@/lib/api/client';
import { TutorPage } from './TutorPage';

const conversations = [
  {
    id: 'c1',
    title: "Why doesn't my code work?",
    language: 'python',
    createdAt: '2026-11-26T09:00:00Z',
    updatedAt: '2026-11-26T09:01:00Z',
  },
];
const detail = {
  ...conversations[0],
  messages: [
    { id: 'u1', role: 'user', content: "Why doesn't my code work?", provider: null, rating: null, createdAt: '2026-11-26T09:00:00Z' },
    {
      id: 'a1',
      role: 'assistant',
      content: '**NameError** on **line 3**',
      provider: 'offline',
      rating: 4,
      createdAt: '2026-11-26T09:00:01Z',
    },
  ],
};
const suggestions = [{ text: 'What is a for loop?', reason: 'A good first question.', language: null }];
const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
let posted: unknown[];

beforeEach(() => {
  posted = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      if (url.endsWith('/tutor/conversations')) return json(conversations);
      if (url.endsWith('/tutor/conversations/c1')) return json(detail);
      if (url.endsWith('/tutor/suggestions')) return json(suggestions);
      if (url.endsWith('/tutor/messages')) {
        posted.push(JSON.parse(String(init.body)));
        const done = { conversationId: 'c2', messageId: 'm2', tokensUsed: 0, provider: 'offline', cached: false };
        return new Response(`event: delta\ndata: {"text":"A loop repeats."}\n\nevent: done\ndata: ${JSON.stringify(done)}\n\n`, {
          status: 200,
          headers: { 'content-type': 'text/event-stream' },
        });
      }
      if (url.endsWith('/me')) return new Response(null, { status: 401 });
      throw new Error(`unexpected ${url}`);
    }),
  );
});

afterEach(() => {
  vi.unstubAllGlobals();
  __resetClientForTests();
});

function Where() {
  const l = useLocation();
  return <p data-testid="where">{l.pathname + l.search}</p>;
}

function renderPage(path: string) {
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path="/tutor" element={<TutorPage />} />
        </Routes>
        <Where />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

describe('TutorPage', () => {
  it('lists past conversations and opens one with its stored answer and rating', async () => {
    renderPage('/tutor');
    await userEvent.click(await screen.findByRole('link', { name: /Why doesn't my code work\?/ }));
    expect(await screen.findByText('line 3')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Rate this answer 4 of 5' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByTestId('where')).toHaveTextContent('/tutor?c=c1');
  });

  it('starts a new conversation from a suggestion and then shows it as the open one', async () => {
    renderPage('/tutor');
    await userEvent.click(await screen.findByRole('button', { name: /What is a for loop\?/ }));
    await waitFor(() => expect(posted).toEqual([{ query: 'What is a for loop?', conversationId: null }]));
    await waitFor(() => expect(screen.getByTestId('where')).toHaveTextContent('/tutor?c=c2'));
  });
});
