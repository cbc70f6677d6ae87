//! Small dependency-free charts: horizontal bars and a per-day column chart. Each one is also a
//! list a screen reader reads out, so the numbers are never only in the picture.

export interface Bar {
  label: string;
  value: number;
  /** Stacked parts of the bar (e.g. runs by outcome), drawn in order. */
  parts?: { label: string; value: number; tone: string }[];
}

export function BarList({ bars, unit = '', label }: { bars: Bar[]; unit?: string; label: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  if (bars.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">Nothing yet.</p>;
  return (
    <ul aria-label={label} className="space-y-2">
      {bars.map((b) => (
        <li key={b.label} className="grid grid-cols-[8rem_minmax(0,1fr)_auto] items-center gap-2 text-sm">
          <span className="truncate" title={b.label}>
            {b.label}
          </span>
          <span className="flex h-3 overflow-hidden rounded bg-slate-100 dark:bg-slate-800" aria-hidden="true">
            {b.parts && b.parts.length > 0 ? (
              b.parts.map((p) => (
                <span key={p.label} className={p.tone} style={{ width: `${(p.value / max) * 100}%` }} title={`${p.label}: ${p.value}`} />
              ))
            ) : (
              <span className="bg-indigo-600" style={{ width: `${(b.value / max) * 100}%` }} />
            )}
          </span>
          <span className="text-right tabular-nums">
            {b.value}
            {unit}
            {b.parts && b.parts.length > 1 && <span className="sr-only"> ({b.parts.map((p) => `${p.label} ${p.value}`).join(', ')})</span>}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function DailyColumns({ days, label, unit = '' }: { days: { date: string; value: number }[]; label: string; unit?: string }) {
  const max = Math.max(1, ...days.map((d) => d.value));
  const total = days.reduce((s, d) => s + d.value, 0);
  if (days.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">Nothing yet.</p>;
  return (
    <figure>
      <div role="img" aria-label={`${label}: ${total}${unit} over ${days.length} days`} className="flex h-28 items-end gap-px">
        {days.map((d) => (
          <span
            key={d.date}
            title={`${d.date}: ${d.value}${unit}`}
            className="flex-1 rounded-t-sm bg-indigo-600/80 dark:bg-indigo-400/80"
            style={{ height: `${Math.max(d.value > 0 ? 4 : 1, (d.value / max) * 100)}%` }}
          />
        ))}
      </div>
      <figcaption className="mt-1 flex justify-between text-xs text-slate-600 dark:text-slate-400">
        <span>{days[0]?.date}</span>
        <span>{days[days.length - 1]?.date}</span>
      </figcaption>
    </figure>
  );
}
