//! The one API client: same-origin cookies, problem+json errors, one refresh on 401, then login.

import { isSavedCopy, reportReachable } from '@/lib/offline/network';
import { ApiError, networkProblem, parseRetryAfter, problemFromResponse } from './problem';

export const API_BASE = '/api/v1';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  body?: unknown;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /**
   * What a 401 that survives the refresh means. `redirect` (default): the page needs a login, send
   * the user there and back. `throw`: the caller handles it (login form, "am I logged in?" probe).
   */
  on401?: 'redirect' | 'throw';
  /** Skip the refresh attempt (the auth endpoints themselves). */
  noRefresh?: boolean;
  /** Let the request outlive the page (a last progress write when the tab closes). */
  keepalive?: boolean;
}

type UnauthorizedHandler = (next: string) => void;

let onUnauthorized: UnauthorizedHandler = (next) => {
  window.location.assign(`/login?next=${encodeURIComponent(next)}`);
};

/** The app installs a router-aware handler so the redirect does not reload the page. */
export function setUnauthorizedHandler(handler: UnauthorizedHandler): void {
  onUnauthorized = handler;
}

// Concurrent 401s share one refresh: the refresh token is single-use, so two parallel refreshes
// would trip the server's reuse detection and revoke the whole session.
let refreshing: Promise<boolean> | null = null;

function refreshOnce(): Promise<boolean> {
  if (!refreshing) {
    // No body: the HttpOnly refresh cookie (Path=/api/v1/auth) is the credential.
    refreshing = fetch(`${API_BASE}/auth/refresh`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
    })
      .then((res) => res.ok)
      .catch(() => false)
      .finally(() => {
        refreshing = null;
      });
  }
  return refreshing;
}

function currentLocation(): string {
  const { pathname, search, hash } = window.location;
  return `${pathname}${search}${hash}`;
}

async function send(method: Method, path: string, opts: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData || opts.body instanceof Blob) {
    // Uploads (avatar, project zip): the browser sets the multipart boundary or the blob's type itself.
    body = opts.body;
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(`${API_BASE}${path}`, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal,
      keepalive: opts.keepalive,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    // fetch rejects with a TypeError when the request never reached the server.
    if (e instanceof TypeError) reportReachable(false);
    throw networkProblem(e);
  }
  // A lesson the service worker answered from its saved copy did not reach the server either.
  reportReachable(!isSavedCopy(res));
  return res;
}

/**
 * Calls the API and returns the successful `Response` unread, for bodies that are not one JSON
 * document (a streamed answer). Same refresh, redirect and error handling as `request`.
 */
export async function requestResponse(method: Method, path: string, opts: RequestOptions = {}): Promise<Response> {
  let res = await send(method, path, opts);

  if (res.status === 401 && !opts.noRefresh) {
    if (await refreshOnce()) res = await send(method, path, opts);
  }

  if (res.status === 401 && (opts.on401 ?? 'redirect') === 'redirect') {
    const here = currentLocation();
    if (!window.location.pathname.startsWith('/login')) onUnauthorized(here);
  }

  if (!res.ok) {
    const problem = await problemFromResponse(res);
    throw new ApiError(problem, parseRetryAfter(res.headers.get('retry-after')));
  }
  return res;
}

/** Calls the API and returns the parsed JSON body (`undefined` for 204). Throws `ApiError`. */
export async function request<T>(method: Method, path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await requestResponse(method, path, opts);
  // Always read the body, even an empty one (202, 204): an unread body shows up as an aborted request.
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, opts),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, { ...opts, body }),
  put: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PUT', path, { ...opts, body }),
  patch: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PATCH', path, { ...opts, body }),
  delete: <T>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, opts),
};

/** Test-only: forget any refresh in flight between tests. */
export function __resetClientForTests(): void {
  refreshing = null;
}
