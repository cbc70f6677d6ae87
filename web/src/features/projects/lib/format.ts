import { formatDay } from '@/lib/dates';

/** "3 minutes ago"-style text for a timestamp, with the exact time for a title attribute. */
export function relativeTime(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return 'never';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return 'unknown';
  const s = Math.round((now - t) / 1000);
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  if (Math.abs(s) < 60) return rtf.format(-s, 'second');
  const m = Math.round(s / 60);
  if (Math.abs(m) < 60) return rtf.format(-m, 'minute');
  const h = Math.round(m / 60);
  if (Math.abs(h) < 24) return rtf.format(-h, 'hour');
  const d = Math.round(h / 24);
  if (Math.abs(d) < 30) return rtf.format(-d, 'day');
  return formatDay(iso);
}

export function stackList(stack: string[] | string | null | undefined): string[] {
  if (!stack) return [];
  if (Array.isArray(stack)) return stack;
  return stack
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Days left before a trashed project is purged (30 days after deletion). */
export function daysLeft(deletedAt: string | null | undefined, purgeAt?: string | null, now: number = Date.now()): number | null {
  const end = purgeAt ? Date.parse(purgeAt) : deletedAt ? Date.parse(deletedAt) + 30 * 86_400_000 : NaN;
  if (Number.isNaN(end)) return null;
  return Math.max(0, Math.ceil((end - now) / 86_400_000));
}
