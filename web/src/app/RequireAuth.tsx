import { Navigate, Outlet, useLocation } from 'react-router';
import { useMe, wasLoggedOutByUser } from '@/lib/auth';
import { PageLoading } from '@/components/ui/Spinner';
import { safeNext } from '@/lib/navigation';

/** Pages behind a login: wait for `me`, then show the page or go to /login and come back after. */
export function RequireAuth() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <PageLoading label="Checking your session…" />;
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
