import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import type { Attempt, TestResult } from '@/lib/api/types';
import { learnKeys } from './keys';

export const getAttempts = (idOrSlug: string) => api.get<Attempt[]>(`/exercises/${encodeURIComponent(idOrSlug)}/submissions`);

export function useAttempts(idOrSlug: string, enabled: boolean) {
  return useQuery({ queryKey: learnKeys.attempts(idOrSlug), queryFn: () => getAttempts(idOrSlug), enabled, meta: { silent: true } });
}

/** The OpenAPI document types `tests` as a bare object; the server sends the per-test list. */
export function attemptTests(a: Attempt): TestResult[] {
  const tests: unknown = a.tests;
  return Array.isArray(tests) ? (tests as TestResult[]) : [];
}
