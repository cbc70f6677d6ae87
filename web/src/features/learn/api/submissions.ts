import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import type { SubmissionRequest, SubmissionResult } from '@/lib/api/types';
import { learnKeys } from './keys';

export const submitSolution = (idOrSlug: string, req: SubmissionRequest) =>
  api.post<SubmissionResult>(`/exercises/${encodeURIComponent(idOrSlug)}/submissions`, req);

export function useSubmitSolution(idOrSlug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (req: SubmissionRequest) => submitSolution(idOrSlug, req),
    // The page shows every failure (rate limits with their wait) itself.
    meta: { silent: true },
    onSuccess: (res) => {
      if (res.completed) void qc.invalidateQueries({ queryKey: learnKeys.all });
      else void qc.invalidateQueries({ queryKey: learnKeys.attempts(idOrSlug) });
    },
  });
}
