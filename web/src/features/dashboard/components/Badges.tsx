//! Achievements as badges: earned ones in colour with the day they were earned, the rest greyed
//! out with what it takes to earn them.

import type { ReactNode } from 'react';
import type { Achievement } from '../api/dashboard';
import { formatDay } from '@/lib/dates';

const ICONS: Record<string, ReactNode> = {
  play: <path d="M8 5v14l11-7z" />,
  'book-open': <path d="M3 5h6a3 3 0 013 3v11a2 2 0 00-2-2H3zM21 5h-6a3 3 0 00-3 3v11a2 2 0 012-2h7z" />,
  'check-circle': <path d="M12 21a9 9 0 100-18 9 9 0 000 18zM8 12l3 3 5-6" />,
  award: <path d="M12 15a6 6 0 100-12 6 6 0 000 12zM8.5 14L7 22l5-3 5 3-1.5-8" />,
  trophy: <path d="M8 21h8M12 17v4M7 4h10v5a5 5 0 01-10 0zM7 6H4a3 3 0 003 4M17 6h3a3 3 0 01-3 4" />,
  flame: <path d="M12 22c4 0 7-3 7-7 0-5-5-7-5-12-3 2-5 5-5 8-1-1-2-2-2-4-2 2-2 5-2 8 0 4 3 7 7 7z" />,
  flag: <path d="M5 22V4M5 4h12l-2 4 2 4H5" />,
  globe: <path d="M12 21a9 9 0 100-18 9 9 0 000 18zM3 12h18M12 3a14 14 0 010 18M12 3a14 14 0 000 18" />,
  'message-circle': <path d="M21 12a8 8 0 01-11.5 7.2L4 21l1.8-5.5A8 8 0 1121 12z" />,
  moon: <path d="M21 13A9 9 0 1111 3a7 7 0 0010 10z" />,
};
const STAR = <path d="M12 3l2.8 5.7 6.2.9-4.5 4.4 1 6.2L12 17.3 6.5 20.2l1-6.2L3 9.6l6.2-.9z" />;

const day = (iso: string) => formatDay(iso);

/** An achievement's icon by name (a star for names it does not know); decorative. */
export function AchievementIcon({ name, className = 'h-5 w-5' }: { name?: string | null; className?: string }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      className={className}
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      {(name && ICONS[name]) || STAR}
    </svg>
  );
}

export function Badges({ achievements }: { achievements: Achievement[] }) {
  const earned = achievements.filter((a) => a.earnedAt);
  return (
    <div>
      <p className="mb-3 text-sm text-slate-600 dark:text-slate-300" data-testid="badge-count">
        {earned.length} of {achievements.length} earned
      </p>
      <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4">
        {achievements.map((a) => {
          const got = !!a.earnedAt;
          return (
            <li
              key={a.id}
              data-testid="badge"
              data-earned={got ? 'true' : 'false'}
              data-id={a.id}
              className={`flex items-start gap-2 rounded-lg border p-3 ${
                got
                  ? 'border-amber-300 bg-amber-50 dark:border-amber-700 dark:bg-amber-950'
                  : 'border-dashed border-slate-300 dark:border-slate-700'
              }`}
            >
              <span
                className={`flex h-9 w-9 flex-none items-center justify-center rounded-full ${
                  got
                    ? 'bg-amber-500 text-white dark:bg-amber-400 dark:text-slate-950'
                    : 'bg-slate-100 text-slate-500 dark:bg-slate-800 dark:text-slate-400'
                }`}
              >
                <AchievementIcon name={a.icon} />
              </span>
              <span className="min-w-0">
                <span className={`block text-sm font-semibold ${got ? '' : 'text-slate-700 dark:text-slate-300'}`}>{a.title}</span>
                <span className="block text-xs text-slate-600 dark:text-slate-300">{a.description}</span>
                <span className="mt-0.5 block text-xs font-medium text-slate-700 dark:text-slate-200">
                  {got ? `Earned ${day(a.earnedAt!)}` : 'Not earned yet'}
                </span>
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
