//! GET /dashboard (streak, counts, work in progress, recommendations, activity) and
//! GET /achievements (every badge, earned or not).

import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import type {
  Achievement,
  Activity,
  Dashboard,
  DayActivity,
  DayCompletions,
  InProgressItem,
  ItemRef,
  LearnerStats,
  Recommendation,
  Streak,
} from '@/lib/api/types';

export type {
  Achievement,
  Activity,
  Dashboard,
  DayActivity,
  DayCompletions,
  InProgressItem as InProgress,
  ItemRef,
  Recommendation,
  LearnerStats as Stats,
  Streak,
};

export const dashboardKeys = {
  all: ['dashboard'] as const,
  dashboard: () => ['dashboard', 'summary'] as const,
  achievements: () => ['dashboard', 'achievements'] as const,
  stats: () => ['dashboard', 'stats'] as const,
};

export const getDashboard = () => api.get<Dashboard>('/dashboard');
export const getAchievements = () => api.get<Achievement[]>('/achievements');
export const getStats = () => api.get<LearnerStats>('/progress/stats');

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
