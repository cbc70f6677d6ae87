import { Link, Navigate, Outlet, useLocation } from 'react-router';
import { useMe, wasLoggedOutByUser } from '@/lib/auth';
import { PageLoading } from '@/components/ui/Spinner';
import { safeNext } from '@/lib/navigation';
import { isNetworkError } from '@/lib/api/problem';
import { Page } from '@/components/ui/Page';
import { NotAvailableOffline } from '@/components/offline/OfflineBanner';

/** Pages behind a login: wait for `me`, then show the page or go to /login and come back after. */
export function RequireAuth() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <PageLoading label="Checking your session…" />;
  // Offline the server cannot say who is signed in: that is not "logged out", so no login page.
  if (me.isError && isNetworkError(me.error))
    return (
      <Page title="Not available offline">
        <NotAvailableOffline
          what="This page"
          saved={false}
          action={
            <Link to="/learn" className="font-medium text-indigo-700 underline dark:text-indigo-300">
              Your saved lessons
            </Link>
          }
        />
      </Page>
    );
  if (!me.data) {
    if (wasLoggedOutByUser()) return <Navigate to="/login" replace />;
    const next = `${location.pathname}${location.search}${location.hash}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Outlet />;
}

/** Login/register while logged in make no sense: go where the user was heading. */
export function RedirectIfAuthed() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <PageLoading />;
  if (me.data) return <Navigate to={safeNext(new URLSearchParams(location.search).get('next'))} replace />;
  return <Outlet />;
}
