import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api/client';

export const FEEDBACK_KINDS = [
  { id: 'bug', label: 'Something is broken' },
  { id: 'idea', label: 'An idea' },
  { id: 'content', label: 'A lesson or exercise' },
  { id: 'other', label: 'Something else' },
] as const;

export interface FeedbackRequest {
  kind: string;
  message: string;
  page?: string;
  /** 1–5. */
  rating?: number;
  /** The lesson or exercise the feedback is about. */
  relatedEntity?: { type: 'lesson' | 'exercise'; id: string };
}

export const sendFeedback = (req: FeedbackRequest) => api.post<unknown>('/feedback', req);

export function useSendFeedback() {
  return useMutation({ mutationFn: sendFeedback });
}
