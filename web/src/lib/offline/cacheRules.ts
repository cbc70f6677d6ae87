//! What the service worker may keep for offline reading, in one place: the worker (`src/sw.ts`)
//! routes by these rules and the page clears by these names, so the two cannot drift apart.
//! Plain functions on URLs and methods, with no worker or DOM globals, so vitest can pin them.

/**
 * Curriculum responses (tracks, lessons, exercise statements) as the caller last saw them. They
 * carry the caller's progress and bookmarks, so they are user-specific: the page deletes this
 * cache on logout and when a different user signs in on the same browser.
 */
export const LESSON_CACHE = 'codestead-lessons-v1';

/** Hashed build files not in the precache (Monaco and its workers), kept once fetched. */
export const ASSET_CACHE = 'codestead-assets-v1';

/** Header the worker adds to a response it answered from `LESSON_CACHE` instead of the network. */
export const SAVED_COPY_HEADER = 'x-codestead-saved-copy';

/** Network-first gives up on the network after this long and shows the saved copy, if any. */
export const NETWORK_TIMEOUT_SECONDS = 4;

/** Bounds on the lesson cache: the curriculum is a few hundred items; a month-old copy is stale. */
export const LESSON_CACHE_MAX_ENTRIES = 300;
export const LESSON_CACHE_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

// The GETs of curriculum content under /api/v1, and nothing else: not progress, drafts,
// attempts, bookmarks, the tutor, executions or anything about accounts. Slugs and ids are one
// path segment ([^/]+), so `/content/{id}/attempts` and the like never match by accident.
const CURRICULUM_PATHS: RegExp[] = [
  /^\/api\/v1\/tracks$/,
  /^\/api\/v1\/tracks\/[^/]+$/,
  /^\/api\/v1\/content\/[^/]+$/,
  /^\/api\/v1\/content\/[^/]+\/next$/,
];

/**
 * Whether the worker may answer `method url` network-first and keep a copy for offline reading.
 * Only GETs to this origin without an `Authorization` header: an API client with a bearer token
 * (not the web app, which uses cookies) gets no copy kept in a browser it may share.
 */
export function isCurriculumRequest(method: string, url: URL, origin: string, hasAuthorization = false): boolean {
  if (method !== 'GET' || hasAuthorization || url.origin !== origin) return false;
  return CURRICULUM_PATHS.some((p) => p.test(url.pathname));
}

/** Hashed build output (`/assets/…`): safe to keep forever once fetched, since a new build renames it. */
export function isBuildAsset(method: string, url: URL, origin: string): boolean {
  return method === 'GET' && url.origin === origin && url.pathname.startsWith('/assets/');
}

// Paths the server answers itself, never the app shell: the API and its docs UI, operations
// endpoints, LTI launches. A navigation to one of these goes to the network as before.
const SERVER_PAGES: RegExp[] = [/^\/api\//, /^\/lti\//, /^\/healthz$/, /^\/readyz$/, /^\/metrics$/];

/** Whether a navigation to `pathname` is a client-side route the precached `index.html` can answer. */
export function isAppNavigation(pathname: string): boolean {
  return !SERVER_PAGES.some((p) => p.test(pathname));
}

/** The same list, for Workbox's `NavigationRoute` denylist. */
export const NAVIGATION_DENYLIST = SERVER_PAGES;

/**
 * Build files the precache leaves out: Monaco (the editor, its languages, workers, styles and
 * icon font) is megabytes that a reader may never need; it is kept in `ASSET_CACHE` only once an
 * editor page has loaded it. The build names Monaco's files `monaco-*` (vite.config.ts); its
 * workers are `*.worker-*.js`. Globs for the plugin's `globIgnores`, relative to `dist/`.
 */
export const PRECACHE_IGNORES = ['**/monaco-*', '**/*.worker-*.js'];
