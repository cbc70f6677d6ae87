import { Link, useParams } from 'react-router';
import { Button } from '@/components/ui/Button';
import { EmptyState } from '@/components/ui/EmptyState';
import { Page } from '@/components/ui/Page';
import { PageLoading } from '@/components/ui/Spinner';
import { errorMessage } from '@/lib/api/forms';
import { isApiError, isNetworkError } from '@/lib/api/problem';
import { NotAvailableOffline } from '@/components/offline/OfflineBanner';
import { useMe } from '@/lib/auth';
import { usePageSubject } from '@/lib/pageSubject';
import { useContent } from '../api/content';
import { ExerciseView } from './ExerciseView';
import { ItemHeader } from './ItemHeader';
import { LessonReader } from './LessonReader';
import { RateItem } from './RateItem';

/** `/learn/:slug`: a lesson or an exercise (the tutor links lessons here). */
export function ContentPage() {
  const { slug } = useParams();
  const content = useContent(slug);
  const me = useMe();
  // The header's Feedback dialog offers to tie what the learner writes to this item.
  const loaded = content.data;
  usePageSubject(
    loaded && (loaded.type === 'lesson' || loaded.type === 'exercise') ? { type: loaded.type, id: loaded.id, title: loaded.title } : null,
  );

  if (content.isPending || me.isPending) return <PageLoading label="Loading…" />;
  if (content.isError && isNetworkError(content.error))
    return (
      <Page title="Not available offline">
        <NotAvailableOffline
          what="This lesson"
          action={
            <Link to="/learn" className="font-medium text-indigo-700 underline dark:text-indigo-300">
              All tracks
            </Link>
          }
        />
      </Page>
    );
  if (content.isError) {
    const notFound = isApiError(content.error) && content.error.status === 404;
    return (
      <Page title={notFound ? 'Not found' : 'Learn'}>
        <EmptyState
          title={notFound ? 'There is no lesson or exercise here' : 'Could not load this page'}
          action={
            notFound ? (
              <Link to="/learn" className="font-medium text-indigo-700 underline dark:text-indigo-300">
                All tracks
              </Link>
            ) : (
              <Button onClick={() => void content.refetch()}>Try again</Button>
            )
          }
        >
          {errorMessage(content.error)}
        </EmptyState>
      </Page>
    );
  }
  const item = content.data;
  const loggedIn = !!me.data;
  const exercise = item.type === 'exercise';
  return (
    <Page title={item.title} wide={exercise}>
      <ItemHeader item={item} loggedIn={loggedIn} />
      {exercise ? (
        <ExerciseView key={item.id} item={item} loggedIn={loggedIn} />
      ) : (
        <LessonReader key={item.id} item={item} loggedIn={loggedIn} />
      )}
      <RateItem item={item} loggedIn={loggedIn} />
    </Page>
  );
}
