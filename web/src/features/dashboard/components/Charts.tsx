//! The dashboard's two charts (recharts, only in this route's chunk). Each is a figure with a
//! caption and the same numbers as a table for screen readers, so the drawing itself is hidden
//! from them and kept out of the tab order (recharts' own keyboard layer is off).

import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DayActivity, DayCompletions } from '../api/dashboard';
import { cumulative, shortDate, weekday } from '../lib/series';

const AXIS = { fill: 'currentColor', fontSize: 12 };
// The tooltip is a light card in both themes (recharts renders it as HTML with inline styles).
const TOOLTIP_STYLE = { backgroundColor: '#ffffff', color: '#0f172a', borderRadius: 6, fontSize: 12 };
const SERIES = { completions: '#6366f1', submissions: '#f59e0b', runs: '#0ea5e9' };

export function ProgressChart({ days, completedCount }: { days: DayCompletions[]; completedCount: number }) {
  const points = cumulative(days, completedCount);
  const gained = points.reduce((n, p) => n + p.completed, 0);
  return (
    <figure className="text-slate-600 dark:text-slate-300" data-testid="progress-chart">
      <figcaption className="mb-2 text-sm">
        {gained === 0 ? 'Nothing completed in the last 30 days yet.' : `${gained} completed in the last 30 days.`}
      </figcaption>
      <div aria-hidden="true">
        <ResponsiveContainer width="100%" height={220} initialDimension={{ width: 600, height: 220 }}>
          <AreaChart accessibilityLayer={false} data={points} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <defs>
              <linearGradient id="progress-fill" x1="0" y1="0" x2="0" y2="1">
                <stop offset="0%" stopColor={SERIES.completions} stopOpacity={0.35} />
                <stop offset="100%" stopColor={SERIES.completions} stopOpacity={0.02} />
              </linearGradient>
            </defs>
            <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} vertical={false} />
            <XAxis dataKey="date" tickFormatter={(d: string) => shortDate(d)} tick={AXIS} minTickGap={24} stroke="currentColor" />
            <YAxis allowDecimals={false} tick={AXIS} stroke="currentColor" width={48} />
            <Tooltip
              contentStyle={TOOLTIP_STYLE}
              labelFormatter={(d) => shortDate(String(d))}
              formatter={(v, name) => [v, name === 'total' ? 'Completed in all' : String(name)]}
            />
            <Area
              type="monotone"
              dataKey="total"
              stroke={SERIES.completions}
              strokeWidth={2}
              fill="url(#progress-fill)"
              isAnimationActive={false}
            />
          </AreaChart>
        </ResponsiveContainer>
      </div>
      <div className="sr-only">
        <table>
          <caption>Completed items over the last 30 days</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Completed that day</th>
              <th scope="col">Completed in all</th>
            </tr>
          </thead>
          <tbody>
            {points
              .filter((p) => p.completed > 0)
              .map((p) => (
                <tr key={p.date}>
                  <th scope="row">{shortDate(p.date)}</th>
                  <td>{p.completed}</td>
                  <td>{p.total}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

export function WeeklyChart({ days }: { days: DayActivity[] }) {
  return (
    <figure className="text-slate-600 dark:text-slate-300" data-testid="weekly-chart">
      <figcaption className="mb-2 text-sm">What you did on each of the last 7 days.</figcaption>
      <div aria-hidden="true">
        <ResponsiveContainer width="100%" height={200} initialDimension={{ width: 400, height: 200 }}>
          <BarChart accessibilityLayer={false} data={days} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} vertical={false} />
            <XAxis dataKey="date" tickFormatter={(d: string) => weekday(d)} tick={AXIS} stroke="currentColor" />
            <YAxis allowDecimals={false} tick={AXIS} stroke="currentColor" width={48} />
            <Tooltip contentStyle={TOOLTIP_STYLE} labelFormatter={(d) => shortDate(String(d))} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="completions" name="Completed" stackId="a" fill={SERIES.completions} isAnimationActive={false} />
            <Bar dataKey="submissions" name="Checks" stackId="a" fill={SERIES.submissions} isAnimationActive={false} />
            <Bar dataKey="runs" name="Runs" stackId="a" fill={SERIES.runs} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <div className="sr-only">
        <table>
          <caption>Activity on each of the last 7 days</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Completed</th>
              <th scope="col">Checks</th>
              <th scope="col">Runs</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.date}>
                <th scope="row">{shortDate(d.date)}</th>
                <td>{d.completions}</td>
                <td>{d.submissions}</td>
                <td>{d.runs}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
