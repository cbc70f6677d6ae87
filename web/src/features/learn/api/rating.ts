import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import { errorMessage } from '@/lib/api/forms';
import { toast } from '@/lib/toast';
import type { ContentDetail, RatingResult } from '@/lib/api/types';
import { learnKeys } from './keys';

export const rateContent = (idOrSlug: string, rating: number) =>
  api.put<RatingResult>(`/content/${encodeURIComponent(idOrSlug)}/rating`, { rating });
export const withdrawRating = (idOrSlug: string) => api.delete<RatingResult>(`/content/${encodeURIComponent(idOrSlug)}/rating`);

/** Rates the item (or withdraws the rating with `null`); the page shows the server's new figures. */
export function useRateContent(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (rating: number | null) => (rating == null ? withdrawRating(slug) : rateContent(slug, rating)),
    onSuccess: (r) => {
      const key = learnKeys.content(slug);
      const before = qc.getQueryData<ContentDetail>(key);
      if (before)
        qc.setQueryData<ContentDetail>(key, {
          ...before,
          myRating: r.myRating ?? null,
          averageRating: r.averageRating ?? null,
          ratingCount: r.ratingCount,
        });
      // Lists (the track page, the catalogue) show the average too.
      void qc.invalidateQueries({ queryKey: learnKeys.tracks() });
    },
    onError: (e) => toast.error(errorMessage(e)),
  });
}
