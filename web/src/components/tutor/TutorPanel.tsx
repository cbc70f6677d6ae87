//! The tutor beside an editor: a drawer on the right (the whole width on a phone) that keeps the
//! conversation while it is closed, plus the "Get AI help" button that opens it after a failure.

import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { Button } from '@/components/ui/Button';
import type { TutorContext } from '@/lib/api/types';
import { TutorConversation } from './TutorConversation';
import type { TutorChat } from './useTutorChat';

export const HELP_QUERY = "Why doesn't my code work?";

export function TutorPanel({
  chat,
  open,
  onClose,
  context,
}: {
  chat: TutorChat;
  open: boolean;
  onClose(): void;
  context: () => TutorContext | undefined;
}) {
  const panel = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!open) return;
    // Focus moves into the panel and back to what opened it ("Get AI help", "Tutor") on close.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    panel.current?.focus();
    return () => opener?.focus();
  }, [open]);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      // Monaco's own Escape (closing its suggestions) must not close the tutor too.
      if (e.key === 'Escape' && !e.defaultPrevented) onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open, onClose]);

  if (!open) return null;
  return (
    <aside
      ref={panel}
      tabIndex={-1}
      aria-labelledby="tutor-panel-title"
      data-testid="tutor-panel"
      className="fixed top-14 right-0 bottom-0 z-40 flex w-full max-w-full flex-col gap-3 border-l border-slate-200 bg-white p-4 shadow-xl outline-none sm:w-[28rem] dark:border-slate-700 dark:bg-slate-950"
    >
      <div className="flex items-center gap-2">
        <h2 id="tutor-panel-title" className="text-lg font-semibold">
          AI tutor
        </h2>
        <Link to="/tutor" className="ml-auto text-sm text-indigo-700 underline dark:text-indigo-300">
          History
        </Link>
        <Button variant="ghost" onClick={() => chat.reset()} disabled={chat.messages.length === 0}>
          New
        </Button>
        <Button variant="secondary" onClick={onClose} aria-label="Close the tutor">
          Close
        </Button>
      </div>
      {chat.messages.length === 0 && !chat.error && (
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Ask about your code. The tutor sees your code and its last error, and helps you find the fix yourself.
        </p>
      )}
      <TutorConversation chat={chat} context={context} />
    </aside>
  );
}

/** Shown after a run or check that failed. */
export function GetHelpButton({ onClick, disabled }: { onClick(): void; disabled?: boolean }) {
  return (
    <Button variant="secondary" onClick={onClick} disabled={disabled} data-testid="get-ai-help">
      Get AI help
    </Button>
  );
}
