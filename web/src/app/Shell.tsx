import { useEffect, useState, type ReactNode } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { displayName, useLogout, useMe } from '@/lib/auth';
import { useTheme, type ThemeChoice } from '@/lib/theme';
import { Toaster } from '@/components/ui/Toaster';
import { OfflineBanner } from '@/components/offline/OfflineBanner';
import { UpdatePrompt } from '@/components/offline/UpdatePrompt';
import { noteSignedInUser } from '@/lib/offline/savedLessons';
import { isNetworkError } from '@/lib/api/problem';
import { FeedbackButton } from '@/features/feedback/components/FeedbackButton';
import { NotificationBell, NotificationNavLink } from '@/features/classrooms/components/NotificationBell';
import { HeaderSearch } from './HeaderSearch';

const nav: { to: string; label: string; icon: ReactNode }[] = [
  { to: '/dashboard', label: 'Dashboard', icon: <path d="M4 4h7v7H4zM13 4h7v4h-7zM13 10h7v10h-7zM4 13h7v7H4z" /> },
  { to: '/learn', label: 'Learn', icon: <path d="M4 5h7a3 3 0 013 3v11a2 2 0 00-2-2H4zM20 5h-4a3 3 0 00-3 3" /> },
  { to: '/playground', label: 'Playground', icon: <path d="M8 8l-4 4 4 4M16 8l4 4-4 4" /> },
  { to: '/projects', label: 'Projects', icon: <path d="M3 7h6l2 2h10v10H3z" /> },
  { to: '/classes', label: 'Classes', icon: <path d="M3 9l9-5 9 5-9 5zM7 11v5c0 1 2 3 5 3s5-2 5-3v-5" /> },
  { to: '/tutor', label: 'Tutor', icon: <path d="M4 5h16v11H8l-4 4z" /> },
  { to: '/profile', label: 'Profile', icon: <path d="M12 12a4 4 0 100-8 4 4 0 000 8zM4 21a8 8 0 0116 0" /> },
];

function Icon({ children }: { children: ReactNode }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      className="h-5 w-5 flex-none"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      {children}
    </svg>
  );
}

function ThemeToggle() {
  const { choice, resolved, setChoice } = useTheme();
  const next: ThemeChoice = resolved === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      onClick={() => setChoice(next)}
      onContextMenu={(e) => {
        // A way back to "follow the OS" without another control in the header.
        e.preventDefault();
        setChoice('system');
      }}
      className="rounded-md p-2 text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800"
      aria-label={`Switch to ${next} theme`}
      title={choice === 'system' ? 'Theme follows your system (click to switch)' : `Theme: ${choice}`}
      data-testid="theme-toggle"
    >
      <Icon>
        {resolved === 'dark' ? (
          <path d="M12 3v2M12 19v2M5 5l1.5 1.5M17.5 17.5L19 19M3 12h2M19 12h2M5 19l1.5-1.5M17.5 6.5L19 5M12 8a4 4 0 100 8 4 4 0 000-8z" />
        ) : (
          <path d="M21 13A9 9 0 1111 3a7 7 0 0010 10z" />
        )}
      </Icon>
    </button>
  );
}

function UserMenu() {
  const me = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  if (me.isPending) return null;
  // Offline the server could not say who is signed in: offer no "Log in" that cannot work.
  if (me.isError && isNetworkError(me.error)) return null;
  if (!me.data)
    return (
      <div className="flex items-center gap-1">
        <Link to="/login" className="rounded-md px-3 py-2 text-sm font-medium hover:bg-slate-100 dark:hover:bg-slate-800">
          Log in
        </Link>
        <Link to="/register" className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-700">
          Sign up
        </Link>
      </div>
    );
  return (
    <div className="flex items-center gap-1">
      <span className="hidden sm:inline">
        <FeedbackButton />
      </span>
      <Link
        to="/settings"
        className="hidden max-w-40 truncate rounded-md px-3 py-2 text-sm font-medium hover:bg-slate-100 sm:block dark:hover:bg-slate-800"
        title="Account settings"
      >
        {displayName(me.data)}
      </Link>
      <button
        type="button"
        onClick={() =>
          void logout
            .mutateAsync()
            .catch(() => undefined)
            .then(() => navigate('/login', { replace: true }))
        }
        disabled={logout.isPending}
        className="rounded-md px-3 py-2 text-sm font-medium whitespace-nowrap hover:bg-slate-100 dark:hover:bg-slate-800"
      >
        Log out
      </button>
    </div>
  );
}

export function Shell() {
  const location = useLocation();
  const me = useMe();
  const isAdmin = me.data?.role === 'admin';
  // Saved lessons carry their reader's progress: a different answer to "who is signed in" deletes them.
  const signedIn = me.isSuccess ? (me.data?.id ?? null) : undefined;
  useEffect(() => {
    if (signedIn !== undefined) void noteSignedInUser(signedIn);
  }, [signedIn]);
  // The menu belongs to the page it was opened on: navigating closes it without an effect.
  const [menuOpenOn, setMenuOpenOn] = useState<string | null>(null);
  const menuOpen = menuOpenOn === location.pathname;

  return (
    <div className="flex min-h-dvh flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-slate-900"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-30 flex h-14 print:hidden items-center gap-2 border-b border-slate-200 bg-white/95 px-3 backdrop-blur dark:border-slate-800 dark:bg-slate-950/95">
        <button
          type="button"
          className="rounded-md p-2 hover:bg-slate-100 md:hidden dark:hover:bg-slate-800"
          aria-label={menuOpen ? 'Close navigation' : 'Open navigation'}
          aria-expanded={menuOpen}
          aria-controls="sidebar"
          onClick={() => setMenuOpenOn(menuOpen ? null : location.pathname)}
        >
          <Icon>{menuOpen ? <path d="M6 6l12 12M18 6L6 18" /> : <path d="M4 6h16M4 12h16M4 18h16" />}</Icon>
        </button>
        <Link to="/" className="flex items-center gap-2 rounded-md px-1 text-lg font-semibold tracking-tight whitespace-nowrap">
          <img src="/favicon.svg" alt="" className="h-7 w-7" width="28" height="28" />
          <span>Codestead</span>
        </Link>
        <HeaderSearch />
        <div className="ml-auto flex items-center gap-1">
          <NotificationBell signedIn={!!me.data} />
          <ThemeToggle />
          <UserMenu />
        </div>
      </header>
      <UpdatePrompt />
      <OfflineBanner />
      <div className="flex flex-1">
        <nav
          id="sidebar"
          aria-label="Main"
          className={`${menuOpen ? 'block' : 'hidden'} print:hidden fixed inset-x-0 top-14 bottom-0 z-20 overflow-y-auto border-r border-slate-200 bg-white p-3 md:static md:block md:w-56 md:flex-none dark:border-slate-800 dark:bg-slate-950`}
        >
          <ul className="space-y-1">
            {nav.map((item) => (
              <li key={item.to}>
                <NavLink
                  to={item.to}
                  className={({ isActive }) =>
                    `flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium ${
                      isActive
                        ? 'bg-indigo-50 text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200'
                        : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'
                    }`
                  }
                >
                  <Icon>{item.icon}</Icon>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
          <ul className="mt-4 space-y-1 border-t border-slate-200 pt-4 dark:border-slate-800">
            {isAdmin && (
              <li>
                <NavLink
                  to="/admin"
                  className={({ isActive }) =>
                    `flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium ${
                      isActive
                        ? 'bg-indigo-50 text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200'
                        : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'
                    }`
                  }
                >
                  <Icon>
                    <path d="M12 3l8 4v5c0 5-3.5 8-8 9-4.5-1-8-4-8-9V7z" />
                  </Icon>
                  Admin
                </NavLink>
              </li>
            )}
            {me.data && (
              <li className="sm:hidden">
                <FeedbackButton />
              </li>
            )}
            <li className="sm:hidden">
              <NotificationNavLink signedIn={!!me.data} />
            </li>
            <li>
              <NavLink
                to="/settings"
                className={({ isActive }) =>
                  `flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium ${
                    isActive
                      ? 'bg-indigo-50 text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200'
                      : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'
                  }`
                }
              >
                <Icon>
                  <path d="M12 15a3 3 0 100-6 3 3 0 000 6zM19 12a7 7 0 00-.1-1.2l2-1.6-2-3.4-2.4 1a7 7 0 00-2-1.2L14 3h-4l-.5 2.6a7 7 0 00-2 1.2l-2.4-1-2 3.4 2 1.6a7 7 0 000 2.4l-2 1.6 2 3.4 2.4-1a7 7 0 002 1.2L10 21h4l.5-2.6a7 7 0 002-1.2l2.4 1 2-3.4-2-1.6c.1-.4.1-.8.1-1.2z" />
                </Icon>
                Settings
              </NavLink>
            </li>
          </ul>
        </nav>
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 focus:outline-none">
          <Outlet />
        </main>
      </div>
      <Toaster />
    </div>
  );
}
