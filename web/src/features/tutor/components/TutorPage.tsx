//! /tutor: your past conversations with the tutor, one of them open to read and continue, and
//! suggested questions to start a new one.

import { useEffect } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Button } from '@/components/ui/Button';
import { EmptyState } from '@/components/ui/EmptyState';
import { Page } from '@/components/ui/Page';
import { Spinner } from '@/components/ui/Spinner';
import { useConversation, useConversations, useSuggestions } from '@/components/tutor/api';
import { TutorConversation } from '@/components/tutor/TutorConversation';
import { useTutorChat } from '@/components/tutor/useTutorChat';
import { errorMessage } from '@/lib/api/forms';
import { formatMoment } from '@/lib/dates';

const when = (iso: string) => formatMoment(iso);

function Suggestions({ onPick }: { onPick(text: string): void }) {
  const suggestions = useSuggestions();
  if (suggestions.isPending) return <Spinner size="sm" />;
  if (suggestions.isError || suggestions.data.length === 0) return null;
  return (
    <section aria-labelledby="suggestions-heading" className="space-y-2">
      <h2 id="suggestions-heading" className="text-base font-semibold">
        Questions to start with
      </h2>
      <ul className="space-y-2">
        {suggestions.data.map((s) => (
          <li key={s.text}>
            <button
              type="button"
              onClick={() => onPick(s.text)}
              data-testid="tutor-suggestion"
              className="w-full rounded-md border border-slate-300 px-3 py-2 text-left text-sm hover:bg-slate-50 dark:border-slate-600 dark:hover:bg-slate-800"
            >
              <span className="font-medium">{s.text}</span>
              <span className="block text-xs text-slate-600 dark:text-slate-300">{s.reason}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function TutorPage() {
  const [params, setParams] = useSearchParams();
  const selected = params.get('c');
  const list = useConversations();
  const detail = useConversation(selected);
  const chat = useTutorChat();
  const { reset } = chat;

  // Opening a stored conversation loads it into the chat, so a follow-up continues it.
  const loadedId = detail.data?.id;
  useEffect(() => {
    if (!selected) reset();
    else if (detail.data && loadedId === selected) reset({ conversationId: detail.data.id, messages: detail.data.messages });
    // Only when another conversation arrives, not on every refetch of this one.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selected, loadedId]);

  // A new conversation gets its id once its first answer is done: show it as the selected one.
  useEffect(() => {
    if (chat.conversationId && !selected && !chat.streaming) setParams({ c: chat.conversationId }, { replace: true });
  }, [chat.conversationId, chat.streaming, selected, setParams]);

  const title = selected ? (detail.data?.title ?? list.data?.find((c) => c.id === selected)?.title ?? 'Conversation') : 'New question';

  return (
    <Page
      title="Tutor"
      description="Your conversations with the AI tutor. It helps you find the fix rather than handing you the answer."
      wide
    >
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]">
        <nav aria-label="Conversations" className="min-w-0 space-y-2">
          <Button variant="secondary" onClick={() => setParams({})} className="w-full">
            New question
          </Button>
          {list.isPending && <Spinner size="sm" />}
          {list.isError && <p role="alert">{errorMessage(list.error)}</p>}
          {list.data && list.data.length === 0 && <p className="text-sm text-slate-600 dark:text-slate-300">No conversations yet.</p>}
          {list.data && list.data.length > 0 && (
            <ul className="space-y-1" data-testid="tutor-conversations">
              {list.data.map((c) => (
                <li key={c.id}>
                  <Link
                    to={`/tutor?c=${c.id}`}
                    aria-current={c.id === selected ? 'page' : undefined}
                    data-testid="tutor-conversation"
                    className={`block rounded-md px-3 py-2 text-sm hover:bg-slate-100 dark:hover:bg-slate-800 ${
                      c.id === selected ? 'bg-slate-100 font-medium dark:bg-slate-800' : ''
                    }`}
                  >
                    <span className="block truncate">{c.title}</span>
                    <span className="block text-xs text-slate-600 dark:text-slate-300">
                      {c.language ? `${c.language} · ` : ''}
                      {when(c.updatedAt)}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </nav>
        <section aria-labelledby="conversation-heading" className="flex min-h-[50vh] min-w-0 flex-col gap-4">
          <h2 id="conversation-heading" className="text-lg font-semibold">
            {title}
          </h2>
          {selected && detail.isPending && <Spinner />}
          {selected && detail.isError && <EmptyState title="Could not open this conversation">{errorMessage(detail.error)}</EmptyState>}
          {!selected && chat.messages.length === 0 && <Suggestions onPick={(q) => chat.ask(q)} />}
          {(!selected || detail.isSuccess) && (
            <TutorConversation
              chat={chat}
              placeholder={selected ? 'Ask a follow-up question' : 'Ask the tutor anything about programming'}
            />
          )}
        </section>
      </div>
    </Page>
  );
}
