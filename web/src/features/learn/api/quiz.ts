import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import type { QuizFeedback } from '@/lib/api/types';

export const checkQuiz = (idOrSlug: string, answers: number[]) =>
  api.post<QuizFeedback[]>(`/content/${encodeURIComponent(idOrSlug)}/quiz`, { answers }, { on401: 'throw' });

export function useCheckQuiz(idOrSlug: string) {
  // The quiz shows its own errors.
  return useMutation({ mutationFn: (answers: number[]) => checkQuiz(idOrSlug, answers), meta: { silent: true } });
}
