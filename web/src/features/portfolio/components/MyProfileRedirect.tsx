import { Navigate } from 'react-router';
import { PageLoading } from '@/components/ui/Spinner';
import { useMe } from '@/lib/auth';

/** `/profile` (the sidebar link): the logged-in learner's own portfolio page. */
export function MyProfileRedirect() {
  const me = useMe();
  if (!me.data) return <PageLoading />;
  return <Navigate to={`/u/${encodeURIComponent(me.data.username)}`} replace />;
}
