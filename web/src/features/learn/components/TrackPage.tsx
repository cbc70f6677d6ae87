import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { ClaimCertificate } from '@/components/certificates/ClaimCertificate';
import { Button } from '@/components/ui/Button';
import { EmptyState } from '@/components/ui/EmptyState';
import { Page } from '@/components/ui/Page';
import { PageLoading } from '@/components/ui/Spinner';
import { errorMessage } from '@/lib/api/forms';
import { isApiError, isNetworkError } from '@/lib/api/problem';
import { NotAvailableOffline } from '@/components/offline/OfflineBanner';
import { useMe } from '@/lib/auth';
import type { ItemSummary } from '@/lib/api/types';
import { useContents } from '../api/content';
import { useTrack } from '../api/tracks';
import { CheckIcon, itemMeta, LockIcon, ProgressBar, TypeBadge } from './bits';

/** What a locked item still waits for: its prerequisites that are not completed, by title. */
export function missingPrerequisites(prerequisites: string[], items: Map<string, ItemSummary>): { slug: string; title: string }[] {
  return prerequisites.filter((slug) => !items.get(slug)?.completed).map((slug) => ({ slug, title: items.get(slug)?.title ?? slug }));
}

export function TrackPage() {
  const { slug } = useParams();
  const track = useTrack(slug);
  const me = useMe();

  const items = useMemo(() => new Map((track.data?.modules ?? []).flatMap((m) => m.items).map((i) => [i.slug, i])), [track.data]);
  // The summary says only *that* an item is locked; its details say by what.
  const lockedSlugs = useMemo(() => [...items.values()].filter((i) => i.locked).map((i) => i.slug), [items]);
  const lockedDetails = useContents(lockedSlugs);
  const prerequisitesOf = new Map(lockedSlugs.map((s, i) => [s, lockedDetails[i]?.data?.prerequisites]));

  if (track.isPending) return <PageLoading label="Loading the track…" />;
  if (track.isError && isNetworkError(track.error))
    return (
      <Page title="Not available offline">
        <NotAvailableOffline
          what="This track"
          action={
            <Link to="/learn" className="font-medium text-indigo-700 underline dark:text-indigo-300">
              All tracks
            </Link>
          }
        />
      </Page>
    );
  if (track.isError)
    return (
      <Page title={isApiError(track.error) && track.error.status === 404 ? 'Track not found' : 'Track'}>
        <EmptyState
          title={isApiError(track.error) && track.error.status === 404 ? 'There is no such track' : 'Could not load the track'}
          action={
            <Link to="/learn" className="font-medium text-indigo-700 underline dark:text-indigo-300">
              All tracks
            </Link>
          }
        >
          {errorMessage(track.error)}
          {!(isApiError(track.error) && track.error.status === 404) && (
            <div className="mt-3">
              <Button onClick={() => void track.refetch()}>Try again</Button>
            </div>
          )}
        </EmptyState>
      </Page>
    );

  const t = track.data;
  return (
    <Page title={t.title} description={t.description}>
      <nav aria-label="Breadcrumb" className="-mt-3 mb-4 text-sm">
        <Link to="/learn" className="font-medium text-indigo-700 underline dark:text-indigo-300">
          All tracks
        </Link>
      </nav>
      <div className="mb-6 space-y-1">
        <ProgressBar value={t.completedCount} max={t.itemCount} label={`${t.title} progress`} />
        <p className="text-sm text-slate-600 dark:text-slate-300">
          {t.completedCount} of {t.itemCount} done
        </p>
        {me.data && (
          <div className="pt-2">
            <ClaimCertificate track={t.slug} trackTitle={t.title} complete={t.itemCount > 0 && t.completedCount === t.itemCount} />
          </div>
        )}
      </div>
      <ol className="space-y-6">
        {t.modules.map((m, mi) => (
          <li key={m.slug}>
            <section aria-labelledby={`module-${m.slug}`}>
              <h2 id={`module-${m.slug}`} className="text-lg font-semibold">
                <span className="text-slate-600 dark:text-slate-400">{mi + 1}.</span> {m.title}
              </h2>
              <ol className="mt-2 divide-y divide-slate-200 rounded-lg border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
                {m.items.map((item) => {
                  const prereqs = prerequisitesOf.get(item.slug);
                  const missing = prereqs ? missingPrerequisites(prereqs, items) : [];
                  return (
                    <li key={item.slug} className="flex items-start gap-3 px-3 py-3" data-testid="track-item" data-slug={item.slug}>
                      <span
                        className={`mt-0.5 flex h-6 w-6 flex-none items-center justify-center rounded-full ${
                          item.completed
                            ? 'bg-green-700 text-white'
                            : item.locked
                              ? 'bg-slate-200 text-slate-700 dark:bg-slate-800 dark:text-slate-300'
                              : 'border-2 border-slate-400 dark:border-slate-500'
                        }`}
                      >
                        {item.completed ? <CheckIcon /> : item.locked ? <LockIcon /> : null}
                      </span>
                      <div className="min-w-0 flex-1">
                        <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                          <Link
                            to={`/learn/${item.slug}`}
                            className={`font-medium hover:underline ${item.locked ? 'text-slate-700 dark:text-slate-300' : ''}`}
                          >
                            {item.title}
                          </Link>
                          <TypeBadge type={item.type} />
                          {item.completed && <span className="text-xs font-medium text-green-800 dark:text-green-300">Done</span>}
                          {item.locked && <span className="sr-only">Locked</span>}
                        </div>
                        <p className="mt-0.5 text-xs text-slate-600 dark:text-slate-400">
                          {itemMeta(item)}
                          {!item.completed && item.progressPercentage > 0 && ` · ${item.progressPercentage}% read`}
                        </p>
                        {item.locked && missing.length > 0 && (
                          <p className="mt-1 text-xs text-slate-700 dark:text-slate-300" data-testid="locked-reason">
                            Locked: finish{' '}
                            {missing.map((p, i) => (
                              <span key={p.slug}>
                                {i > 0 && (i === missing.length - 1 ? ' and ' : ', ')}
                                <Link to={`/learn/${p.slug}`} className="underline">
                                  {p.title}
                                </Link>
                              </span>
                            ))}{' '}
                            first.
                          </p>
                        )}
                      </div>
                    </li>
                  );
                })}
              </ol>
            </section>
          </li>
        ))}
      </ol>
    </Page>
  );
}
