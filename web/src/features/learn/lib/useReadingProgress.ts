//! Wires a ReadingTracker to the page: visibility, scrolling through the article, a tick every
//! second, and a last write (that outlives the page) when the reader leaves.

import { useEffect, useRef, type RefObject } from 'react';
import { putProgress } from '../api/progress';
import { ReadingTracker } from './readingTracker';

export interface ReadingProgressOptions {
  contentId: string;
  /** Only for a logged-in reader whose stored totals are known. */
  enabled: boolean;
  baseSeconds: number;
  basePercent: number;
  /** The element read through; without one, progress stays where it was (time is still counted). */
  article?: RefObject<HTMLElement | null>;
}

/** How far down the article the bottom of the window is, 0–100. */
export function scrolledPercent(el: HTMLElement): number {
  const rect = el.getBoundingClientRect();
  if (rect.height <= 0) return 100;
  const seen = window.innerHeight - rect.top;
  return Math.max(0, Math.min(100, (seen / rect.height) * 100));
}

export function useReadingProgress({ contentId, enabled, baseSeconds, basePercent, article }: ReadingProgressOptions) {
  const base = useRef({ baseSeconds, basePercent });
  useEffect(() => {
    base.current = { baseSeconds, basePercent };
  });

  useEffect(() => {
    if (!enabled) return;
    const tracker = new ReadingTracker({
      ...base.current,
      send: (sample, leaving) => void putProgress(contentId, sample, leaving).catch(() => undefined),
    });
    const measure = () => {
      if (article?.current) tracker.reached(scrolledPercent(article.current));
    };
    const onVisibility = () => (document.visibilityState === 'visible' ? tracker.show() : tracker.hide());
    const onLeave = () => tracker.leave();
    if (document.visibilityState === 'visible') tracker.show();
    measure();
    const id = window.setInterval(() => tracker.tick(), 1000);
    window.addEventListener('scroll', measure, { passive: true });
    window.addEventListener('pagehide', onLeave);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.clearInterval(id);
      window.removeEventListener('scroll', measure);
      window.removeEventListener('pagehide', onLeave);
      document.removeEventListener('visibilitychange', onVisibility);
      tracker.leave();
    };
  }, [contentId, enabled, article]);
}
