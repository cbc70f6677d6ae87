import { useOnline } from '@/lib/offline/network';
import { useSetBookmark } from '../api/bookmarks';

export function BookmarkButton({ contentId, slug, bookmarked }: { contentId: string; slug: string; bookmarked: boolean }) {
  const set = useSetBookmark(slug);
  const online = useOnline();
  return (
    <button
      type="button"
      aria-pressed={bookmarked}
      onClick={() => set.mutate({ contentId, on: !bookmarked })}
      disabled={set.isPending || !online}
      title={online ? undefined : 'Bookmarking needs the network'}
      className="inline-flex items-center gap-1.5 rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-60 dark:border-slate-600 dark:hover:bg-slate-800"
    >
      <svg
        aria-hidden="true"
        viewBox="0 0 24 24"
        className="h-4 w-4"
        fill={bookmarked ? 'currentColor' : 'none'}
        stroke="currentColor"
        strokeWidth="2"
      >
        <path d="M6 3h12v18l-6-4-6 4z" strokeLinejoin="round" />
      </svg>
      {bookmarked ? 'Bookmarked' : 'Bookmark'}
    </button>
  );
}
