//! The tutor endpoints: the streamed answer (SSE over a POST), conversations, ratings and
//! suggestions. Shared by the tutor page and the panels in the playground and exercise pages.

import { useMutation, useQuery } from '@tanstack/react-query';
import { api, requestResponse } from '@/lib/api/client';
import { ApiError, type ErrorCode } from '@/lib/api/problem';
import type { ConversationDetail, ConversationSummary, TutorRequest, TutorSuggestion } from '@/lib/api/types';
import { createSseParser } from './sse';

export const tutorKeys = {
  all: ['tutor'] as const,
  conversations: () => ['tutor', 'conversations'] as const,
  conversation: (id: string) => ['tutor', 'conversations', id] as const,
  suggestions: () => ['tutor', 'suggestions'] as const,
};

/** What the `done` event carries. */
export interface TutorDone {
  conversationId: string;
  messageId: string;
  tokensUsed: number;
  provider: string;
  cached: boolean;
}

/**
 * Asks the tutor and streams the answer: `onDelta` gets each piece of text as it arrives.
 * Resolves with the `done` event; throws `ApiError` for a refused request (429 quota_exceeded…)
 * or an `error` event, and the fetch's `AbortError` when `signal` aborts.
 */
export async function streamTutorMessage(req: TutorRequest, onDelta: (text: string) => void, signal?: AbortSignal): Promise<TutorDone> {
  const res = await requestResponse('POST', '/tutor/messages', {
    body: req,
    signal,
    headers: { Accept: 'text/event-stream' },
  });
  if (!res.body) throw new ApiError({ title: 'Empty answer', status: res.status, detail: 'The tutor sent no answer.' });
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = createSseParser();
  let done: TutorDone | null = null;
  const handle = (events: ReturnType<typeof parser.push>) => {
    for (const e of events) {
      const body = JSON.parse(e.data) as Record<string, unknown>;
      if (e.event === 'delta' && typeof body.text === 'string') onDelta(body.text);
      else if (e.event === 'done') done = body as unknown as TutorDone;
      else if (e.event === 'error')
        throw new ApiError({
          title: 'The tutor stopped',
          status: 502,
          code: typeof body.code === 'string' ? (body.code as ErrorCode) : undefined,
          detail: typeof body.detail === 'string' ? body.detail : 'The answer broke off.',
        });
    }
  };
  for (;;) {
    const { value, done: finished } = await reader.read();
    if (finished) break;
    handle(parser.push(value));
  }
  handle(parser.end());
  if (!done) throw new ApiError({ title: 'The tutor stopped', status: 502, detail: 'The answer broke off before it was complete.' });
  return done;
}

export const rateMessage = (messageId: string, rating: number) =>
  api.post<void>(`/tutor/messages/${encodeURIComponent(messageId)}/rating`, { rating });

export function useRateMessage() {
  return useMutation({ mutationFn: ({ messageId, rating }: { messageId: string; rating: number }) => rateMessage(messageId, rating) });
}

export function useConversations() {
  return useQuery({ queryKey: tutorKeys.conversations(), queryFn: () => api.get<ConversationSummary[]>('/tutor/conversations') });
}

export function useConversation(id: string | null) {
  return useQuery({
    queryKey: tutorKeys.conversation(id ?? ''),
    queryFn: () => api.get<ConversationDetail>(`/tutor/conversations/${encodeURIComponent(id!)}`),
    enabled: !!id,
  });
}

export function useSuggestions() {
  return useQuery({ queryKey: tutorKeys.suggestions(), queryFn: () => api.get<TutorSuggestion[]>('/tutor/suggestions') });
}
