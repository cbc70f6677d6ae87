import { Link } from 'react-router';
import type { ContentDetail } from '@/lib/api/types';
import { useTrack } from '../api/tracks';
import { BookmarkButton } from './BookmarkButton';
import { CheckIcon, itemMeta, TypeBadge } from './bits';

/** Track link, badges, bookmark toggle, and — when locked — which prerequisites come first. */
export function ItemHeader({ item, loggedIn }: { item: ContentDetail; loggedIn: boolean }) {
  const track = useTrack(item.track);
  const items = new Map((track.data?.modules ?? []).flatMap((m) => m.items).map((i) => [i.slug, i]));
  const missing = item.prerequisites.filter((slug) => !items.get(slug)?.completed);
  return (
    <div className="-mt-3 mb-6 space-y-3">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2 text-sm">
        <Link to={`/learn/tracks/${item.track}`} className="font-medium text-indigo-700 underline dark:text-indigo-300">
          {track.data?.title ?? item.track} track
        </Link>
        <TypeBadge type={item.type} />
        <span className="text-slate-600 dark:text-slate-400">{itemMeta(item)}</span>
        {item.completed && (
          <span className="inline-flex items-center gap-1 font-medium text-green-800 dark:text-green-300" data-testid="item-done">
            <CheckIcon /> Done
          </span>
        )}
        {loggedIn && (
          <span className="ml-auto">
            <BookmarkButton contentId={item.id} slug={item.slug} bookmarked={item.bookmarked} />
          </span>
        )}
      </div>
      {item.locked && (
        <div
          className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
          data-testid="locked-notice"
        >
          <strong>Locked.</strong> You can read it now, but it builds on{' '}
          {missing.length > 0
            ? missing.map((slug, i) => (
                <span key={slug}>
                  {i > 0 && (i === missing.length - 1 ? ' and ' : ', ')}
                  <Link to={`/learn/${slug}`} className="font-medium underline">
                    {items.get(slug)?.title ?? slug}
                  </Link>
                </span>
              ))
            : 'earlier items'}
          {loggedIn ? ': finish that first.' : '. Log in to keep track of what you finished.'}
        </div>
      )}
    </div>
  );
}
