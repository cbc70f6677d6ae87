//! The service worker: lessons the learner has opened read offline, and the shell loads without
//! the network. Built by vite-plugin-pwa (injectManifest) with Workbox; what may be kept is decided
//! in `lib/offline/cacheRules.ts`, shared with the page. See docs/offline.md.
//!
//! - The app shell (index.html, the app's hashed JS and CSS) is precached at install, by this
//!   worker in the background: the page never loads the precache list itself.
//! - Curriculum GETs (tracks, lessons, exercise statements) go network-first with a short timeout
//!   and fall back to the copy kept from the last time this browser fetched them.
//! - Monaco's files are kept once an editor page has fetched them (they are hashed: cache-first).
//! - Everything else (accounts, progress, drafts, runs, the tutor, any write) is not touched.
//!
//! Updates: a new deploy ships a new sw.js; it installs beside the old one and waits. The page then
//! offers "A new version of Codestead is available — Reload" and, on click, sends SKIP_WAITING.

/// <reference lib="webworker" />
import { CacheableResponsePlugin } from 'workbox-cacheable-response';
import { clientsClaim, type WorkboxPlugin } from 'workbox-core';
import { ExpirationPlugin } from 'workbox-expiration';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst, NetworkFirst } from 'workbox-strategies';
import {
  ASSET_CACHE,
  isBuildAsset,
  isCurriculumRequest,
  LESSON_CACHE,
  LESSON_CACHE_MAX_AGE_SECONDS,
  LESSON_CACHE_MAX_ENTRIES,
  NAVIGATION_DENYLIST,
  NETWORK_TIMEOUT_SECONDS,
  SAVED_COPY_HEADER,
} from './lib/offline/cacheRules';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<string | { url: string; revision: string | null }> };

const origin = self.location.origin;

// The shell. Old precaches (from a previous build's worker) are deleted once this one activates.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Client-side routes get the precached index.html, so a reload offline still starts the app.
// Pages the server renders itself (the API docs, LTI, /healthz…) always go to the network.
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: NAVIGATION_DENYLIST }));

/**
 * Marks a response answered from the lesson cache, so the page can tell the learner they are
 * reading a saved copy (the offline banner) even when the browser believes it is online.
 */
const markSavedCopy: WorkboxPlugin = {
  cachedResponseWillBeUsed: async ({ cachedResponse }) => {
    if (!cachedResponse) return null;
    const headers = new Headers(cachedResponse.headers);
    headers.set(SAVED_COPY_HEADER, '1');
    return new Response(await cachedResponse.blob(), {
      status: cachedResponse.status,
      statusText: cachedResponse.statusText,
      headers,
    });
  },
};

registerRoute(
  ({ request, url }) => isCurriculumRequest(request.method, url, origin, request.headers.has('authorization')),
  new NetworkFirst({
    cacheName: LESSON_CACHE,
    networkTimeoutSeconds: NETWORK_TIMEOUT_SECONDS,
    plugins: [
      // Only a full 200 is a lesson worth keeping: never a 401, a 404 or a server error.
      new CacheableResponsePlugin({ statuses: [200] }),
      new ExpirationPlugin({ maxEntries: LESSON_CACHE_MAX_ENTRIES, maxAgeSeconds: LESSON_CACHE_MAX_AGE_SECONDS, purgeOnQuotaError: true }),
      markSavedCopy,
    ],
  }),
);

// Monaco and anything else hashed that the precache left out: a file name never changes content.
registerRoute(
  ({ request, url }) => isBuildAsset(request.method, url, origin),
  new CacheFirst({
    cacheName: ASSET_CACHE,
    plugins: [new CacheableResponsePlugin({ statuses: [200] }), new ExpirationPlugin({ maxEntries: 200, purgeOnQuotaError: true })],
  }),
);

// Writes never wait for this worker: where the browser has the static routing API (Chromium),
// every non-GET goes straight to the network without a fetch event. A keepalive write sent as the
// page unloads (a draft, the last reading progress) must not depend on a round trip through a
// worker that the unloading page may cut short. Elsewhere the router below lets them pass untouched.
self.addEventListener('install', (event) => {
  const install = event as ExtendableEvent & { addRoutes?: (rules: unknown) => Promise<void> };
  if (typeof install.addRoutes !== 'function') return;
  event.waitUntil(install.addRoutes([{ condition: { not: { requestMethod: 'GET' } }, source: 'network' }]).catch(() => undefined));
});

// The page's "Reload" on the update prompt (workbox-window's messageSkipWaiting sends this).
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// The first install takes over the open page at once, so what the learner opens next is kept.
// (An update only activates after SKIP_WAITING, and the page reloads then.)
clientsClaim();
