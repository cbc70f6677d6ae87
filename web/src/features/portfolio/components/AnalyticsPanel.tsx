import { BarList, DailyColumns, type Bar } from '@/components/charts/Bars';
import { Card } from '@/components/ui/Page';
import { PageLoading } from '@/components/ui/Spinner';
import { errorMessage } from '@/lib/api/forms';
import { useAnalytics } from '../api/profile';
import type { Analytics } from '../api/types';

const OUTCOME_TONES: Record<string, string> = {
  ok: 'bg-green-600',
  compile_error: 'bg-red-600',
  runtime_error: 'bg-orange-500',
  timeout: 'bg-amber-400',
};

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const m = Math.round(seconds / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  return `${h} h ${m % 60} min`;
}

export function runsBars(a: Analytics): Bar[] {
  const byLang = new Map<string, Map<string, number>>();
  for (const r of a.runs ?? a.runsByLanguage ?? []) {
    const outcome = r.status ?? r.outcome ?? 'all';
    const m = byLang.get(r.language) ?? new Map<string, number>();
    m.set(outcome, (m.get(outcome) ?? 0) + r.count);
    byLang.set(r.language, m);
  }
  return [...byLang.entries()]
    .map(([language, outcomes]) => {
      const parts = [...outcomes.entries()].map(([label, value]) => ({
        label: label.replace('_', ' '),
        value,
        tone: OUTCOME_TONES[label] ?? 'bg-slate-500',
      }));
      return { label: language, value: parts.reduce((s, p) => s + p.value, 0), parts };
    })
    .sort((x, y) => y.value - x.value);
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
          ['Runs', String((a.runs ?? a.runsByLanguage ?? []).reduce((s, r) => s + r.count, 0))],
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
        <div>
          <h3 className="mb-2 text-sm font-semibold">Runs by language and outcome</h3>
          <BarList bars={runsBars(a)} label="Runs by language" />
          <p className="mt-2 flex flex-wrap gap-3 text-xs text-slate-600 dark:text-slate-400">
            {Object.entries(OUTCOME_TONES).map(([k, tone]) => (
              <span key={k} className="inline-flex items-center gap-1">
                <span aria-hidden="true" className={`inline-block h-2 w-2 rounded-sm ${tone}`} />
                {k.replace('_', ' ')}
              </span>
            ))}
          </p>
        </div>
        <div>
          <h3 className="mb-2 text-sm font-semibold">Tutor use per day</h3>
          <DailyColumns days={tutorDays.map((d) => ({ date: d.date, value: d.count }))} label="Tutor messages per day" />
          {learningDays.length > 0 && (
            <>
              <h3 className="mt-4 mb-2 text-sm font-semibold">Minutes learning per day</h3>
              <DailyColumns
                days={learningDays.map((d) => ({ date: d.date, value: Math.round(d.seconds / 60) }))}
                label="Minutes learning per day"
                unit=" min"
              />
            </>
          )}
        </div>
      </div>
    </section>
  );
}
