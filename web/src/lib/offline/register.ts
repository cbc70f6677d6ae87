//! Registers the service worker (src/sw.ts) and offers its updates. Registration waits for the
//! page's `load` event and comes from a lazily imported chunk, so it adds nothing to the first
//! page's JavaScript and the worker's precaching never competes with the page for the network.
//!
//! Updates (the choice, documented in docs/offline.md): a new deploy's worker installs beside the
//! old one and waits; the app shows "A new version of Codestead is available" with a Reload button,
//! which activates it and reloads. Nothing reloads under a learner's unsaved code by itself. The
//! app also asks for an update every hour and whenever the tab comes back to the front, so a tab
//! kept open for days still hears of a deploy; closing every Codestead tab also activates it.

import { useSyncExternalStore } from 'react';

type Updater = (reloadPage?: boolean) => Promise<void>;

let pendingUpdate: Updater | null = null;
const listeners = new Set<() => void>();

const UPDATE_CHECK_MS = 60 * 60 * 1000;

function setPendingUpdate(update: Updater | null): void {
  pendingUpdate = update;
  for (const l of listeners) l();
}

/** Service workers need a secure context: HTTPS, or http://localhost / 127.0.0.1. */
export function canUseServiceWorker(): boolean {
  return typeof window !== 'undefined' && window.isSecureContext && 'serviceWorker' in navigator;
}

export function registerServiceWorker(): void {
  // The dev server serves no worker (vite-plugin-pwa's devOptions are off): offline is a build feature.
  if (!import.meta.env.PROD || !canUseServiceWorker()) return;
  const start = () => {
    void import('virtual:pwa-register').then(({ registerSW }) => {
      const update = registerSW({
        immediate: true,
        onNeedRefresh: () => setPendingUpdate(update),
        onRegisteredSW: (_url, registration) => {
          if (!registration) return;
          const check = () => {
            if (navigator.onLine) void registration.update().catch(() => undefined);
          };
          setInterval(check, UPDATE_CHECK_MS);
          document.addEventListener('visibilitychange', () => {
            if (document.visibilityState === 'visible') check();
          });
        },
      });
    });
  };
  if (document.readyState === 'complete') start();
  else window.addEventListener('load', start, { once: true });
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The waiting update's "activate and reload", or `null` while there is none. */
export function usePendingUpdate(): Updater | null {
  return useSyncExternalStore(
    subscribe,
    () => pendingUpdate,
    () => null,
  );
}

/** Test-only: pretend a new version is waiting (or not). */
export function __setPendingUpdateForTests(update: Updater | null): void {
  setPendingUpdate(update);
}
