import { Link } from 'react-router';
import { Button } from '@/components/ui/Button';
import { EmptyState } from '@/components/ui/EmptyState';
import { Page } from '@/components/ui/Page';
import { PageLoading } from '@/components/ui/Spinner';
import { useNotifications, useReadAll } from '../api';

/** `/notifications`: comments on the learner's code and replies to the teacher's. */
export function NotificationsPage() {
  const list = useNotifications();
  const readAll = useReadAll();
  if (list.isPending) return <PageLoading label="Loading notifications…" />;
  const items = list.data?.items ?? [];
  return (
    <Page title="Notifications">
      {items.length === 0 ? (
        <EmptyState title="Nothing new" />
      ) : (
        <>
          <Button variant="secondary" onClick={() => readAll.mutate()} disabled={list.data?.unread === 0}>
            Mark all read
          </Button>
          <ul className="mt-4 grid gap-2" data-testid="notifications">
            {items.map((n) => (
              <li key={n.id} className={`rounded-lg border p-3 ${n.read ? 'border-slate-200 dark:border-slate-800' : 'border-indigo-400'}`}>
                <Link to={n.link} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">
                  {n.message}
                </Link>
                {!n.read && <span className="sr-only"> (unread)</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </Page>
  );
}
