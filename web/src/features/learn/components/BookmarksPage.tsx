import { Link } from 'react-router';
import { Button } from '@/components/ui/Button';
import { EmptyState } from '@/components/ui/EmptyState';
import { Page } from '@/components/ui/Page';
import { PageLoading } from '@/components/ui/Spinner';
import { errorMessage } from '@/lib/api/forms';
import { useBookmarks, useSetBookmark } from '../api/bookmarks';
import { CheckIcon, itemMeta, TypeBadge } from './bits';
import { formatDay } from '@/lib/dates';

export function BookmarksPage() {
  const bookmarks = useBookmarks();
  const remove = useSetBookmark();
  return (
    <Page title="Bookmarks" description="Lessons and exercises you saved to come back to.">
      {bookmarks.isPending ? (
        <PageLoading label="Loading bookmarks…" />
      ) : bookmarks.isError ? (
        <EmptyState title="Could not load your bookmarks" action={<Button onClick={() => void bookmarks.refetch()}>Try again</Button>}>
          {errorMessage(bookmarks.error)}
        </EmptyState>
      ) : bookmarks.data.length === 0 ? (
        <EmptyState
          title="No bookmarks yet"
          action={
            <Link to="/learn" className="font-medium text-indigo-700 underline dark:text-indigo-300">
              Browse the tracks
            </Link>
          }
        >
          Use the Bookmark button on a lesson or exercise to keep it here.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
          {bookmarks.data.map(({ item, createdAt }) => (
            <li key={item.id} className="flex flex-wrap items-center gap-3 px-3 py-3" data-testid="bookmark">
              <div className="min-w-0 flex-1">
                <div className="flex flex-wrap items-center gap-2">
                  <Link to={`/learn/${item.slug}`} className="font-medium hover:underline">
                    {item.title}
                  </Link>
                  <TypeBadge type={item.type} />
                  {item.completed && (
                    <span className="inline-flex items-center gap-1 text-xs font-medium text-green-800 dark:text-green-300">
                      <CheckIcon className="h-3 w-3" /> Done
                    </span>
                  )}
                </div>
                <p className="mt-0.5 text-xs text-slate-600 dark:text-slate-400">
                  {item.track} · {itemMeta(item)} · saved {formatDay(createdAt)}
                </p>
              </div>
              <Button
                variant="ghost"
                onClick={() => remove.mutate({ contentId: item.id, on: false })}
                disabled={remove.isPending}
                aria-label={`Remove the bookmark on ${item.title}`}
              >
                Remove
              </Button>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
