//! /dashboard, the signed-in home: streak, completions, badges, what to do next and why, work in
//! progress, progress over time and recent activity.

import { lazy, Suspense, type ReactNode } from 'react';
import { Link } from 'react-router';
import { CertificatesPanel } from '@/components/certificates/ClaimCertificate';
import { useTrackCounts } from '@/components/certificates/api';
import { Button } from '@/components/ui/Button';
import { EmptyState } from '@/components/ui/EmptyState';
import { Page } from '@/components/ui/Page';
import { PageLoading, Spinner } from '@/components/ui/Spinner';
import { errorMessage } from '@/lib/api/forms';
import { displayName, useMe } from '@/lib/auth';
import { useAchievements, useDashboard, useStats, type Activity, type Dashboard, type Stats } from '../api/dashboard';
import { Badges } from './Badges';
import { formatMoment } from '@/lib/dates';
import type { components } from '@/lib/api/schema';

type Schemas = components['schemas'];

// recharts is most of this page's weight: the numbers show first, the charts follow.
const ProgressChart = lazy(() => import('./Charts').then((m) => ({ default: m.ProgressChart })));
const WeeklyChart = lazy(() => import('./Charts').then((m) => ({ default: m.WeeklyChart })));
const chartFallback = (
  <div className="flex h-[220px] items-center justify-center">
    <Spinner size="sm" label="Drawing the chart…" />
  </div>
);

function Section({ title, id, children, action }: { title: string; id: string; children: ReactNode; action?: ReactNode }) {
  return (
    <section
      aria-labelledby={id}
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="mb-3 flex items-baseline gap-2">
        <h2 id={id} className="text-lg font-semibold">
          {title}
        </h2>
        {action && <div className="ml-auto text-sm">{action}</div>}
      </div>
      {children}
    </section>
  );
}

function Stat({ label, value, detail, testId }: { label: string; value: ReactNode; detail?: ReactNode; testId: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900" data-testid={testId}>
      <p className="text-sm font-medium text-slate-600 dark:text-slate-300">{label}</p>
      <p className="mt-1 text-3xl font-semibold tracking-tight" data-testid={`${testId}-value`}>
        {value}
      </p>
      {detail && <p className="mt-1 text-xs text-slate-600 dark:text-slate-300">{detail}</p>}
    </div>
  );
}

const days = (n: number) => (n === 1 ? '1 day' : `${n} days`);
const itemLink = (slug: string) => `/learn/${encodeURIComponent(slug)}`;

const when = (iso: string) => formatMoment(iso);

const LANGUAGE_NAMES: Record<string, string> = { python: 'Python', javascript: 'JavaScript', java: 'Java', cpp: 'C++' };

function activityText(a: Activity): ReactNode {
  const title = a.item ? <Link to={itemLink(a.item.slug)}>{a.item.title}</Link> : null;
  const lang = a.language ? (LANGUAGE_NAMES[a.language] ?? a.language) : null;
  switch (a.kind) {
    case 'completed':
      return <>Completed {title ?? 'an item'}</>;
    case 'submitted':
      return (
        <>
          {a.passed ? 'Passed' : 'Checked'} {title ?? 'an exercise'}
          {a.passed === false && ' (some tests failed)'}
        </>
      );
    case 'ran':
      return <>Ran a {lang ? `${lang} ` : ''}program</>;
    default:
      return <>{title ?? a.kind}</>;
  }
}

function streakDetail(d: Dashboard): string {
  const { current, longest, activeToday } = d.streak;
  if (current === 0)
    return longest > 0 ? `Longest: ${days(longest)}. Do one thing today to start again.` : 'Do one thing today to start one.';
  const today = activeToday ? 'You have learned today.' : 'Learn today to keep it going.';
  return `Longest: ${days(longest)}. ${today}`;
}

function duration(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}

function Totals({ stats }: { stats: Stats }) {
  const rows: [string, string][] = [
    ['Time spent learning', duration(stats.timeSpentSeconds)],
    ['Exercise checks', stats.submissions === 0 ? '0' : `${stats.submissions} (${Math.round(stats.passRate * 100)} % passed)`],
    ['Programs run', String(stats.runs)],
    ['Questions to the tutor', String(stats.tutorQuestions)],
    ['Languages used', stats.languages.length ? stats.languages.map((l) => LANGUAGE_NAMES[l] ?? l).join(', ') : 'none yet'],
  ];
  return (
    <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2" data-testid="totals">
      {rows.map(([k, v]) => (
        <div key={k} className="flex justify-between gap-4 border-b border-slate-100 py-1 dark:border-slate-800">
          <dt className="text-slate-600 dark:text-slate-300">{k}</dt>
          <dd className="font-medium">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function DashboardPage() {
  const me = useMe();
  const dash = useDashboard();
  const achievements = useAchievements();
  const stats = useStats();
  const tracks = useTrackCounts();
  // A greeting uses the first name alone ("Welcome, Ada."); without one, the full display name.
  const name = me.data ? me.data.firstName?.trim() || displayName(me.data) : '';

  if (dash.isPending) return <PageLoading label="Loading your dashboard…" />;
  if (dash.isError)
    return (
      <Page title="Dashboard">
        <EmptyState title="Could not load your dashboard" action={<Button onClick={() => void dash.refetch()}>Try again</Button>}>
          {errorMessage(dash.error)}
        </EmptyState>
      </Page>
    );

  const d = dash.data;
  const fresh = d.completedCount === 0 && d.inProgress.length === 0 && d.recentActivity.length === 0;
  return (
    <Page title="Dashboard" description={name ? (fresh ? `Welcome, ${name}.` : `Welcome back, ${name}.`) : undefined} wide>
      <div className="space-y-6">
        <div className="grid gap-4 sm:grid-cols-3">
          <Stat
            testId="streak"
            label="Current streak"
            value={
              <>
                {d.streak.current} <span className="text-base font-medium">{d.streak.current === 1 ? 'day' : 'days'}</span>
              </>
            }
            detail={streakDetail(d)}
          />
          <Stat testId="completed" label="Completed" value={d.completedCount} detail="Lessons and exercises finished." />
          <Stat
            testId="badges"
            label="Badges"
            value={achievements.data ? achievements.data.filter((a) => a.earnedAt).length : d.achievements.length}
            detail={achievements.data ? `of ${achievements.data.length} to earn` : undefined}
          />
        </div>

        <AssignmentsDue assignments={(d as Dashboard & { assignments?: DueAssignment[] }).assignments ?? []} />

        {tracks.data && <CertificatesPanel tracks={tracks.data} />}

        {fresh && (
          <EmptyState
            title="Welcome to Codestead"
            action={
              <Link to="/learn" className="font-medium text-indigo-700 underline dark:text-indigo-300">
                Start learning
              </Link>
            }
          >
            Pick a track and complete your first lesson: your streak, progress and badges will show up here.
          </EmptyState>
        )}

        <div className="grid gap-6 lg:grid-cols-2">
          <Section
            title="Recommended next"
            id="recommended-heading"
            action={
              <Link to="/learn" className="font-medium text-indigo-700 underline dark:text-indigo-300">
                All tracks
              </Link>
            }
          >
            {d.recommended.length === 0 ? (
              <p className="text-sm text-slate-600 dark:text-slate-300">
                Nothing to suggest right now: you have done everything open to you.
              </p>
            ) : (
              <ul className="space-y-3">
                {d.recommended.map((r) => (
                  <li key={r.id} data-testid="recommendation">
                    <Link to={itemLink(r.slug)} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">
                      {r.title}
                    </Link>
                    <span className="ml-2 text-xs text-slate-600 dark:text-slate-300">
                      {r.type} · {r.estimatedMinutes} min · {r.difficulty}
                    </span>
                    <p className="text-sm text-slate-700 dark:text-slate-300" data-testid="recommendation-reason">
                      {r.reason}
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </Section>

          <Section title="In progress" id="in-progress-heading">
            {d.inProgress.length === 0 ? (
              <p className="text-sm text-slate-600 dark:text-slate-300">Nothing half-done. Start something from the recommendations.</p>
            ) : (
              <ul className="space-y-3">
                {d.inProgress.map((p) => (
                  <li key={p.id} data-testid="in-progress">
                    <div className="flex items-baseline gap-2">
                      <Link to={itemLink(p.slug)} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">
                        {p.title}
                      </Link>
                      <span className="ml-auto text-xs text-slate-600 dark:text-slate-300">{p.progressPercentage} %</span>
                    </div>
                    <div
                      role="progressbar"
                      aria-label={`${p.title} progress`}
                      aria-valuemin={0}
                      aria-valuemax={100}
                      aria-valuenow={p.progressPercentage}
                      className="mt-1 h-2 w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700"
                    >
                      <div
                        className="h-full rounded-full bg-indigo-600 dark:bg-indigo-400"
                        style={{ width: `${Math.min(100, Math.max(0, p.progressPercentage))}%` }}
                      />
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </Section>
        </div>

        <div className="grid gap-6 lg:grid-cols-2">
          <Section title="Progress over time" id="progress-heading">
            <Suspense fallback={chartFallback}>
              <ProgressChart days={d.progressOverTime} completedCount={d.completedCount} />
            </Suspense>
          </Section>
          <Section title="This week" id="weekly-heading">
            <Suspense fallback={chartFallback}>
              <WeeklyChart days={d.weeklyActivity} />
            </Suspense>
          </Section>
        </div>

        {stats.data && (
          <Section title="Your numbers" id="totals-heading">
            <Totals stats={stats.data} />
          </Section>
        )}

        <Section title="Badges" id="badges-heading">
          {achievements.isPending ? (
            <Spinner size="sm" label="Loading badges…" />
          ) : achievements.isError ? (
            <p role="alert" className="text-sm">
              {errorMessage(achievements.error)}
            </p>
          ) : (
            <Badges achievements={achievements.data} />
          )}
        </Section>

        <Section title="Recent activity" id="activity-heading">
          {d.recentActivity.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-300">No activity yet.</p>
          ) : (
            <ol className="relative space-y-3 border-l border-slate-200 pl-4 dark:border-slate-700" data-testid="activity">
              {d.recentActivity.map((a, i) => (
                <li key={`${a.at}-${i}`} className="text-sm" data-testid="activity-item" data-kind={a.kind}>
                  <span
                    aria-hidden="true"
                    className={`absolute -left-[5px] mt-1.5 h-2.5 w-2.5 rounded-full ${
                      a.kind === 'completed' || a.passed ? 'bg-emerald-500' : a.kind === 'submitted' ? 'bg-amber-500' : 'bg-sky-500'
                    }`}
                  />
                  <span className="[&_a]:font-medium [&_a]:text-indigo-700 [&_a]:underline dark:[&_a]:text-indigo-300">
                    {activityText(a)}
                  </span>
                  <time dateTime={a.at} className="block text-xs text-slate-600 dark:text-slate-300">
                    {when(a.at)}
                  </time>
                </li>
              ))}
            </ol>
          )}
        </Section>
      </div>
    </Page>
  );
}

/** A class assignment still to do, as `GET /dashboard` lists them (soonest due first). */
type DueAssignment = Schemas['MyAssignmentDto'];

const DUE_WORDS: Record<string, string> = {
  in_progress: 'in progress',
  failing: 'failing tests',
  not_started: 'not started',
  done: 'done',
};

function AssignmentsDue({ assignments }: { assignments: DueAssignment[] }) {
  if (assignments.length === 0) return null;
  return (
    <section
      aria-labelledby="due-title"
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id="due-title" className="mb-3 text-lg font-semibold">
        Assignments
      </h2>
      <ul className="grid gap-2" data-testid="assignments-due">
        {assignments.map((a) => (
          <li key={a.id} className="flex flex-wrap items-baseline justify-between gap-2">
            <Link to={`/learn/${a.firstItemSlug ?? ''}`} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">
              {a.title}
            </Link>
            <span className="text-sm text-slate-600 dark:text-slate-300">
              {a.className} · {DUE_WORDS[a.status]}
              {a.dueAt ? ` · due ${formatMoment(a.dueAt)}` : ''}
              {a.late ? ' · late' : ''}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
