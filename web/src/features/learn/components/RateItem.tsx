import type { ContentDetail } from '@/lib/api/types';
import { useRateContent } from '../api/rating';

function Star({ filled }: { filled: boolean }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      className="h-6 w-6"
      fill={filled ? 'currentColor' : 'none'}
      stroke="currentColor"
      strokeWidth="1.8"
    >
      <path strokeLinejoin="round" d="M12 3.5l2.6 5.3 5.9.9-4.3 4.1 1 5.8-5.2-2.7-5.2 2.7 1-5.8-4.3-4.1 5.9-.9z" />
    </svg>
  );
}

/** "4.3 from 7 ratings", "No ratings yet". The average shows from the first rating, with the count beside it. */
export function ratingSummary(average: number | null | undefined, count: number): string {
  if (!count || average == null) return 'No ratings yet';
  return `${average.toFixed(1)} from ${count} ${count === 1 ? 'rating' : 'ratings'}`;
}

/**
 * "Rate this lesson": five buttons (a group with its heading as the name; the chosen one is
 * pressed), the average and the number of ratings, and a way to withdraw one's rating.
 */
export function RateItem({ item, loggedIn }: { item: ContentDetail; loggedIn: boolean }) {
  const rate = useRateContent(item.slug);
  const mine = item.myRating ?? null;
  const shown = rate.isPending && typeof rate.variables === 'number' ? rate.variables : mine;
  const headingId = `rate-${item.id}`;
  return (
    <section
      aria-labelledby={headingId}
      className="mt-8 rounded-lg border border-slate-200 p-4 dark:border-slate-800"
      data-testid="rate-item"
    >
      <h2 id={headingId} className="text-base font-semibold">
        Rate this {item.type}
      </h2>
      <p className="mt-1 text-sm text-slate-700 dark:text-slate-300" data-testid="rating-summary">
        {ratingSummary(item.averageRating, item.ratingCount)}
      </p>
      {loggedIn ? (
        <div className="mt-3 flex flex-wrap items-center gap-3">
          <div role="group" aria-labelledby={headingId} className="flex items-center gap-1">
            {[1, 2, 3, 4, 5].map((n) => (
              <button
                key={n}
                type="button"
                aria-pressed={mine === n}
                aria-label={`${n} of 5`}
                title={`${n} of 5`}
                disabled={rate.isPending}
                onClick={() => rate.mutate(n)}
                className={`rounded-md p-1 ${
                  shown != null && n <= shown ? 'text-amber-700 dark:text-amber-300' : 'text-slate-500 dark:text-slate-400'
                } hover:bg-slate-100 disabled:opacity-60 dark:hover:bg-slate-800`}
              >
                <Star filled={shown != null && n <= shown} />
              </button>
            ))}
          </div>
          <span className="text-sm text-slate-700 dark:text-slate-300" role="status" data-testid="my-rating">
            {mine ? `Your rating: ${mine} of 5` : 'You have not rated it yet'}
          </span>
          {mine != null && (
            <button
              type="button"
              onClick={() => rate.mutate(null)}
              disabled={rate.isPending}
              className="text-sm font-medium text-indigo-700 underline dark:text-indigo-300"
            >
              Remove my rating
            </button>
          )}
        </div>
      ) : (
        // The page already offers a "Log in" link (lessons) or asks to log in (exercises).
        <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">Log in to rate it.</p>
      )}
    </section>
  );
}
