import { lazy, Suspense } from 'react';
import { Link, useParams } from 'react-router';
import { EmptyState } from '@/components/ui/EmptyState';
import { Page } from '@/components/ui/Page';
import { PageLoading } from '@/components/ui/Spinner';
import { languageName } from '@/components/projects/fileTree';
import { TutorMarkdown } from '@/components/tutor/TutorMarkdown';
import { errorMessage } from '@/lib/api/forms';
import { isApiError } from '@/lib/api/problem';
import { useMe } from '@/lib/auth';
import { useProfile } from '../api/profile';
import { AchievementIcon } from '../../dashboard/components/Badges';
import { achievementName, readLinks, readSkills, type ProfileProject } from '../api/types';
import { ActivityHeatmap } from './ActivityHeatmap';

function ProjectItem({ username, p }: { username: string; p: ProfileProject }) {
  return (
    <li className="rounded-lg border border-slate-200 p-4 dark:border-slate-800" data-testid="profile-project">
      <h3 className="text-base font-semibold">
        <Link to={`/u/${encodeURIComponent(username)}/${p.id}`} className="hover:underline">
          {p.title}
        </Link>
      </h3>
      <p className="text-xs text-slate-600 dark:text-slate-400">
        {languageName(p.language)}
        {p.fileCount != null ? ` · ${p.fileCount} files` : ''}
        {p.lineCount != null ? ` · ${p.lineCount} lines` : ''}
      </p>
      {p.description && <p className="mt-1 text-sm">{p.description}</p>}
      {p.readme && (
        <details className="mt-2">
          <summary className="cursor-pointer text-sm font-medium text-indigo-700 dark:text-indigo-300">README</summary>
          <div className="mt-2 max-h-80 overflow-auto">
            <TutorMarkdown>{p.readme}</TutorMarkdown>
          </div>
        </details>
      )}
    </li>
  );
}

// The owner's analytics carry recharts: visitors never download it.
const AnalyticsPanel = lazy(() => import('./AnalyticsPanel').then((m) => ({ default: m.AnalyticsPanel })));

function OwnerAnalytics() {
  return (
    <Suspense fallback={<PageLoading label="Loading your analytics…" />}>
      <AnalyticsPanel />
    </Suspense>
  );
}

/** `/u/:username`: a learner's public portfolio. The owner also sees their private analytics. */
export function ProfilePage() {
  const { username = '' } = useParams();
  const profile = useProfile(username);
  const me = useMe();

  if (profile.isPending) return <PageLoading label="Loading the profile…" />;
  const ownPage = !!me.data && me.data.username === username;
  if (profile.isError && ownPage && isApiError(profile.error) && profile.error.status === 404)
    return (
      <Page title="Your profile">
        <div className="space-y-6">
          <EmptyState
            title="Your profile is not public yet"
            action={
              <Link to="/settings" className="font-medium text-indigo-700 underline dark:text-indigo-300">
                Make it public in settings
              </Link>
            }
          >
            Visitors see your portfolio once you make it public or publish a project (both need a verified e-mail address).
          </EmptyState>
          <OwnerAnalytics />
        </div>
      </Page>
    );
  if (profile.isError)
    return (
      <Page title="Profile">
        <EmptyState
          title={isApiError(profile.error) && profile.error.status === 404 ? 'No public profile here' : 'Could not load the profile'}
        >
          {isApiError(profile.error) && profile.error.status === 404
            ? `There is no public profile for “${username}”.`
            : errorMessage(profile.error)}
        </EmptyState>
      </Page>
    );

  const u = profile.data;
  const isOwner = !!me.data && me.data.username === u.username;
  const links = readLinks(u.links);
  const skills = readSkills(u.skills);
  const projects = u.projects ?? [];
  const achievements = u.achievements ?? [];
  const name = u.name || u.username;

  return (
    <Page title={name} wide>
      <div className="-mt-2 space-y-8">
        <header className="flex flex-wrap items-start gap-4">
          {u.avatarUrl ? (
            <img src={u.avatarUrl} alt="" width={96} height={96} className="h-24 w-24 rounded-full object-cover" data-testid="avatar" />
          ) : (
            <span
              aria-hidden="true"
              className="flex h-24 w-24 items-center justify-center rounded-full bg-indigo-100 text-3xl font-semibold text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200"
            >
              {name.slice(0, 1).toUpperCase()}
            </span>
          )}
          <div className="min-w-0 flex-1">
            <p className="text-sm text-slate-600 dark:text-slate-400">@{u.username}</p>
            {u.bio && <p className="mt-1 max-w-prose">{u.bio}</p>}
            {links.length > 0 && (
              <ul className="mt-2 flex flex-wrap gap-3 text-sm" aria-label="Links">
                {links.map((l) => (
                  <li key={l.url}>
                    <a
                      href={l.url}
                      target="_blank"
                      rel="noopener noreferrer nofollow"
                      className="text-indigo-700 underline dark:text-indigo-300"
                    >
                      {l.label}
                    </a>
                  </li>
                ))}
              </ul>
            )}
          </div>
          {isOwner && (
            <Link to="/settings" className="text-sm font-medium text-indigo-700 underline dark:text-indigo-300">
              Edit profile
            </Link>
          )}
        </header>

        {isOwner && <OwnerAnalytics />}

        {skills.length > 0 && (
          <section aria-labelledby="skills-title">
            <h2 id="skills-title" className="mb-2 text-lg font-semibold">
              Skills
            </h2>
            <ul className="flex flex-wrap gap-2" aria-label="Skills">
              {skills.map((s) => (
                <li key={s.name} className="rounded-full bg-slate-100 px-3 py-1 text-sm dark:bg-slate-800">
                  {s.name}
                  {s.level ? <span className="text-slate-600 dark:text-slate-400"> · {s.level}</span> : null}
                </li>
              ))}
            </ul>
          </section>
        )}

        <section aria-labelledby="projects-title">
          <h2 id="projects-title" className="mb-2 text-lg font-semibold">
            Projects
          </h2>
          {projects.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">No public projects yet.</p>
          ) : (
            <ul className="grid gap-4 md:grid-cols-2">
              {projects.map((p) => (
                <ProjectItem key={p.id} username={u.username} p={p} />
              ))}
            </ul>
          )}
        </section>

        {achievements.length > 0 && (
          <section aria-labelledby="achievements-title">
            <h2 id="achievements-title" className="mb-2 text-lg font-semibold">
              Achievements
            </h2>
            <ul className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
              {achievements.map((a, i) => (
                <li
                  key={a.id ?? a.code ?? i}
                  className="rounded-md border border-slate-200 p-3 text-sm dark:border-slate-800"
                  data-testid="achievement"
                >
                  <p className="font-medium">
                    <AchievementIcon name={a.icon} className="mr-1 inline h-4 w-4 align-[-2px] text-amber-600 dark:text-amber-400" />
                    {achievementName(a)}
                  </p>
                  {a.description && <p className="text-slate-600 dark:text-slate-400">{a.description}</p>}
                </li>
              ))}
            </ul>
          </section>
        )}

        <section aria-labelledby="activity-title">
          <h2 id="activity-title" className="mb-2 text-lg font-semibold">
            Activity
          </h2>
          <ActivityHeatmap activity={u.activity ?? []} />
        </section>
      </div>
    </Page>
  );
}
