import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { __resetClientForTests, api, setUnauthorizedHandler } from './client';
import { ApiError, parseRetryAfter } from './problem';
import { applyProblemToForm } from './forms';
import { getToasts, dismiss } from '@/lib/toast';

type Call = { url: string; init: RequestInit };

function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  const type = status >= 400 ? 'application/problem+json' : 'application/json';
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': type, ...headers } });
}

/** A fake server: each call is answered by the first handler whose path matches, in order. */
function fakeFetch(routes: Array<[string, () => Response | Promise<Response>]>) {
  const calls: Call[] = [];
  const queue = [...routes];
  const fn = vi.fn(async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const i = queue.findIndex(([path]) => url.endsWith(path));
    if (i < 0) throw new Error(`unexpected request ${url}`);
    const [, respond] = queue.splice(i, 1)[0]!;
    return respond();
  });
  vi.stubGlobal('fetch', fn);
  return calls;
}

const unauthorized = () =>
  json(401, { type: 'about:blank', title: 'Unauthorized', status: 401, code: 'unauthenticated', detail: 'Log in first.' });

let redirectedTo: string[] = [];

beforeEach(() => {
  __resetClientForTests();
  redirectedTo = [];
  setUnauthorizedHandler((next) => redirectedTo.push(next));
  window.history.replaceState(null, '', '/settings?tab=sessions');
});

afterEach(() => {
  vi.unstubAllGlobals();
  for (const t of getToasts()) dismiss(t.id);
});

describe('the API client', () => {
  it('sends JSON with same-origin cookies and returns the parsed body', async () => {
    const calls = fakeFetch([['/api/v1/me', () => json(200, { id: 'u1' })]]);
    await expect(api.patch('/me', { bio: 'hi' })).resolves.toEqual({ id: 'u1' });
    expect(calls[0]!.init.credentials).toBe('same-origin');
    expect(calls[0]!.init.method).toBe('PATCH');
    expect(calls[0]!.init.body).toBe('{"bio":"hi"}');
    expect((calls[0]!.init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
  });

  it('returns undefined for 204 No Content', async () => {
    fakeFetch([['/api/v1/auth/logout', () => new Response(null, { status: 204 })]]);
    await expect(api.post('/auth/logout')).resolves.toBeUndefined();
  });

  it('turns a problem+json response into an ApiError with its code and fields', async () => {
    fakeFetch([
      [
        '/api/v1/auth/register',
        () =>
          json(422, {
            type: 'https://codestead.dev/problems/validation',
            title: 'Invalid input',
            status: 422,
            code: 'validation_failed',
            detail: 'Some fields are invalid.',
            fields: { email: 'not an e-mail address' },
          }),
      ],
    ]);
    const err = await api.post('/auth/register', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(422);
    expect((err as ApiError).code).toBe('validation_failed');
    expect((err as ApiError).fields).toEqual({ email: 'not an e-mail address' });
    expect((err as ApiError).message).toBe('Some fields are invalid.');
  });

  it('describes a non-JSON error page without leaking it', async () => {
    fakeFetch([
      [
        '/api/v1/me',
        () =>
          new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway', headers: { 'content-type': 'text/html' } }),
      ],
    ]);
    const err = (await api.get('/me').catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(502);
    expect(err.message).toBe('The server had a problem. Please try again.');
  });

  it('reports a network failure as an ApiError with code network_error', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    const err = (await api.get('/languages').catch((e: unknown) => e)) as ApiError;
    expect(err.code).toBe('network_error');
  });

  it('reads Retry-After from a 429 and a 503', async () => {
    fakeFetch([
      ['/api/v1/executions', () => json(429, { title: 'Too Many Requests', status: 429, code: 'rate_limited' }, { 'retry-after': '17' })],
      ['/api/v1/executions', () => json(503, { title: 'Service Unavailable', status: 503, code: 'queue_full' }, { 'retry-after': '3' })],
    ]);
    expect(((await api.post('/executions', {}).catch((e: unknown) => e)) as ApiError).retryAfter).toBe(17);
    expect(((await api.post('/executions', {}).catch((e: unknown) => e)) as ApiError).retryAfter).toBe(3);
  });

  it('on a 401 refreshes once with the cookie and retries the request', async () => {
    const calls = fakeFetch([
      ['/api/v1/me', unauthorized],
      ['/api/v1/auth/refresh', () => json(200, { accessToken: 'a', refreshToken: 'r' })],
      ['/api/v1/me', () => json(200, { id: 'u1' })],
    ]);
    await expect(api.get('/me')).resolves.toEqual({ id: 'u1' });
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/me', '/api/v1/auth/refresh', '/api/v1/me']);
    expect(calls[1]!.init.credentials).toBe('same-origin');
    expect(calls[1]!.init.body).toBeUndefined();
    expect(redirectedTo).toEqual([]);
  });

  it('shares one refresh between concurrent 401s, since a refresh token works only once', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const calls = fakeFetch([
      ['/api/v1/me', unauthorized],
      ['/api/v1/languages', unauthorized],
      [
        '/api/v1/auth/refresh',
        async () => {
          await gate;
          return json(200, {});
        },
      ],
      ['/api/v1/me', () => json(200, { id: 'u1' })],
      ['/api/v1/languages', () => json(200, [])],
    ]);
    const both = Promise.all([api.get('/me'), api.get('/languages')]);
    await vi.waitFor(() => expect(calls.some((c) => c.url.endsWith('/refresh'))).toBe(true));
    release();
    await expect(both).resolves.toEqual([{ id: 'u1' }, []]);
    expect(calls.filter((c) => c.url.endsWith('/auth/refresh'))).toHaveLength(1);
  });

  it('sends the user to login with the page to come back to when the refresh fails', async () => {
    fakeFetch([
      ['/api/v1/auth/sessions', unauthorized],
      ['/api/v1/auth/refresh', unauthorized],
    ]);
    const err = (await api.get('/auth/sessions').catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(401);
    expect(redirectedTo).toEqual(['/settings?tab=sessions']);
  });

  it('leaves a 401 to the caller when asked, without redirecting', async () => {
    fakeFetch([
      ['/api/v1/me', unauthorized],
      ['/api/v1/auth/refresh', unauthorized],
    ]);
    await expect(api.get('/me', { on401: 'throw' })).rejects.toMatchObject({ status: 401 });
    expect(redirectedTo).toEqual([]);
  });

  it('does not try to refresh for the login call itself', async () => {
    const calls = fakeFetch([
      [
        '/api/v1/auth/login',
        () => json(401, { title: 'Unauthorized', status: 401, code: 'invalid_credentials', detail: 'Wrong e-mail or password.' }),
      ],
    ]);
    await expect(api.post('/auth/login', {}, { on401: 'throw', noRefresh: true })).rejects.toMatchObject({
      message: 'Wrong e-mail or password.',
    });
    expect(calls).toHaveLength(1);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, and ignores junk', () => {
    expect(parseRetryAfter('120')).toBe(120);
    expect(parseRetryAfter(new Date(10_000 + 30_000).toUTCString(), 10_000)).toBe(30);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe('applyProblemToForm', () => {
  const validation = (fields: Record<string, string>) =>
    new ApiError({ title: 'Invalid input', status: 422, code: 'validation_failed', detail: 'Some fields are invalid.', fields });

  it('puts each field message next to its field and shows no toast', () => {
    expect(applyProblemToForm(validation({ email: 'taken' }), ['email', 'password'])).toEqual({ email: 'taken' });
    expect(getToasts()).toEqual([]);
  });

  it('shows messages for fields the form lacks in a toast rather than dropping them', () => {
    expect(applyProblemToForm(validation({ email: 'bad', captcha: 'missing' }), ['email'])).toEqual({ email: 'bad' });
    expect(getToasts().map((t) => t.message)).toEqual(['Some fields are invalid. (captcha: missing)']);
  });

  it('shows an error without fields in a toast', () => {
    expect(
      applyProblemToForm(
        new ApiError({ title: 'Conflict', status: 409, code: 'email_taken', detail: 'That e-mail is already registered.' }),
        ['email'],
      ),
    ).toEqual({});
    expect(getToasts().map((t) => [t.kind, t.message])).toEqual([['error', 'That e-mail is already registered.']]);
  });
});
