//! The search box in the header: Enter opens /search?q=…; "/" anywhere outside a text field
//! jumps to it. On a narrow screen it folds into a link to the search page.

import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || !!target.closest('.monaco-editor');
}

const SearchIcon = () => (
  <svg aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
    <path d="M11 18a7 7 0 100-14 7 7 0 000 14zM20 20l-4-4" />
  </svg>
);

export function HeaderSearch() {
  const navigate = useNavigate();
  const location = useLocation();
  const [q, setQ] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const onSearchPage = location.pathname === '/search';

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || isTyping(e.target)) return;
      const box = input.current;
      // Hidden on narrow screens and on the search page (which has its own box).
      if (!box || box.offsetParent === null) return;
      e.preventDefault();
      box.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const query = q.trim();
    if (!query) return;
    setQ('');
    input.current?.blur();
    void navigate(`/search?q=${encodeURIComponent(query)}`);
  };

  if (onSearchPage) return null;
  return (
    <>
      <form role="search" onSubmit={submit} className="ml-2 hidden max-w-xs flex-1 sm:block">
        <label htmlFor="header-search" className="sr-only">
          Search the curriculum
        </label>
        <input
          id="header-search"
          ref={input}
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          maxLength={200}
          placeholder="Search  ( / )"
          aria-keyshortcuts="/"
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-900"
        />
      </form>
      <Link
        to="/search"
        aria-label="Search"
        className="rounded-md p-2 text-slate-700 hover:bg-slate-100 sm:hidden dark:text-slate-200 dark:hover:bg-slate-800"
      >
        <SearchIcon />
      </Link>
    </>
  );
}
