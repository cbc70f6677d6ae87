import { useNavigate } from 'react-router';
import { Button } from '@/components/ui/Button';
import { EmptyState } from '@/components/ui/EmptyState';
import { Card } from '@/components/ui/Page';
import { PageLoading } from '@/components/ui/Spinner';
import { useLogout } from '@/lib/auth';
import { toast } from '@/lib/toast';
import { useRevokeSession, useSessions } from '../api/sessions';
import { formatMoment } from '@/lib/dates';

const when = (iso: string) => formatMoment(iso, iso);

/** A short, human description of a user agent ("Chrome on Linux"); the full string is in the title. */
export function describeAgent(ua: string | null | undefined): string {
  if (!ua) return 'Unknown device';
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : /curl\//.test(ua)
            ? 'curl'
            : null;
  const os = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS X/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : null;
  if (browser && os) return `${browser} on ${os}`;
  return browser ?? os ?? ua.slice(0, 60);
}

export function SessionsList() {
  const sessions = useSessions();
  const revoke = useRevokeSession();
  const logout = useLogout();
  const navigate = useNavigate();

  return (
    <Card title="Active sessions">
      {sessions.isPending && <PageLoading label="Loading sessions…" />}
      {sessions.isError && <EmptyState title="Could not load your sessions">Reload the page to try again.</EmptyState>}
      {sessions.data && sessions.data.length === 0 && <EmptyState title="No active sessions" />}
      {sessions.data && sessions.data.length > 0 && (
        <ul className="divide-y divide-slate-200 dark:divide-slate-800">
          {sessions.data.map((s) => (
            <li key={s.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
              <div className="min-w-0">
                <p className="font-medium" title={s.userAgent ?? undefined}>
                  {describeAgent(s.userAgent)}
                  {s.current && (
                    <span className="ml-2 rounded bg-green-100 px-2 py-0.5 text-xs font-medium text-green-900 dark:bg-green-900 dark:text-green-100">
                      This device
                    </span>
                  )}
                </p>
                <p className="text-sm text-slate-600 dark:text-slate-400">
                  {s.ip ? `${s.ip} · ` : ''}signed in {when(s.createdAt)} · last active {when(s.lastSeenAt)}
                </p>
              </div>
              <Button
                variant="secondary"
                loading={revoke.isPending && revoke.variables === s.id}
                aria-label={s.current ? 'Sign out this device' : `Revoke session ${describeAgent(s.userAgent)} from ${when(s.createdAt)}`}
                onClick={() => {
                  if (s.current) {
                    void logout
                      .mutateAsync()
                      .catch(() => undefined)
                      .then(() => navigate('/login', { replace: true }));
                    return;
                  }
                  revoke.mutate(s.id, { onSuccess: () => toast.success('Session revoked.') });
                }}
              >
                {s.current ? 'Sign out' : 'Revoke'}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
