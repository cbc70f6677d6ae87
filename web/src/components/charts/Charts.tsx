//! recharts charts for the analytics and admin pages (import them only from lazily loaded routes or
//! `lazy()` components, so recharts stays out of the first page). Each is a figure whose drawing is
//! hidden from screen readers and kept out of the tab order, with the same numbers as a table.

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

const AXIS = { fill: 'currentColor', fontSize: 12 };
const TOOLTIP_STYLE = { backgroundColor: '#ffffff', color: '#0f172a', borderRadius: 6, fontSize: 12 };

/** Colours of run outcomes, the same in every chart. */
export const OUTCOME_COLOURS: Record<string, string> = {
  ok: '#16a34a',
  compile_error: '#dc2626',
  runtime_error: '#f97316',
  timeout: '#eab308',
  memory_limit: '#a855f7',
  output_limit: '#0ea5e9',
  internal_error: '#64748b',
};

const OUTCOME_NAMES: Record<string, string> = {
  ok: 'Finished',
  compile_error: 'Compile error',
  runtime_error: 'Runtime error',
  timeout: 'Timeout',
  memory_limit: 'Memory limit',
  output_limit: 'Output limit',
  internal_error: 'Internal error',
};

const shortDate = (d: string) => {
  const t = Date.parse(`${d.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(t) ? d : new Date(t).toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
};

export function DailyChart({
  days,
  caption,
  valueName,
  colour = '#6366f1',
  testId,
}: {
  days: { date: string; value: number }[];
  caption: string;
  valueName: string;
  colour?: string;
  testId?: string;
}) {
  const total = days.reduce((n, d) => n + d.value, 0);
  return (
    <figure className="text-slate-600 dark:text-slate-300" data-testid={testId}>
      <figcaption className="mb-2 text-sm">
        {caption} ({total} in all)
      </figcaption>
      {days.length === 0 ? (
        <p className="text-sm">Nothing yet.</p>
      ) : (
        <div aria-hidden="true">
          <ResponsiveContainer width="100%" height={180} initialDimension={{ width: 500, height: 180 }}>
            <BarChart accessibilityLayer={false} data={days} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} vertical={false} />
              <XAxis dataKey="date" tickFormatter={(d: string) => shortDate(d)} tick={AXIS} minTickGap={24} stroke="currentColor" />
              <YAxis allowDecimals={false} tick={AXIS} stroke="currentColor" width={48} />
              <Tooltip contentStyle={TOOLTIP_STYLE} labelFormatter={(d) => shortDate(String(d))} />
              <Bar dataKey="value" name={valueName} fill={colour} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
      <div className="sr-only">
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">{valueName}</th>
            </tr>
          </thead>
          <tbody>
            {days
              .filter((d) => d.value > 0)
              .map((d) => (
                <tr key={d.date}>
                  <th scope="row">{shortDate(d.date)}</th>
                  <td>{d.value}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

export interface RunCount {
  language: string;
  status: string;
  count: number;
}

/** One row per language with a count per outcome, languages with the most runs first. */
export function runsByLanguage(runs: readonly RunCount[]): { rows: Record<string, number | string>[]; outcomes: string[] } {
  const rows = new Map<string, Record<string, number | string>>();
  const outcomes = new Set<string>();
  for (const r of runs) {
    const row = rows.get(r.language) ?? { language: r.language, total: 0 };
    row[r.status] = ((row[r.status] as number | undefined) ?? 0) + r.count;
    row.total = (row.total as number) + r.count;
    rows.set(r.language, row);
    outcomes.add(r.status);
  }
  const known = Object.keys(OUTCOME_COLOURS);
  return {
    rows: [...rows.values()].sort((a, b) => (b.total as number) - (a.total as number)),
    outcomes: [...outcomes].sort((a, b) => (known.indexOf(a) + 1 || 99) - (known.indexOf(b) + 1 || 99)),
  };
}

export function RunsChart({ runs, caption, testId }: { runs: readonly RunCount[]; caption: string; testId?: string }) {
  const { rows, outcomes } = runsByLanguage(runs);
  return (
    <figure className="text-slate-600 dark:text-slate-300" data-testid={testId}>
      <figcaption className="mb-2 text-sm">{caption}</figcaption>
      {rows.length === 0 ? (
        <p className="text-sm">No runs yet.</p>
      ) : (
        <div aria-hidden="true">
          <ResponsiveContainer width="100%" height={Math.max(120, rows.length * 44 + 60)} initialDimension={{ width: 500, height: 200 }}>
            <BarChart accessibilityLayer={false} data={rows} layout="vertical" margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} horizontal={false} />
              <XAxis type="number" allowDecimals={false} tick={AXIS} stroke="currentColor" />
              <YAxis type="category" dataKey="language" tick={AXIS} stroke="currentColor" width={80} />
              <Tooltip contentStyle={TOOLTIP_STYLE} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              {outcomes.map((o) => (
                <Bar
                  key={o}
                  dataKey={o}
                  name={OUTCOME_NAMES[o] ?? o}
                  stackId="runs"
                  fill={OUTCOME_COLOURS[o] ?? '#64748b'}
                  isAnimationActive={false}
                />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
      <div className="sr-only">
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Language</th>
              {outcomes.map((o) => (
                <th key={o} scope="col">
                  {OUTCOME_NAMES[o] ?? o}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={String(r.language)}>
                <th scope="row">{String(r.language)}</th>
                {outcomes.map((o) => (
                  <td key={o}>{(r[o] as number | undefined) ?? 0}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
