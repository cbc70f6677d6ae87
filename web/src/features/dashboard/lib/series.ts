//! Shapes the dashboard's day lists into what the charts draw.

import type { DayActivity, DayCompletions } from '../api/dashboard';

/** `YYYY-MM-DD` (a local calendar date) read as that day, not as UTC midnight. */
export function localDate(date: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1);
}

export function shortDate(date: string, locale?: string): string {
  return localDate(date).toLocaleDateString(locale, { month: 'short', day: 'numeric' });
}

export function weekday(date: string, locale?: string): string {
  return localDate(date).toLocaleDateString(locale, { weekday: 'short' });
}

export interface ProgressPoint {
  date: string;
  completed: number;
  /** Everything completed up to and including this day. */
  total: number;
}

/**
 * Completions per day turned into a running total that ends at `completedCount` today, so the
 * line shows how far the learner has come, not just the busy days.
 */
export function cumulative(days: DayCompletions[], completedCount: number): ProgressPoint[] {
  const inWindow = days.reduce((n, d) => n + d.completed, 0);
  let total = Math.max(0, completedCount - inWindow);
  return days.map((d) => {
    total += d.completed;
    return { date: d.date, completed: d.completed, total };
  });
}

export function activityTotal(d: DayActivity): number {
  return d.completions + d.submissions + d.runs;
}
