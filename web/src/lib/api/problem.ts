//! RFC 9457 problem details as the server sends them, and the one error type the client throws.

import type { components } from './schema';

/** Every `code` a server's problem may carry: its `ErrorCode` enum, generated into `schema.d.ts`. */
export type ServerErrorCode = components['schemas']['ErrorCode'];
/** Codes the client gives failures no server answered: the network, a socket that dropped. */
export type ClientErrorCode = 'network_error' | 'connection_lost';
/** What `code` may be compared with: a misspelt code is a type error. */
export type ErrorCode = ServerErrorCode | ClientErrorCode;

export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  code?: ErrorCode;
  /** Validation errors: field name (camelCase, as in the request body) → message. */
  fields?: Record<string, string>;
  requestId?: string;
}

/** Thrown by every API call that did not succeed; carries the parsed problem. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  /** Seconds from the `Retry-After` header (429, 503), when the server sent one. */
  readonly retryAfter: number | undefined;

  constructor(problem: Problem, retryAfter?: number) {
    super(problem.detail || problem.title || `Request failed (${problem.status})`);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }

  get code(): ErrorCode | undefined {
    return this.problem.code;
  }

  get fields(): Record<string, string> | undefined {
    const f = this.problem.fields;
    return f && Object.keys(f).length > 0 ? f : undefined;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/**
 * A network failure (server down, connection reset, the browser offline) is reported like a
 * problem, so callers have one path. Offline, the message says so rather than blaming the server.
 */
export function networkProblem(cause: unknown): ApiError {
  const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
  const err = new ApiError({
    title: 'Network error',
    status: 0,
    detail: offline
      ? 'You are offline: this needs the network. Try again once you are connected.'
      : 'Could not reach the server. Check your connection and try again.',
    code: 'network_error',
  });
  (err as { cause?: unknown }).cause = cause;
  return err;
}

/** A wait in words, as the server writes it in a 429's detail: "Try again in 40 seconds." */
export function waitInWords(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s === 1) return 'Try again in 1 second.';
  if (s < 120) return `Try again in ${s} seconds.`;
  return `Try again in ${Math.ceil(s / 60)} minutes.`;
}

/**
 * The message of a refusal that names its wait: the server's detail already does (every 429 says
 * "Try again in …"); an older server's or a proxy's does not, so the wait is added from `Retry-After`.
 */
export function messageWithWait(err: ApiError): string {
  if (err.retryAfter == null || /try again in/i.test(err.message)) return err.message;
  return `${err.message} ${waitInWords(err.retryAfter)}`;
}

/** `Retry-After` is either delay-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value == null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** Builds a Problem from any error response, even one that is not problem+json (a proxy's HTML 502). */
export async function problemFromResponse(res: Response): Promise<Problem> {
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const body = (await res.json()) as Partial<Problem> & Record<string, unknown>;
      return {
        ...body,
        title: typeof body.title === 'string' ? body.title : res.statusText || 'Error',
        status: typeof body.status === 'number' ? body.status : res.status,
        fields: normaliseFields(body.fields),
      };
    } catch {
      // fall through to the generic problem
    }
  }
  return {
    title: res.statusText || 'Error',
    status: res.status,
    detail: res.status >= 500 ? 'The server had a problem. Please try again.' : `Request failed (${res.status}).`,
  };
}

/**
 * `fields` is documented as `{field: message}`; accept `{field: [messages]}` too so a server-side
 * change of shape degrades to the first message rather than "[object Object]".
 */
function normaliseFields(raw: unknown): Record<string, string> | undefined {
  if (raw == null || typeof raw !== 'object') return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v) && v.length > 0) {
      const first = v[0];
      out[k] = typeof first === 'string' ? first : String((first as { message?: string })?.message ?? first);
    } else if (v && typeof v === 'object' && 'message' in v) out[k] = String((v as { message: unknown }).message);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Whether `e` is a request that never reached the server (offline, server down). */
export function isNetworkError(e: unknown): boolean {
  return isApiError(e) && e.status === 0 && e.code === 'network_error';
}
