import { useMemo, useState } from 'react';
import type { ActivityDay } from '../api/types';

const DAY_MS = 86_400_000;

function iso(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

const levels = [
  'bg-slate-100 dark:bg-slate-800',
  'bg-green-200 dark:bg-green-900',
  'bg-green-400 dark:bg-green-700',
  'bg-green-600 dark:bg-green-500',
  'bg-green-800 dark:bg-green-300',
];

/** The level of a day's count relative to the busiest day: 0 (nothing) to 4. */
export function level(count: number, max: number): number {
  if (count <= 0 || max <= 0) return 0;
  return Math.min(4, Math.ceil((count / max) * 4));
}

/** A year of activity as weeks (columns) of days (rows, Sunday first), ending today (UTC). */
export function ActivityHeatmap({ activity, today: given }: { activity: ActivityDay[]; today?: number }) {
  const [now] = useState(() => given ?? Date.now());
  const today = given ?? now;
  const { weeks, max, total, activeDays } = useMemo(() => {
    const counts = new Map(activity.map((d) => [d.date.slice(0, 10), d.count]));
    const end = Date.UTC(new Date(today).getUTCFullYear(), new Date(today).getUTCMonth(), new Date(today).getUTCDate());
    // Start on the Sunday 52 weeks back, so every column is a whole week.
    const startRaw = end - 364 * DAY_MS;
    const start = startRaw - new Date(startRaw).getUTCDay() * DAY_MS;
    const weeks: { date: string; count: number }[][] = [];
    for (let t = start; t <= end; t += DAY_MS) {
      const day = new Date(t).getUTCDay();
      if (day === 0) weeks.push([]);
      weeks[weeks.length - 1]!.push({ date: iso(t), count: counts.get(iso(t)) ?? 0 });
    }
    let max = 0;
    let total = 0;
    let activeDays = 0;
    for (const c of counts.values()) {
      max = Math.max(max, c);
      total += c;
      if (c > 0) activeDays++;
    }
    return { weeks, max, total, activeDays };
  }, [activity, today]);

  return (
    <figure>
      <div
        role="img"
        aria-label={`Activity over the last year: ${countOf(total, 'action')} on ${countOf(activeDays, 'day')}`}
        className="flex gap-[3px] overflow-x-auto pb-1"
        data-testid="heatmap"
      >
        {weeks.map((w, i) => (
          <div key={i} className="flex flex-col gap-[3px]">
            {w.map((d) => (
              <span
                key={d.date}
                title={`${d.date}: ${d.count}`}
                data-count={d.count}
                className={`block h-2.5 w-2.5 rounded-sm ${levels[level(d.count, max)]}`}
              />
            ))}
          </div>
        ))}
      </div>
      <figcaption className="mt-1 text-xs text-slate-600 dark:text-slate-400">
        {countOf(total, 'action')} on {countOf(activeDays, 'day')} in the last year
      </figcaption>
    </figure>
  );
}

const plural = new Intl.PluralRules('en');
/** "1 day", "2 days": the count with its noun in the right number. */
export function countOf(n: number, noun: string): string {
  return `${n} ${plural.select(n) === 'one' ? noun : `${noun}s`}`;
}
