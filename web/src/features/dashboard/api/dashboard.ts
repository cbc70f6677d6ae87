//! GET /dashboard (streak, counts, work in progress, recommendations, activity) and
//! GET /achievements (every badge, earned or not).

import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api/client';

// Written by hand from the server's DTOs until the committed OpenAPI types have them.
export interface ItemRef {
  id: string;
  slug: string;
  title: string;
  type: string;
  track: string;
  difficulty: string;
  category: string;
  estimatedMinutes: number;
}

export interface Recommendation extends ItemRef {
  /** Why this item, in words for the learner. */
  reason: string;
  source: string;
}

export interface InProgress extends ItemRef {
  progressPercentage: number;
  updatedAt: string;
}

export interface Streak {
  current: number;
  longest: number;
  activeToday: boolean;
}

export interface Achievement {
  id: string;
  title: string;
  description: string;
  icon: string;
  earnedAt?: string | null;
}

export interface Activity {
  /** `completed`, `submitted` or `ran`. */
  kind: string;
  at: string;
  item?: ItemRef | null;
  language?: string | null;
  passed?: boolean | null;
}

export interface DayActivity {
  /** The learner's local date, `YYYY-MM-DD`. */
  date: string;
  completions: number;
  submissions: number;
  runs: number;
}

export interface DayCompletions {
  date: string;
  completed: number;
}

export interface Dashboard {
  streak: Streak;
  completedCount: number;
  inProgress: InProgress[];
  recommended: Recommendation[];
  recentActivity: Activity[];
  achievements: Achievement[];
  weeklyActivity: DayActivity[];
  progressOverTime: DayCompletions[];
  timezone: string;
}

export interface Stats {
  completedCount: number;
  startedCount: number;
  completedByType: Record<string, number>;
  completedByTrack: Record<string, number>;
  timeSpentSeconds: number;
  submissions: number;
  passedSubmissions: number;
  /** Passed / all submissions, 0 when there are none. */
  passRate: number;
  runs: number;
  tutorQuestions: number;
  languages: string[];
}

export const dashboardKeys = {
  all: ['dashboard'] as const,
  dashboard: () => ['dashboard', 'summary'] as const,
  achievements: () => ['dashboard', 'achievements'] as const,
  stats: () => ['dashboard', 'stats'] as const,
};

export const getDashboard = () => api.get<Dashboard>('/dashboard');
export const getAchievements = () => api.get<Achievement[]>('/achievements');
export const getStats = () => api.get<Stats>('/progress/stats');

export function useDashboard() {
  // Always fresh on arrival: the learner usually comes here right after finishing something.
  return useQuery({ queryKey: dashboardKeys.dashboard(), queryFn: getDashboard, refetchOnMount: 'always' });
}

export function useAchievements() {
  return useQuery({ queryKey: dashboardKeys.achievements(), queryFn: getAchievements, refetchOnMount: 'always' });
}

export function useStats() {
  return useQuery({ queryKey: dashboardKeys.stats(), queryFn: getStats, refetchOnMount: 'always', meta: { silent: true } });
}
