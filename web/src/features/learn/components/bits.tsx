//! Small presentational pieces the learning pages share.

import type { ItemSummary } from '@/lib/api/types';

export function ProgressBar({ value, max, label }: { value: number; max: number; label: string }) {
  const pct = max > 0 ? Math.round((value / max) * 100) : 0;
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={value}
      aria-valuetext={`${value} of ${max} done`}
      className="h-2 w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700"
    >
      <div className="h-full rounded-full bg-indigo-600 dark:bg-indigo-400" style={{ width: `${pct}%` }} />
    </div>
  );
}

const TYPE_STYLE: Record<string, string> = {
  lesson: 'bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-100',
  exercise: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-100',
};

export function TypeBadge({ type }: { type: string }) {
  return (
    <span
      className={`inline-block rounded px-1.5 py-0.5 text-xs font-medium capitalize ${TYPE_STYLE[type] ?? 'bg-slate-100 text-slate-900 dark:bg-slate-800 dark:text-slate-100'}`}
    >
      {type}
    </span>
  );
}

export function CheckIcon({ className = 'h-4 w-4' }: { className?: string }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" className={className} fill="none" stroke="currentColor" strokeWidth="3">
      <path d="M5 12l5 5L20 7" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

export function LockIcon({ className = 'h-4 w-4' }: { className?: string }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" className={className} fill="none" stroke="currentColor" strokeWidth="2">
      <path d="M6 11h12v9H6zM8 11V8a4 4 0 018 0v3" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

export function itemMeta(item: Pick<ItemSummary, 'estimatedMinutes' | 'difficulty'>): string {
  return `${item.estimatedMinutes} min · ${item.difficulty}`;
}
