//! The messages of one tutor conversation and the box for the next question.

import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/Button';
import type { TutorContext } from '@/lib/api/types';
import { Rating } from './Rating';
import { TutorMarkdown } from './TutorMarkdown';
import type { TutorChat } from './useTutorChat';

const PROVIDER_NAMES: Record<string, string> = { offline: 'Offline tutor', openai: 'OpenAI-compatible', anthropic: 'Anthropic' };

export function TutorConversation({
  chat,
  context,
  placeholder = 'Ask a follow-up question',
}: {
  chat: TutorChat;
  /** The editor's current state, read when a follow-up is sent. */
  context?: () => TutorContext | undefined;
  placeholder?: string;
}) {
  const [draft, setDraft] = useState('');
  const list = useRef<HTMLOListElement>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const last = chat.messages[chat.messages.length - 1];
  const lastLength = last?.content.length ?? 0;

  useEffect(() => {
    // Follow the answer as it streams in.
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [chat.messages.length, lastLength]);

  const send = (e: FormEvent) => {
    e.preventDefault();
    const q = draft.trim();
    if (!q || chat.streaming) return;
    chat.ask(q, context?.());
    setDraft('');
  };

  return (
    <div className="flex min-h-0 flex-1 flex-col gap-3">
      <ol
        ref={list}
        className="min-h-0 flex-1 space-y-3 overflow-y-auto"
        aria-live="polite"
        aria-busy={chat.streaming}
        data-testid="tutor-messages"
      >
        {chat.messages.map((m) => (
          <li
            key={m.key}
            data-testid={m.role === 'user' ? 'tutor-question' : 'tutor-answer'}
            data-streaming={m.streaming ? 'true' : 'false'}
            className={
              m.role === 'user'
                ? 'ml-6 rounded-lg bg-indigo-50 px-3 py-2 text-sm text-slate-900 dark:bg-slate-800 dark:text-slate-100'
                : 'rounded-lg border border-slate-200 px-3 py-2 dark:border-slate-700'
            }
          >
            {m.role === 'user' ? (
              <p className="whitespace-pre-wrap">{m.content}</p>
            ) : (
              <>
                {m.content ? (
                  <TutorMarkdown>{m.content}</TutorMarkdown>
                ) : (
                  <p className="text-sm text-slate-600 dark:text-slate-300">Thinking…</p>
                )}
                {m.stopped && (
                  <p className="mt-1 text-xs text-slate-600 italic dark:text-slate-300" data-testid="tutor-stopped">
                    Stopped. This partial answer is not saved.
                  </p>
                )}
                {!m.streaming && (m.provider || m.messageId) && (
                  <div className="mt-2 flex flex-wrap items-center gap-2">
                    {m.provider && (
                      <span
                        className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-200"
                        data-testid="tutor-provider"
                      >
                        {PROVIDER_NAMES[m.provider] ?? m.provider}
                      </span>
                    )}
                    {m.messageId && <Rating messageId={m.messageId} value={m.rating} onRated={(v) => chat.setRating(m.messageId!, v)} />}
                  </div>
                )}
              </>
            )}
          </li>
        ))}
      </ol>
      {chat.error && (
        <p
          role="alert"
          data-testid={chat.error.quota ? 'tutor-quota' : 'tutor-error'}
          className={`rounded-md px-3 py-2 text-sm ${
            chat.error.quota
              ? 'bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-100'
              : 'bg-red-50 text-red-800 dark:bg-red-950 dark:text-red-200'
          }`}
        >
          {chat.error.message}
        </p>
      )}
      <form onSubmit={send} className="flex items-end gap-2">
        <label className="sr-only" htmlFor="tutor-question">
          Your question
        </label>
        <textarea
          id="tutor-question"
          ref={box}
          rows={2}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) send(e);
          }}
          placeholder={placeholder}
          className="block min-w-0 flex-1 resize-none rounded-md border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-600 dark:bg-slate-900"
        />
        {chat.streaming ? (
          // Send stays visible (busy) so the box does not jump; Stop is the way out of a long answer.
          <>
            <Button type="submit" loading disabled>
              Send
            </Button>
            <Button
              variant="secondary"
              onClick={() => {
                chat.stop();
                // The Stop button goes away with the stream: keep the keyboard in the conversation.
                box.current?.focus();
              }}
              data-testid="tutor-stop"
            >
              Stop
            </Button>
          </>
        ) : (
          <Button type="submit" disabled={!draft.trim()}>
            Send
          </Button>
        )}
      </form>
    </div>
  );
}
