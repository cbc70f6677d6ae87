import { describe, expect, it } from 'vitest';
import { ReadingTracker, type ProgressSample } from './readingTracker';

function setup(base = { baseSeconds: 100, basePercent: 10 }) {
  let t = 0;
  const sent: { sample: ProgressSample; leaving: boolean }[] = [];
  const tracker = new ReadingTracker({ ...base, everyMs: 15_000, now: () => t, send: (sample, leaving) => sent.push({ sample, leaving }) });
  const advance = (ms: number) => {
    // Ticks every second, as the page does.
    for (let i = 0; i < ms / 1000; i++) {
      t += 1000;
      tracker.tick();
    }
  };
  return { tracker, sent, advance };
}

describe('the reading tracker', () => {
  it('writes once per 15 seconds of visible time, adding to what the server had', () => {
    const { tracker, sent, advance } = setup();
    tracker.show();
    advance(14_000);
    expect(sent).toEqual([]);
    advance(1_000);
    expect(sent).toEqual([{ sample: { progressPercentage: 10, timeSpentSeconds: 115 }, leaving: false }]);
    advance(15_000);
    expect(sent.map((s) => s.sample.timeSpentSeconds)).toEqual([115, 130]);
  });

  it('does not count time while the page is hidden, and writes when it is hidden', () => {
    const { tracker, sent, advance } = setup({ baseSeconds: 0, basePercent: 0 });
    tracker.show();
    advance(5_000);
    tracker.hide();
    expect(sent).toEqual([{ sample: { progressPercentage: 0, timeSpentSeconds: 5 }, leaving: false }]);
    advance(60_000);
    expect(sent).toHaveLength(1);
    tracker.show();
    advance(3_000);
    expect(tracker.sample().timeSpentSeconds).toBe(8);
  });

  it('keeps the furthest point read, within 0 to 100', () => {
    const { tracker } = setup({ baseSeconds: 0, basePercent: 30 });
    tracker.reached(20);
    expect(tracker.sample().progressPercentage).toBe(30);
    tracker.reached(64.6);
    expect(tracker.sample().progressPercentage).toBe(65);
    tracker.reached(250);
    expect(tracker.sample().progressPercentage).toBe(100);
    tracker.reached(Number.NaN);
    expect(tracker.sample().progressPercentage).toBe(100);
  });

  it('makes a last write on leaving only when something changed since the previous one', () => {
    const { tracker, sent, advance } = setup({ baseSeconds: 0, basePercent: 0 });
    tracker.show();
    advance(15_000);
    tracker.leave();
    expect(sent).toHaveLength(1);

    const second = setup({ baseSeconds: 0, basePercent: 0 });
    second.tracker.show();
    second.tracker.reached(80);
    second.tracker.leave();
    expect(second.sent).toEqual([{ sample: { progressPercentage: 80, timeSpentSeconds: 0 }, leaving: true }]);
  });

  it('sends nothing for a visit that changed nothing', () => {
    const { tracker, sent } = setup();
    tracker.show();
    tracker.leave();
    expect(sent).toEqual([]);
  });
});
