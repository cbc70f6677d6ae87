import { useRef, useState } from 'react';
import { Button } from '@/components/ui/Button';
import { InlineCode } from './InlineCode';

/** Hints one at a time: each asks for the learner's decision to see more. */
export function Hints({ hints }: { hints: string[] }) {
  const [shown, setShown] = useState(0);
  const list = useRef<HTMLOListElement>(null);
  if (hints.length === 0) return null;
  const reveal = () => {
    setShown((n) => Math.min(hints.length, n + 1));
    // Focus moves to the hint just revealed, so a screen reader reads it.
    requestAnimationFrame(() => (list.current?.lastElementChild as HTMLElement | null)?.focus());
  };
  return (
    <section aria-labelledby="hints-heading" className="space-y-2">
      <h2 id="hints-heading" className="text-base font-semibold">
        Hints
      </h2>
      {shown > 0 && (
        <ol ref={list} className="list-decimal space-y-1 pl-6 text-sm">
          {hints.slice(0, shown).map((h, i) => (
            <li key={i} tabIndex={-1} data-testid="hint">
              <InlineCode text={h} />
            </li>
          ))}
        </ol>
      )}
      {shown < hints.length ? (
        <Button variant="secondary" onClick={reveal}>
          {shown === 0 ? 'Show a hint' : 'Show another hint'} ({shown + 1} of {hints.length})
        </Button>
      ) : (
        <p className="text-xs text-slate-600 dark:text-slate-400">That was the last hint.</p>
      )}
    </section>
  );
}
