import { Link } from 'react-router';
import type { ItemSummary } from '@/lib/api/types';

export function NextLink({ next, primary = false }: { next: ItemSummary | null | undefined; primary?: boolean }) {
  if (next === undefined) return null;
  if (next === null)
    return (
      <Link to="/learn" className="text-sm font-medium text-indigo-700 underline dark:text-indigo-300">
        End of the track: back to all tracks
      </Link>
    );
  return (
    <Link
      to={`/learn/${next.slug}`}
      className={`inline-flex items-center gap-2 rounded-md px-3 py-2 text-sm font-medium ${
        primary
          ? 'bg-indigo-600 text-white hover:bg-indigo-700'
          : 'border border-slate-300 bg-white text-slate-900 hover:bg-slate-50 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800'
      }`}
    >
      Next: {next.title} <span aria-hidden="true">→</span>
    </Link>
  );
}
