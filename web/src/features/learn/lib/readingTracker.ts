//! Debounced reading progress: counts the time a page is visible, keeps the furthest point read,
//! and hands a write to `send` every `everyMs` of visible time and when the reader leaves. The
//! server keeps the larger of stored and sent values, so a lost or repeated write is harmless.

export interface ProgressSample {
  progressPercentage: number;
  /** Total seconds on the item so far, including what the server had before this visit. */
  timeSpentSeconds: number;
}

export interface ReadingTrackerOptions {
  baseSeconds: number;
  basePercent: number;
  send(sample: ProgressSample, leaving: boolean): void;
  everyMs?: number;
  now?: () => number;
}

export const PROGRESS_WRITE_EVERY_MS = 15_000;

export class ReadingTracker {
  private readonly base: number;
  private readonly everyMs: number;
  private readonly now: () => number;
  private readonly send: ReadingTrackerOptions['send'];
  private countedMs = 0;
  private visibleSince: number | null = null;
  private percent: number;
  private lastSent: ProgressSample;
  private countedAtLastSend = 0;

  constructor(opts: ReadingTrackerOptions) {
    this.base = Math.max(0, Math.floor(opts.baseSeconds));
    this.everyMs = opts.everyMs ?? PROGRESS_WRITE_EVERY_MS;
    this.now = opts.now ?? Date.now;
    this.send = opts.send;
    this.percent = clampPercent(opts.basePercent);
    this.lastSent = { progressPercentage: this.percent, timeSpentSeconds: this.base };
  }

  /** The page became visible: start counting. */
  show(): void {
    if (this.visibleSince === null) this.visibleSince = this.now();
  }

  /** The page was hidden (tab switched, window minimised): stop counting and write what there is. */
  hide(): void {
    this.stopClock();
    this.flush(false);
  }

  /** The reader got this far (0–100); progress never goes back. */
  reached(percent: number): void {
    this.percent = Math.max(this.percent, clampPercent(percent));
  }

  /** Call regularly (every second): writes once `everyMs` more of visible time has passed. */
  tick(): void {
    if (this.visibleMs() - this.countedAtLastSend >= this.everyMs) this.flush(false);
  }

  /** The reader leaves: a last write if anything changed since the previous one. */
  leave(): void {
    this.stopClock();
    this.flush(true);
  }

  sample(): ProgressSample {
    return { progressPercentage: this.percent, timeSpentSeconds: this.base + Math.floor(this.visibleMs() / 1000) };
  }

  private visibleMs(): number {
    return this.countedMs + (this.visibleSince === null ? 0 : this.now() - this.visibleSince);
  }

  private stopClock(): void {
    if (this.visibleSince === null) return;
    this.countedMs += this.now() - this.visibleSince;
    this.visibleSince = null;
  }

  private flush(leaving: boolean): void {
    const s = this.sample();
    this.countedAtLastSend = this.visibleMs();
    if (s.progressPercentage === this.lastSent.progressPercentage && s.timeSpentSeconds === this.lastSent.timeSpentSeconds) return;
    this.lastSent = s;
    this.send(s, leaving);
  }
}

function clampPercent(p: number): number {
  if (!Number.isFinite(p)) return 0;
  return Math.min(100, Math.max(0, Math.round(p)));
}
