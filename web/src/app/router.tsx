import { createBrowserRouter } from 'react-router';
import { Shell } from './Shell';
import { RouteError } from './ErrorBoundary';
import { NotFound } from './NotFound';
import { RedirectIfAuthed, RequireAuth } from './RequireAuth';
import { LoginPage } from '@/features/auth/components/LoginPage';
import { RegisterPage } from '@/features/auth/components/RegisterPage';
import { ForgotPasswordPage } from '@/features/auth/components/ForgotPasswordPage';
import { ResetPasswordPage } from '@/features/auth/components/ResetPasswordPage';
import { HomePage } from './HomePage';
import { VerifyEmailPage } from '@/features/auth/components/VerifyEmailPage';

export function makeRouter() {
  return createBrowserRouter([
    {
      element: <Shell />,
      errorElement: <RouteError />,
      children: [
        {
          errorElement: <RouteError />,
          children: [
            // A visitor sees what Codestead is; a signed-in learner goes on to the dashboard.
            { index: true, element: <HomePage /> },
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
            // Public pages: a shared project and portfolios open without a login.
            {
              path: 's/:token',
              lazy: () => import('@/features/projects/components/SharedProjectPage').then((m) => ({ Component: m.SharedProjectPage })),
            },
            {
              path: 'u/:username',
              lazy: () => import('@/features/portfolio/components/ProfilePage').then((m) => ({ Component: m.ProfilePage })),
            },
            {
              path: 'u/:username/:projectId',
              lazy: () => import('@/features/portfolio/components/ShowcasePage').then((m) => ({ Component: m.ShowcasePage })),
            },
            // A certificate's verification page: public and printable.
            {
              path: 'certificates/:code',
              lazy: () => import('@/features/certificates/components/CertificatePage').then((m) => ({ Component: m.CertificatePage })),
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
                {
                  path: 'projects',
                  lazy: () => import('@/features/projects/components/ProjectsPage').then((m) => ({ Component: m.ProjectsPage })),
                },
                // The project editor carries Monaco: loaded on demand like the playground.
                {
                  path: 'projects/:projectId',
                  lazy: () => import('@/features/projects/components/ProjectEditorPage').then((m) => ({ Component: m.ProjectEditorPage })),
                },
                // The tutor carries the Markdown renderer: loaded on demand.
                { path: 'tutor', lazy: () => import('@/features/tutor/components/TutorPage').then((m) => ({ Component: m.TutorPage })) },
                {
                  path: 'profile',
                  lazy: () => import('@/features/portfolio/components/MyProfileRedirect').then((m) => ({ Component: m.MyProfileRedirect })),
                },
                {
                  path: 'classes',
                  lazy: () => import('@/features/classrooms/components/ClassesPage').then((m) => ({ Component: m.ClassesPage })),
                },
                {
                  path: 'classes/join',
                  lazy: () => import('@/features/classrooms/components/ClassesPage').then((m) => ({ Component: m.ClassesPage })),
                },
                {
                  path: 'classes/:classId',
                  lazy: () => import('@/features/classrooms/components/ClassPage').then((m) => ({ Component: m.ClassPage })),
                },
                {
                  path: 'classes/:classId/students/:userId',
                  lazy: () => import('@/features/classrooms/components/StudentPage').then((m) => ({ Component: m.StudentPage })),
                },
                {
                  path: 'review/:target',
                  lazy: () => import('@/features/classrooms/components/ReviewPage').then((m) => ({ Component: m.ReviewPage })),
                },
                {
                  path: 'notifications',
                  lazy: () =>
                    import('@/features/classrooms/components/NotificationsPage').then((m) => ({ Component: m.NotificationsPage })),
                },
                { path: 'admin', lazy: () => import('@/features/admin/components/AdminPage').then((m) => ({ Component: m.AdminPage })) },
              ],
            },
            { path: '*', element: <NotFound /> },
          ],
        },
      ],
    },
  ]);
}
