import { Link } from 'react-router';
import { Button } from '@/components/ui/Button';
import { EmptyState } from '@/components/ui/EmptyState';
import { Page } from '@/components/ui/Page';
import { PageLoading } from '@/components/ui/Spinner';
import { errorMessage } from '@/lib/api/forms';
import { isNetworkError } from '@/lib/api/problem';
import { NotAvailableOffline } from '@/components/offline/OfflineBanner';
import { useMe } from '@/lib/auth';
import { useTracks } from '../api/tracks';
import { ProgressBar } from './bits';

export function CatalogPage() {
  const tracks = useTracks();
  const me = useMe();
  return (
    <Page title="Learn" description="Pick a language and work through its lessons and exercises in order.">
      {me.data && (
        <p className="-mt-3 mb-4 text-sm">
          <Link to="/learn/bookmarks" className="font-medium text-indigo-700 underline dark:text-indigo-300">
            Your bookmarks
          </Link>
        </p>
      )}
      {tracks.isPending ? (
        <PageLoading label="Loading tracks…" />
      ) : tracks.isError && isNetworkError(tracks.error) ? (
        <NotAvailableOffline what="The list of tracks" action={<Button onClick={() => void tracks.refetch()}>Try again</Button>} />
      ) : tracks.isError ? (
        <EmptyState title="Could not load the tracks" action={<Button onClick={() => void tracks.refetch()}>Try again</Button>}>
          {errorMessage(tracks.error)}
        </EmptyState>
      ) : tracks.data.length === 0 ? (
        <EmptyState title="No tracks yet">An administrator can import a curriculum with `codestead content import`.</EmptyState>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2">
          {tracks.data.map((t) => (
            <li
              key={t.slug}
              className="relative flex flex-col rounded-lg border border-slate-200 bg-white p-4 shadow-sm hover:border-indigo-400 dark:border-slate-800 dark:bg-slate-900 dark:hover:border-indigo-500"
            >
              <h2 className="text-lg font-semibold">
                {/* The whole card is the link's target area; the name is its accessible text. */}
                <Link to={`/learn/tracks/${t.slug}`} className="after:absolute after:inset-0 after:content-['']">
                  {t.title}
                </Link>
              </h2>
              <p className="mt-1 flex-1 text-sm text-slate-600 dark:text-slate-300">{t.description}</p>
              <div className="mt-4 space-y-1">
                <ProgressBar value={t.completedCount} max={t.itemCount} label={`${t.title} progress`} />
                <p className="text-xs text-slate-600 dark:text-slate-400">
                  {t.completedCount} of {t.itemCount} done
                </p>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
