//! Whether the app can reach the server right now, for the offline banner and the buttons that
//! need the network. Two signals: the browser's own `navigator.onLine` (with its `online` and
//! `offline` events), and what the API client saw last: a request that failed on the network, or
//! a curriculum response the service worker answered from its saved copy, means "offline" even
//! when the browser believes it is connected (the school's Wi-Fi is up but the server is not).

import { useSyncExternalStore } from 'react';
import { SAVED_COPY_HEADER } from './cacheRules';

let unreachable = false;
let probe: ReturnType<typeof setInterval> | null = null;
const listeners = new Set<() => void>();

/** While the server is unreachable but the browser online, ask `/healthz` this often. */
export const PROBE_INTERVAL_MS = 10_000;

function emit(): void {
  for (const l of listeners) l();
}

function browserOnline(): boolean {
  return typeof navigator === 'undefined' || navigator.onLine !== false;
}

/** True while the browser says it is online and the last API call reached the server. */
export function isOnline(): boolean {
  return browserOnline() && !unreachable;
}

/**
 * The API client reports each outcome: `false` for a network failure or a saved copy. Once
 * unreachable, a small probe asks the server until it answers, so the banner (and the buttons it
 * disables) clear by themselves even when the learner sends no request of their own.
 */
export function reportReachable(reached: boolean): void {
  if (unreachable === !reached) return;
  unreachable = !reached;
  if (unreachable && !probe && typeof window !== 'undefined') probe = setInterval(probeServer, PROBE_INTERVAL_MS);
  if (!unreachable && probe) {
    clearInterval(probe);
    probe = null;
  }
  emit();
}

function probeServer(): void {
  // Offline the browser's own `online` event is the signal; no request can succeed before it.
  if (!browserOnline()) return;
  fetch('/healthz', { cache: 'no-store' }).then(
    (res) => {
      if (res.ok) reportReachable(true);
    },
    () => undefined,
  );
}

/** Whether `res` is the service worker's saved copy rather than the server's answer. */
export function isSavedCopy(res: Response): boolean {
  return res.headers.get(SAVED_COPY_HEADER) === '1';
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onOnline = () => {
    // The browser is back: give the server the benefit of the doubt until a request says otherwise.
    reportReachable(true);
    listener();
  };
  window.addEventListener('online', onOnline);
  window.addEventListener('offline', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('online', onOnline);
    window.removeEventListener('offline', listener);
  };
}

/** `true` when the network is there; re-renders on every change. */
export function useOnline(): boolean {
  return useSyncExternalStore(subscribe, isOnline, () => true);
}

/** Test-only: forget what the last request saw. */
export function __resetNetworkForTests(): void {
  reportReachable(true);
}
