import { describe, expect, it } from 'vitest';
import { formatDay, formatMoment } from './dates';

describe('dates', () => {
  it('writes a day and a moment the way Intl does for this locale', () => {
    const iso = '2026-12-03T07:40:12Z';
    expect(formatDay(iso)).toBe(new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(new Date(iso)));
    expect(formatMoment(iso)).toBe(new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)));
    expect(formatMoment(iso)).not.toMatch(/:12\b/); // no seconds
  });

  it('gives the fallback for a missing or broken date', () => {
    expect(formatDay(null)).toBe('');
    expect(formatMoment('not a date', '—')).toBe('—');
  });
});
