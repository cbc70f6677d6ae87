import { errorMessage } from '@/lib/api/forms';
import { useRateMessage } from './api';

/** 1–5 rating of one answer; the choice shows as pressed once the server has it. */
export function Rating({ messageId, value, onRated }: { messageId: string; value: number | null | undefined; onRated(v: number): void }) {
  const rate = useRateMessage();
  return (
    <div className="flex flex-wrap items-center gap-1 text-xs" data-testid="tutor-rating">
      <span className="text-slate-600 dark:text-slate-300">{value ? 'Your rating:' : 'Was this helpful?'}</span>
      {[1, 2, 3, 4, 5].map((n) => (
        <button
          key={n}
          type="button"
          aria-pressed={value === n}
          aria-label={`Rate this answer ${n} of 5`}
          disabled={rate.isPending}
          onClick={() => rate.mutate({ messageId, rating: n }, { onSuccess: () => onRated(n) })}
          className={`h-7 w-7 rounded-md border text-xs font-medium ${
            value != null && n <= value
              ? 'border-indigo-600 bg-indigo-600 text-white'
              : 'border-slate-300 bg-white text-slate-800 hover:bg-slate-50 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800'
          }`}
        >
          {n}
        </button>
      ))}
      {rate.isError && (
        <span role="alert" className="text-red-700 dark:text-red-300">
          {errorMessage(rate.error)}
        </span>
      )}
    </div>
  );
}
