import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import { errorMessage } from '@/lib/api/forms';
import { toast } from '@/lib/toast';
import type { Bookmark, ContentDetail } from '@/lib/api/types';
import { learnKeys } from './keys';

export const getBookmarks = () => api.get<Bookmark[]>('/bookmarks');
export const setBookmark = (contentId: string, on: boolean) =>
  on ? api.put<void>(`/bookmarks/${contentId}`) : api.delete<void>(`/bookmarks/${contentId}`);

export function useBookmarks() {
  return useQuery({ queryKey: learnKeys.bookmarks(), queryFn: getBookmarks });
}

/** Toggles a bookmark; the item's page shows the new state at once and rolls back on failure. */
export function useSetBookmark(slug?: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ contentId, on }: { contentId: string; on: boolean }) => setBookmark(contentId, on),
    onMutate: ({ on }) => {
      if (!slug) return undefined;
      const key = learnKeys.content(slug);
      const before = qc.getQueryData<ContentDetail>(key);
      if (before) qc.setQueryData<ContentDetail>(key, { ...before, bookmarked: on });
      return before;
    },
    onError: (e, _v, before) => {
      if (slug && before) qc.setQueryData(learnKeys.content(slug), before);
      toast.error(errorMessage(e));
    },
    onSettled: () => qc.invalidateQueries({ queryKey: learnKeys.bookmarks() }),
  });
}
