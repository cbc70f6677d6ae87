import { createBrowserRouter, Navigate } from 'react-router';
import { Shell } from './Shell';
import { RouteError } from './ErrorBoundary';
import { NotFound } from './NotFound';
import { RedirectIfAuthed, RequireAuth } from './RequireAuth';
import { LoginPage } from '@/features/auth/components/LoginPage';
import { RegisterPage } from '@/features/auth/components/RegisterPage';
import { ForgotPasswordPage } from '@/features/auth/components/ForgotPasswordPage';
import { ResetPasswordPage } from '@/features/auth/components/ResetPasswordPage';
import { VerifyEmailPage } from '@/features/auth/components/VerifyEmailPage';
import { ProjectsPage } from '@/features/projects/components/ProjectsPage';
import { ProfilePage } from '@/features/portfolio/components/ProfilePage';

export function makeRouter() {
  return createBrowserRouter([
    {
      element: <Shell />,
      errorElement: <RouteError />,
      children: [
        {
          errorElement: <RouteError />,
          children: [
            // The signed-in home (RequireAuth sends a visitor to log in first).
            { index: true, element: <Navigate to="/dashboard" replace /> },
            {
              element: <RedirectIfAuthed />,
              children: [
                { path: 'login', element: <LoginPage /> },
                { path: 'register', element: <RegisterPage /> },
              ],
            },
            { path: 'forgot-password', element: <ForgotPasswordPage /> },
            { path: 'reset-password', element: <ResetPasswordPage /> },
            { path: 'verify-email', element: <VerifyEmailPage /> },
            // Learning pages carry the Markdown renderer (and exercises Monaco): loaded on demand.
            { path: 'learn', lazy: () => import('@/features/learn/components/CatalogPage').then((m) => ({ Component: m.CatalogPage })) },
            {
              path: 'learn/tracks/:slug',
              lazy: () => import('@/features/learn/components/TrackPage').then((m) => ({ Component: m.TrackPage })),
            },
            {
              path: 'learn/:slug',
              lazy: () => import('@/features/learn/components/ContentPage').then((m) => ({ Component: m.ContentPage })),
            },
            // Search covers the public catalogue: no login needed.
            { path: 'search', lazy: () => import('@/features/search/components/SearchPage').then((m) => ({ Component: m.SearchPage })) },
            {
              element: <RequireAuth />,
              children: [
                // The dashboard carries recharts: loaded on demand.
                {
                  path: 'dashboard',
                  lazy: () => import('@/features/dashboard/components/DashboardPage').then((m) => ({ Component: m.DashboardPage })),
                },
                // The playground (and Monaco inside it) is code-split: the first page stays small.
                {
                  path: 'playground',
                  lazy: () => import('@/features/playground/components/PlaygroundPage').then((m) => ({ Component: m.PlaygroundPage })),
                },
                {
                  path: 'settings',
                  lazy: () => import('@/features/settings/components/SettingsPage').then((m) => ({ Component: m.SettingsPage })),
                },
                {
                  path: 'learn/bookmarks',
                  lazy: () => import('@/features/learn/components/BookmarksPage').then((m) => ({ Component: m.BookmarksPage })),
                },
                { path: 'projects', element: <ProjectsPage /> },
                // The tutor carries the Markdown renderer: loaded on demand.
                { path: 'tutor', lazy: () => import('@/features/tutor/components/TutorPage').then((m) => ({ Component: m.TutorPage })) },
                { path: 'profile', element: <ProfilePage /> },
              ],
            },
            { path: '*', element: <NotFound /> },
          ],
        },
      ],
    },
  ]);
}
