import { DailyChart, RunsChart } from '@/components/charts/Charts';
import { Card } from '@/components/ui/Page';
import { PageLoading } from '@/components/ui/Spinner';
import { errorMessage } from '@/lib/api/forms';
import { useAnalytics } from '../api/profile';
import type { Analytics } from '../api/types';

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const m = Math.round(seconds / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  return `${h} h ${m % 60} min`;
}

function runs(a: Analytics) {
  return (a.runs ?? a.runsByLanguage ?? []).map((r) => ({ language: r.language, status: r.status ?? r.outcome ?? 'all', count: r.count }));
}

function seconds(a: Analytics): number {
  if (typeof a.timeSpentSeconds === 'number') return a.timeSpentSeconds;
  if (typeof a.timeLearningSeconds === 'number') return a.timeLearningSeconds;
  if (typeof a.timeLearning === 'number') return a.timeLearning;
  return a.timeLearning?.totalSeconds ?? 0;
}

/** What only the owner sees on their portfolio: where their learning time and runs went. */
export function AnalyticsPanel() {
  const analytics = useAnalytics(true);
  if (analytics.isPending) return <PageLoading label="Loading your analytics…" />;
  if (analytics.isError)
    return (
      <Card title="Your analytics">
        <p className="text-sm">{errorMessage(analytics.error)}</p>
      </Card>
    );
  const a = analytics.data;
  const tutorDays = a.tutor?.perDay ?? a.tutor?.byDay ?? [];
  const completions = typeof a.completions === 'number' ? a.completions : (a.completions?.total ?? 0);
  const learningDays = typeof a.timeLearning === 'object' ? (a.timeLearning.perDay ?? []) : [];
  const completionDays = typeof a.completions === 'object' ? (a.completions.perDay ?? []) : [];
  return (
    <section
      aria-labelledby="analytics-title"
      data-testid="analytics"
      className="rounded-lg border border-indigo-200 p-4 dark:border-indigo-900"
    >
      <h2 id="analytics-title" className="text-lg font-semibold">
        Your analytics <span className="text-xs font-normal text-slate-600 dark:text-slate-400">(only you see this)</span>
      </h2>
      <dl className="mt-3 grid grid-cols-2 gap-3 sm:grid-cols-4">
        {[
          ['Time learning', formatDuration(seconds(a))],
          ['Runs', String(runs(a).reduce((s, r) => s + r.count, 0))],
          ['Tutor messages', String(a.tutor?.messages ?? 0)],
          ['Completed', String(completions)],
        ].map(([k, v]) => (
          <div key={k} className="rounded-md bg-slate-50 p-3 dark:bg-slate-800">
            <dt className="text-xs text-slate-600 dark:text-slate-400">{k}</dt>
            <dd className="text-xl font-semibold tabular-nums">{v}</dd>
          </div>
        ))}
      </dl>
      <div className="mt-4 grid gap-6 md:grid-cols-2">
        <RunsChart runs={runs(a)} caption="Your runs by language and outcome" testId="analytics-runs" />
        <DailyChart
          days={tutorDays.map((d) => ({ date: d.date, value: d.count }))}
          caption="Questions to the tutor per day"
          valueName="Questions"
        />
        {learningDays.length > 0 && (
          <DailyChart
            days={learningDays.map((d) => ({ date: d.date, value: Math.round(d.seconds / 60) }))}
            caption="Minutes learning per day"
            valueName="Minutes"
          />
        )}
        {completionDays.length > 0 && (
          <DailyChart
            days={completionDays.map((d) => ({ date: d.date, value: d.count }))}
            caption="Completed items per day"
            valueName="Completed"
            colour="#16a34a"
          />
        )}
      </div>
    </section>
  );
}
