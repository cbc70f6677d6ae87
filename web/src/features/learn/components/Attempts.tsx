import { attemptTests, useAttempts } from '../api/attempts';
import { formatMoment } from '@/lib/dates';

/** The learner's earlier attempts, newest first; any of them can go back into the editor. */
export function Attempts({ slug, onRestore }: { slug: string; onRestore(code: string): void }) {
  const attempts = useAttempts(slug, true);
  const list = attempts.data ?? [];
  if (list.length === 0) return null;
  return (
    <details className="rounded-md border border-slate-200 px-3 py-2 text-sm dark:border-slate-800" data-testid="attempts">
      <summary className="cursor-pointer font-medium">Your attempts ({list.length})</summary>
      <ol className="mt-2 divide-y divide-slate-200 dark:divide-slate-800">
        {list.map((a) => {
          const tests = attemptTests(a);
          const passed = tests.filter((t) => t.passed).length;
          const when = formatMoment(a.createdAt);
          return (
            <li key={a.id} className="flex flex-wrap items-center gap-2 py-2">
              <span className={`font-medium ${a.passed ? 'text-green-800 dark:text-green-300' : 'text-red-800 dark:text-red-300'}`}>
                {a.passed ? 'Passed' : 'Failed'}
              </span>
              <span className="text-slate-600 dark:text-slate-400">
                {tests.length > 0 ? `${passed} of ${tests.length} tests · ` : ''}
                {when}
              </span>
              <button
                type="button"
                onClick={() => {
                  if (window.confirm('Replace the code in the editor with this attempt?')) onRestore(a.code);
                }}
                className="ml-auto rounded-md px-2 py-1 text-xs font-medium text-indigo-700 hover:bg-indigo-50 dark:text-indigo-300 dark:hover:bg-slate-800"
                aria-label={`Put the code of the attempt from ${when} back in the editor`}
              >
                Restore
              </button>
            </li>
          );
        })}
      </ol>
    </details>
  );
}
