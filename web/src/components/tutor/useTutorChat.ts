//! One conversation with the tutor as the panel shows it: the messages so far, the answer being
//! streamed, and the last error (a spent quota reads differently from a broken stream).

import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '@/lib/api/forms';
import { isApiError } from '@/lib/api/problem';
import type { TutorContext, TutorMessage, User } from '@/lib/api/types';
import { meKey } from '@/lib/auth';
import { streamTutorMessage, tutorKeys } from './api';

export interface ChatMessage {
  key: string;
  role: 'user' | 'assistant';
  content: string;
  /** Known once the answer is complete (needed to rate it). */
  messageId?: string;
  provider?: string | null;
  rating?: number | null;
  streaming?: boolean;
  /** The learner stopped the answer: what arrived stays, but the server kept none of it. */
  stopped?: boolean;
}

export interface ChatError {
  message: string;
  quota: boolean;
}

export interface TutorChat {
  messages: ChatMessage[];
  conversationId: string | null;
  streaming: boolean;
  error: ChatError | null;
  ask(query: string, context?: TutorContext): void;
  /** Stops the answer being streamed (closing the request makes the server stop generating). */
  stop(): void;
  /** Starts over (no argument) or continues a stored conversation. */
  reset(seed?: { conversationId: string; messages: TutorMessage[] }): void;
  setRating(messageId: string, rating: number): void;
}

let keySeq = 0;
const nextKey = () => `m${++keySeq}`;

function quotaMessage(detail: string, retryAfter: number | undefined): string {
  const wait =
    retryAfter == null
      ? ''
      : retryAfter >= 3600
        ? ` You can ask again in about ${Math.ceil(retryAfter / 3600)} h.`
        : ` You can ask again in ${Math.max(1, Math.ceil(retryAfter / 60))} min.`;
  // The server's sentence already says what ran out ("You have used today's 50 tutor questions…").
  const what = detail.trim() || 'You have used all your tutor questions for today.';
  return `${/[.!]$/.test(what) ? what : `${what}.`}${wait}`;
}

export function useTutorChat(): TutorChat {
  const qc = useQueryClient();
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [conversationId, setConversationId] = useState<string | null>(null);
  const [streaming, setStreaming] = useState(false);
  const [error, setError] = useState<ChatError | null>(null);
  const abort = useRef<AbortController | null>(null);
  const convRef = useRef<string | null>(null);

  useEffect(() => () => abort.current?.abort(), []);

  const ask = useCallback(
    (query: string, context?: TutorContext) => {
      if (abort.current) return; // one answer at a time
      const controller = new AbortController();
      abort.current = controller;
      const answerKey = nextKey();
      setError(null);
      setStreaming(true);
      setMessages((m) => [
        ...m,
        { key: nextKey(), role: 'user', content: query },
        { key: answerKey, role: 'assistant', content: '', streaming: true },
      ]);
      const patch = (f: (m: ChatMessage) => ChatMessage) => setMessages((list) => list.map((m) => (m.key === answerKey ? f(m) : m)));
      // The learner's level from the profile shapes how the tutor explains, unless the caller set one.
      const skillLevel = context?.skillLevel ?? qc.getQueryData<User | null>(meKey)?.skillLevel ?? null;
      const withLevel = context && skillLevel ? { ...context, skillLevel } : context;
      streamTutorMessage(
        { query, conversationId: convRef.current, context: withLevel },
        (text) => patch((m) => ({ ...m, content: m.content + text })),
        controller.signal,
      )
        .then((done) => {
          convRef.current = done.conversationId;
          setConversationId(done.conversationId);
          patch((m) => ({ ...m, streaming: false, messageId: done.messageId, provider: done.provider }));
          void qc.invalidateQueries({ queryKey: tutorKeys.all });
        })
        .catch((e: unknown) => {
          if (e instanceof DOMException && e.name === 'AbortError') {
            // Stopped: keep the partial answer (a reset has already replaced the list, so this is a no-op then).
            setMessages((list) =>
              list.flatMap((m) => (m.key !== answerKey ? [m] : m.content ? [{ ...m, streaming: false, stopped: true }] : [])),
            );
            return;
          }
          const quota = isApiError(e) && (e.code === 'quota_exceeded' || e.status === 429);
          setError({ quota, message: quota && isApiError(e) ? quotaMessage(e.message, e.retryAfter) : errorMessage(e) });
          // Keep what arrived before a broken stream; drop an answer that never started.
          setMessages((list) => list.flatMap((m) => (m.key !== answerKey ? [m] : m.content ? [{ ...m, streaming: false }] : [])));
        })
        .finally(() => {
          if (abort.current === controller) abort.current = null;
          setStreaming(false);
        });
    },
    [qc],
  );

  const reset = useCallback((seed?: { conversationId: string; messages: TutorMessage[] }) => {
    abort.current?.abort();
    abort.current = null;
    setStreaming(false);
    setError(null);
    convRef.current = seed?.conversationId ?? null;
    setConversationId(seed?.conversationId ?? null);
    setMessages(
      (seed?.messages ?? []).map((m) => ({
        key: nextKey(),
        role: m.role === 'user' ? 'user' : 'assistant',
        content: m.content,
        messageId: m.id,
        provider: m.provider,
        rating: m.rating,
      })),
    );
  }, []);

  const stop = useCallback(() => abort.current?.abort(), []);

  const setRating = useCallback((messageId: string, rating: number) => {
    setMessages((list) => list.map((m) => (m.messageId === messageId ? { ...m, rating } : m)));
  }, []);

  return { messages, conversationId, streaming, error, ask, stop, reset, setRating };
}
