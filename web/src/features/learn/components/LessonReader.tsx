import { useRef } from 'react';
import { Link } from 'react-router';
import { Button } from '@/components/ui/Button';
import { NeedsNetworkNote } from '@/components/offline/OfflineBanner';
import { useOnline } from '@/lib/offline/network';
import type { ContentDetail } from '@/lib/api/types';
import { useNext } from '../api/content';
import { useCompleteLesson, useProgress } from '../api/progress';
import { useReadingProgress } from '../lib/useReadingProgress';
import { LessonMarkdown } from './Markdown';
import { NextLink } from './NextLink';
import { Quiz } from './Quiz';
import { CheckIcon } from './bits';

export function LessonReader({ item, loggedIn }: { item: ContentDetail; loggedIn: boolean }) {
  const article = useRef<HTMLElement>(null);
  const progress = useProgress(loggedIn);
  const stored = progress.data?.find((p) => p.contentId === item.id);
  useReadingProgress({
    contentId: item.id,
    enabled: loggedIn && progress.isSuccess,
    baseSeconds: stored?.timeSpentSeconds ?? 0,
    basePercent: stored?.progressPercentage ?? item.progressPercentage,
    article,
  });
  const complete = useCompleteLesson();
  const next = useNext(item.slug);
  const online = useOnline();

  return (
    <>
      <article ref={article}>
        <LessonMarkdown>{item.body}</LessonMarkdown>
      </article>
      {item.quiz.length > 0 && <Quiz slug={item.slug} questions={item.quiz} />}
      <div className="mt-10 flex flex-wrap items-center gap-3 border-t border-slate-200 pt-6 dark:border-slate-800">
        {item.completed ? (
          <p className="inline-flex items-center gap-1 text-sm font-medium text-green-800 dark:text-green-300" role="status">
            <CheckIcon /> You completed this lesson.
          </p>
        ) : loggedIn ? (
          <>
            <Button onClick={() => complete.mutate(item.id)} loading={complete.isPending} disabled={!online}>
              Mark complete
            </Button>
            <NeedsNetworkNote what="Marking a lesson complete" />
          </>
        ) : !online ? (
          // Offline after a reload the app cannot ask who is signed in: no "Log in" it cannot keep.
          <NeedsNetworkNote what="Saving your progress" />
        ) : (
          <p className="text-sm text-slate-700 dark:text-slate-300">
            <Link
              to={`/login?next=${encodeURIComponent(`/learn/${item.slug}`)}`}
              className="font-medium text-indigo-700 underline dark:text-indigo-300"
            >
              Log in
            </Link>{' '}
            to keep your progress.
          </p>
        )}
        <span className="ml-auto">
          <NextLink next={next.data} primary={item.completed} />
        </span>
      </div>
    </>
  );
}
