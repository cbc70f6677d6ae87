//! Dates and times as the learner's browser locale writes them, in two styles used
//! everywhere: a day ("3 Dec 2026") and a moment ("3 Dec 2026, 07:40"). One place, so
//! no page prints "12/3/2026, 7:40:12 AM" beside another's "Dec 3".

const DAY = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const MOMENT = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function parse(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The day of `iso`; `fallback` when it is missing or not a date. */
export function formatDay(iso: string | null | undefined, fallback = ''): string {
  const d = parse(iso);
  return d ? DAY.format(d) : fallback;
}

/** The day and time of `iso`; `fallback` when it is missing or not a date. */
export function formatMoment(iso: string | null | undefined, fallback = ''): string {
  const d = parse(iso);
  return d ? MOMENT.format(d) : fallback;
}
