//! The admin API (stats, feedback triage, outbox). Hand-written shapes until the generated types
//! have them; the list readers accept a bare array or a page object.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api/client';

export interface AdminStats {
  users?: { total?: number; verified?: number; active7d?: number; active30d?: number };
  runsByLanguage?: { language: string; status?: string; count: number }[];
  runsPerDay?: { date: string; count: number }[];
  tutor?: { messages?: number; conversations?: number; byProvider?: Record<string, number> | { provider: string; count: number }[] };
  completions?: { total?: number; perDay?: { date: string; count: number }[] };
}

export const FEEDBACK_STATUSES = ['new', 'triaged', 'planned', 'done', 'wontfix'] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];

export interface FeedbackItem {
  id: string;
  kind: string;
  message: string;
  page?: string | null;
  status: FeedbackStatus | (string & {});
  adminNote?: string | null;
  /** 1–5, when the author gave one. */
  rating?: number | null;
  /** The lesson or exercise it is about; `slug` is null once the item left the curriculum. */
  relatedEntity?: { type: string; id: string; slug?: string | null; title?: string | null } | null;
  createdAt: string;
  username?: string | null;
  email?: string | null;
}

export interface OutboxMail {
  id: string;
  to: string;
  subject: string;
  createdAt: string;
  body?: string | null;
}

function items<T>(raw: unknown): T[] {
  if (Array.isArray(raw)) return raw as T[];
  const o = (raw ?? {}) as Record<string, unknown>;
  for (const k of ['items', 'feedback', 'mails', 'messages', 'data']) if (Array.isArray(o[k])) return o[k] as T[];
  return [];
}

export const getStats = () => api.get<AdminStats>('/admin/stats');
export const listFeedback = async (status: string) =>
  items<FeedbackItem>(await api.get<unknown>(`/admin/feedback${status ? `?status=${encodeURIComponent(status)}` : ''}`));
export const updateFeedback = (id: string, req: { status?: string; adminNote?: string }) =>
  api.patch<FeedbackItem>(`/admin/feedback/${encodeURIComponent(id)}`, req);
export const listOutbox = async () => {
  const raw = await api.get<unknown>('/admin/outbox');
  const mode = raw && typeof raw === 'object' && !Array.isArray(raw) ? ((raw as { mode?: string }).mode ?? null) : null;
  return { mode, mails: items<OutboxMail>(raw) };
};

export function useStats() {
  return useQuery({ queryKey: ['admin', 'stats'], queryFn: getStats, meta: { silent: true } });
}

export function useFeedbackList(status: string) {
  return useQuery({ queryKey: ['admin', 'feedback', status], queryFn: () => listFeedback(status), meta: { silent: true } });
}

export function useUpdateFeedback() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...req }: { id: string; status?: string; adminNote?: string }) => updateFeedback(id, req),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['admin', 'feedback'] }),
  });
}

export function useOutbox(enabled: boolean) {
  return useQuery({ queryKey: ['admin', 'outbox'], queryFn: listOutbox, enabled, meta: { silent: true } });
}
