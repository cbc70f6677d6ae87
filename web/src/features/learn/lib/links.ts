//! Links inside lesson Markdown are written for the content repository (`../exercises/<slug>/`,
//! `python-loops.md`); in the app every item lives at `/learn/<slug>`.

const ITEM_DIR = /^(?:\.{1,2}\/)*(?:[a-z0-9-]+\/)*(?:exercises|lessons)\/([a-z0-9][a-z0-9-]*)(?:\/|\.md)?\/?(#[\w-]*)?$/i;
const ITEM_FILE = /^(?:\.\/)?([a-z0-9][a-z0-9-]*)\.md(#[\w-]*)?$/i;

export function isExternal(href: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//');
}

/** The app path for a link in lesson Markdown (unchanged when it is not a content link). */
export function appHref(href: string): string {
  if (isExternal(href) || href.startsWith('/') || href.startsWith('#')) return href;
  const m = href.match(ITEM_DIR) ?? href.match(ITEM_FILE);
  if (m) return `/learn/${m[1]}${m[2] ?? ''}`;
  return href;
}
