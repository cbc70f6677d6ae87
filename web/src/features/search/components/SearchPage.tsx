//! /search?q=…: full-text search over lessons and exercises, with the matched words
//! highlighted and filters for type, track and difficulty. Everything lives in the URL, so a search
//! can be bookmarked, shared and walked back through with the browser's history.

import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Button } from '@/components/ui/Button';
import { EmptyState } from '@/components/ui/EmptyState';
import { Page } from '@/components/ui/Page';
import { Spinner } from '@/components/ui/Spinner';
import { errorMessage } from '@/lib/api/forms';
import { isApiError } from '@/lib/api/problem';
import { PER_PAGE, useSearch, useSearchTracks, type SearchHit, type SearchParams } from '../api/search';
import { snippetParts } from '../lib/snippet';

const TYPES = [
  { value: '', label: 'Any type' },
  { value: 'lesson', label: 'Lessons' },
  { value: 'exercise', label: 'Exercises' },
];
const DIFFICULTIES = [
  { value: '', label: 'Any difficulty' },
  { value: 'beginner', label: 'Beginner' },
  { value: 'intermediate', label: 'Intermediate' },
  { value: 'advanced', label: 'Advanced' },
];
const FILTERS = ['type', 'track', 'difficulty'] as const;

const TYPE_STYLE: Record<string, string> = {
  lesson: 'bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-100',
  exercise: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-100',
};

function Snippet({ html }: { html: string }) {
  return (
    <p className="mt-1 text-sm text-slate-700 dark:text-slate-300" data-testid="search-snippet">
      {snippetParts(html).map((p, i) =>
        p.mark ? (
          <mark key={i} className="rounded-sm bg-yellow-200 px-0.5 text-slate-900 dark:bg-yellow-300 dark:text-slate-950">
            {p.text}
          </mark>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </p>
  );
}

function Result({ hit, trackTitle }: { hit: SearchHit; trackTitle?: string }) {
  return (
    <li
      className="relative rounded-lg border border-slate-200 p-4 hover:border-indigo-400 dark:border-slate-800 dark:hover:border-indigo-500"
      data-testid="search-result"
    >
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="text-base font-semibold">
          <Link
            to={`/learn/${encodeURIComponent(hit.slug)}`}
            className="text-indigo-700 after:absolute after:inset-0 after:content-[''] hover:underline dark:text-indigo-300"
            data-search-result
          >
            {hit.title}
          </Link>
        </h2>
        <span
          className={`rounded px-1.5 py-0.5 text-xs font-medium capitalize ${TYPE_STYLE[hit.type] ?? 'bg-slate-100 text-slate-900 dark:bg-slate-800 dark:text-slate-100'}`}
        >
          {hit.type}
        </span>
        {(hit.track || hit.difficulty) && (
          <span className="text-xs text-slate-600 dark:text-slate-400">
            {[trackTitle ?? hit.track, hit.difficulty].filter(Boolean).join(' · ')}
          </span>
        )}
      </div>
      {hit.snippet && <Snippet html={hit.snippet} />}
    </li>
  );
}

/** Up and down arrows walk the result links; Down from the search box enters the list. */
function moveFocus(from: Element | null, list: HTMLElement | null, step: 1 | -1): boolean {
  const links = [...(list?.querySelectorAll<HTMLAnchorElement>('a[data-search-result]') ?? [])];
  if (links.length === 0) return false;
  const at = links.indexOf(from as HTMLAnchorElement);
  const next = at === -1 ? (step === 1 ? 0 : -1) : at + step;
  if (next < 0 || next >= links.length) return false;
  links[next]!.focus();
  return true;
}

export function SearchPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q')?.trim() ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const query: SearchParams = {
    q,
    type: params.get('type') ?? undefined,
    track: params.get('track') ?? undefined,
    difficulty: params.get('difficulty') ?? undefined,
    page,
  };
  const results = useSearch(query);
  const tracks = useSearchTracks();
  const trackTitles = new Map((tracks.data ?? []).map((t) => [t.slug, t.title]));
  const [draft, setDraft] = useState(q);
  const [draftFor, setDraftFor] = useState(q);
  if (draftFor !== q) {
    // A new query from the header or the history replaces what is in the box.
    setDraftFor(q);
    setDraft(q);
  }
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLOListElement>(null);
  const ids = useId();

  const update = (changes: Record<string, string | null>, push = false) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next, { replace: !push });
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    update({ q: draft.trim() || null }, true);
  };

  const onListKey = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const moved = moveFocus(document.activeElement, list.current, e.key === 'ArrowDown' ? 1 : -1);
    if (moved) e.preventDefault();
    else if (e.key === 'ArrowUp' && document.activeElement !== input.current) {
      e.preventDefault();
      input.current?.focus();
    }
  };

  const filtered = FILTERS.some((f) => params.get(f));
  const data = results.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PER_PAGE)) : 1;

  return (
    <Page title={q ? `Search: ${q}` : 'Search'} description="Find lessons and exercises across every track.">
      <div onKeyDown={onListKey}>
        <form role="search" onSubmit={submit} className="flex gap-2">
          <label htmlFor={`${ids}-q`} className="sr-only">
            Search lessons and exercises
          </label>
          <input
            id={`${ids}-q`}
            ref={input}
            type="search"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            maxLength={200}
            placeholder="e.g. recursion, for loop, list comprehension"
            autoFocus={!q}
            className="block min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-600 dark:bg-slate-900"
          />
          <Button type="submit">Search</Button>
        </form>

        <fieldset className="mt-3 flex flex-wrap items-end gap-3">
          <legend className="sr-only">Filters</legend>
          <FilterSelect label="Type" value={params.get('type') ?? ''} options={TYPES} onChange={(v) => update({ type: v })} />
          <FilterSelect
            label="Track"
            value={params.get('track') ?? ''}
            options={[{ value: '', label: 'Any track' }, ...(tracks.data ?? []).map((t) => ({ value: t.slug, label: t.title }))]}
            onChange={(v) => update({ track: v })}
          />
          <FilterSelect
            label="Difficulty"
            value={params.get('difficulty') ?? ''}
            options={DIFFICULTIES}
            onChange={(v) => update({ difficulty: v })}
          />
          {filtered && (
            <Button variant="ghost" onClick={() => update({ type: null, track: null, difficulty: null })}>
              Clear filters
            </Button>
          )}
        </fieldset>

        <div className="mt-6">
          {!q ? (
            <EmptyState title="Search the curriculum">
              Type a word or two: a concept (“recursion”), a keyword (“while”) or an error (“IndexError”). Small typos are fine.
            </EmptyState>
          ) : results.isPending ? (
            <Spinner label="Searching…" />
          ) : results.isError ? (
            <EmptyState
              title={isApiError(results.error) && results.error.status === 400 ? 'That search cannot be run' : 'Search failed'}
              action={<Button onClick={() => void results.refetch()}>Try again</Button>}
            >
              {errorMessage(results.error)}
            </EmptyState>
          ) : data && data.items.length === 0 ? (
            <EmptyState
              title={`No results for “${q}”`}
              action={
                filtered ? (
                  <Button variant="secondary" onClick={() => update({ type: null, track: null, difficulty: null })}>
                    Search without filters
                  </Button>
                ) : (
                  <Link to="/learn" className="font-medium text-indigo-700 underline dark:text-indigo-300">
                    Browse the tracks
                  </Link>
                )
              }
            >
              Try another word, or fewer words.
            </EmptyState>
          ) : data ? (
            <>
              <p role="status" className="mb-3 text-sm text-slate-600 dark:text-slate-300" data-testid="search-total">
                {data.total === 1 ? '1 result' : `${data.total} results`} for “{q}”
                {results.isFetching && <span className="sr-only"> (updating)</span>}
              </p>
              {data.correctedQuery && (
                <p className="-mt-2 mb-3 text-sm" data-testid="search-corrected">
                  Nothing matched “{q}” exactly. Showing results for <strong>{data.correctedQuery}</strong>.
                </p>
              )}
              <ol ref={list} className={`space-y-3 ${results.isPlaceholderData ? 'opacity-60' : ''}`} aria-label="Search results">
                {data.items.map((hit) => (
                  <Result key={hit.id} hit={hit} trackTitle={hit.track ? trackTitles.get(hit.track) : undefined} />
                ))}
              </ol>
              {pages > 1 && (
                <nav aria-label="Result pages" className="mt-4 flex items-center justify-between gap-2 text-sm">
                  <Button variant="secondary" disabled={page <= 1} onClick={() => update({ page: String(page - 1) }, true)}>
                    Previous
                  </Button>
                  <span>
                    Page {page} of {pages}
                  </span>
                  <Button variant="secondary" disabled={page >= pages} onClick={() => update({ page: String(page + 1) }, true)}>
                    Next
                  </Button>
                </nav>
              )}
            </>
          ) : null}
        </div>
      </div>
    </Page>
  );
}

function FilterSelect({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string;
  options: { value: string; label: string }[];
  onChange(v: string): void;
}) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-slate-700 dark:text-slate-300">
        {label}
      </label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-900"
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
