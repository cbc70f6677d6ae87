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
}

export const sendFeedback = (req: FeedbackRequest) => api.post<unknown>('/feedback', req);

export function useSendFeedback() {
  return useMutation({ mutationFn: sendFeedback });
}
