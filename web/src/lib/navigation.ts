//! Where to send the user after login.

/** Only same-site paths: `next=//evil.example` or `next=https://…` must not become an open redirect. */
export function safeNext(next: string | null | undefined, fallback = '/dashboard'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  if (next.startsWith('/login')) return fallback;
  return next;
}
