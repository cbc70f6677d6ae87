import { Link } from 'react-router';
import { useUnread } from '../api';

/** The sidebar's notification link for narrow screens, where the header has no room for the bell. */
export function NotificationNavLink({ signedIn }: { signedIn: boolean }) {
  const unread = useUnread(signedIn);
  if (!signedIn) return null;
  const n = unread.data?.unread ?? 0;
  return (
    <Link
      to="/notifications"
      className="flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
    >
      Notifications{n > 0 ? ` (${n} unread)` : ''}
    </Link>
  );
}

/** The header's notification link, with the unread count as a badge (and in its accessible name). From 640 px up. */
export function NotificationBell({ signedIn }: { signedIn: boolean }) {
  const unread = useUnread(signedIn);
  if (!signedIn) return null;
  const n = unread.data?.unread ?? 0;
  return (
    <Link
      to="/notifications"
      className="relative hidden rounded-md p-2 text-slate-700 sm:block hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800"
      aria-label={n > 0 ? `Notifications, ${n} unread` : 'Notifications'}
      data-testid="notification-bell"
    >
      <svg
        aria-hidden="true"
        viewBox="0 0 24 24"
        className="h-5 w-5"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      >
        <path d="M18 8a6 6 0 10-12 0c0 7-3 9-3 9h18s-3-2-3-9M13.7 21a2 2 0 01-3.4 0" />
      </svg>
      {n > 0 && (
        <span
          className="absolute -top-0.5 -right-0.5 min-w-5 rounded-full bg-red-700 px-1 text-center text-xs font-semibold text-white"
          data-testid="notification-count"
        >
          {n > 99 ? '99+' : n}
        </span>
      )}
    </Link>
  );
}
